"""Write answers as a commented YAML answers file a person can read, edit and replay.

``yaml.safe_dump`` cannot write comments, and the comments are the point: each rating names the
skill and the chosen level's title, each knowledge check its question, so the file can be edited
without the rubric open. The text is written by hand and every scalar is emitted so that
:func:`assessor.schema.answers.load_answers` reads back exactly the same :class:`Answers`.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from assessor.schema.answers import Answers
from assessor.schema.rubric import OPTION_LETTERS, Rubric

COMMENT_COLUMN = 34
COMMENT_WIDTH = 120
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")


def dump_answers_yaml(answers: Answers, rubric: Rubric) -> str:
    skills, roles, checks = rubric.skill_map, rubric.role_map, rubric.check_map
    regions = {g.id: g.name for g in rubric.meta.regions}
    out = [
        "# assessor answers file: edit the values, then replay it with",
        "#   assessor assess --answers THIS_FILE",
        "# Levels are 0-4 (`assessor skills` lists each skill's levels); null = skipped / not sure.",
        "# `assessor rubrics schema` describes every field.",
    ]

    def line(key: str, value, comment: str | None = None, indent: int = 0) -> None:
        text = f"{' ' * indent}{_key(key)}: {_scalar(value)}"
        out.append(_with_comment(text, comment))

    line("schema_version", answers.schema_version)
    line("name", answers.name)
    role = roles.get(answers.role) if answers.role else None
    line("role", answers.role, role.name if role else ("not sure: suggest roles" if answers.role is None else None))
    line("mode", answers.mode, "quick: ratings only; full: adds evidence and knowledge checks")
    line("assessed_on", answers.assessed_on, "null = the day it is scored")
    line("region", answers.region, regions.get(answers.region))
    line("cloud", answers.cloud, "aws, azure, gcp or any: which vendors' exams to suggest")
    line("hours_per_week", answers.hours_per_week)
    line("target_date", answers.target_date, "YYYY-MM-DD or null")
    line("notes", answers.notes)

    out.append(_empty("ratings", answers.ratings))
    category = None
    for skill_id in _ordered(answers.ratings, _skill_order(rubric)):
        level = answers.ratings[skill_id]
        skill = skills.get(skill_id)
        if skill is not None and skill.category != category:
            category = skill.category
            out.append(f"  # {rubric.category_map[category].name}" if category in rubric.category_map else "")
        title = "skipped / not sure" if level is None else (
            skill.levels[level].title if skill is not None else None)
        line(skill_id, level, f"{skill.name}: {title}" if skill is not None else title, indent=2)

    out.append(_empty("evidence", answers.evidence))
    evidence_texts = {e.id: e.text for s in rubric.skills for e in s.evidence}
    for skill_id in _ordered(answers.evidence, _skill_order(rubric)):
        ticked = answers.evidence[skill_id]
        name = skills[skill_id].name if skill_id in skills else None
        if not ticked:
            line(skill_id, [], f"{name}: nothing ticked" if name else None, indent=2)
            continue
        out.append(_with_comment(f"  {_key(skill_id)}:", name))
        for evidence_id in ticked:
            out.append(_with_comment(f"    - {_scalar(evidence_id)}", evidence_texts.get(evidence_id)))

    if answers.mode == "quick" and not answers.evidence:
        # Quick mode asks no evidence: list what could be ticked, so the file can be upgraded by hand.
        out.append("  # Evidence you could tick: delete the {} above, uncomment a skill's line, keep the ids you have done.")
        for skill_id in _ordered(answers.ratings, _skill_order(rubric)):
            skill = skills.get(skill_id)
            if skill is None or answers.ratings[skill_id] is None:
                continue
            out.append(f"  # {_key(skill_id)}: [{', '.join(e.id for e in skill.evidence)}]")
            for e in skill.evidence:
                out.append(_with_comment("", f"  {e.id} (level {e.level}): {e.text}", indent=2))

    out.append(_empty("checks", answers.checks))
    if answers.mode == "quick" and not answers.checks:
        out.append("  # Knowledge checks are asked in full mode: `assessor assess --mode full`.")
    for check_id in _ordered(answers.checks, list(checks)):
        letter = answers.checks[check_id]
        if check_id in checks:
            skill, check = checks[check_id]
            out.append(_with_comment("", f"{skill.name}: {check.question}", indent=2))
            index = OPTION_LETTERS.index(letter)
            chosen = check.options[index] if index < len(check.options) else None
            line(check_id, letter, chosen, indent=2)
        else:
            line(check_id, letter, indent=2)

    if answers.checks_skipped:
        out.append("checks_skipped:  # shown and answered \"I don't know\" (counted as wrong)")
        for check_id in answers.checks_skipped:
            out.append(f"  - {_scalar(check_id)}")
    if answers.shuffle_seed is not None:
        line("shuffle_seed", answers.shuffle_seed, "the option shuffle of this run (letters above are as written)")

    out.append(_empty("reflection", answers.reflection))
    questions = {q.id: q.text for q in rubric.reflection}
    for qid in _ordered(answers.reflection, list(questions)):
        line(qid, answers.reflection[qid], questions.get(qid), indent=2)
    return "\n".join(out) + "\n"


def _skill_order(rubric: Rubric) -> list[str]:
    """Category order, as the questionnaire asks them."""
    rank = {c.id: i for i, c in enumerate(rubric.categories)}
    return [s.id for s in sorted(rubric.skills, key=lambda s: rank.get(s.category, len(rank)))]


def _ordered(mapping: dict, order: list[str]) -> list[str]:
    """Rubric order first (how people read it), then anything else in the file's own order."""
    known = [k for k in order if k in mapping]
    return known + [k for k in mapping if k not in set(order)]


def _empty(key: str, mapping: dict) -> str:
    return f"{key}: {{}}" if not mapping else f"{key}:"


def _with_comment(text: str, comment: str | None, indent: int = 0) -> str:
    if not comment:
        return text
    comment = " ".join(str(comment).split())
    if not text:
        body = f"{' ' * indent}# {comment}"
        return body if len(body) <= COMMENT_WIDTH else body[: COMMENT_WIDTH - 1] + "…"
    pad = max(COMMENT_COLUMN - len(text), 1) if len(text) < COMMENT_COLUMN else 2
    body = f"{text}{' ' * pad}# {comment}"
    return body if len(body) <= COMMENT_WIDTH else body[: COMMENT_WIDTH - 1] + "…"


def _key(key: str) -> str:
    return _scalar(key) if isinstance(key, str) else str(key)


def _scalar(value) -> str:
    """One YAML scalar that loads back as exactly ``value`` (so ``yes`` or ``1e3`` stay strings)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A double-quoted YAML string; anything not plainly printable is escaped."""
    parts = ['"']
    for ch in text:
        if ch == '"':
            parts.append('\\"')
        elif ch == "\\":
            parts.append("\\\\")
        elif ch in _ESCAPES:
            parts.append(_ESCAPES[ch])
        elif ch.isprintable():
            parts.append(ch)
        elif ord(ch) <= 0xFFFF:
            parts.append(f"\\u{ord(ch):04x}")
        else:
            parts.append(f"\\U{ord(ch):08x}")
    parts.append('"')
    return "".join(parts)

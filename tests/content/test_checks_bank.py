"""Audit of the whole knowledge-check bank (rubrics/checks/*.yaml): coverage per band, and no cues.

A test-wise reader must not beat the bank: keys may not stand out by length or by wording, no
option may be a catch-all, and no idea may be asked twice in near-identical words. The files are
read as plain YAML (not through the loader), so the audit reports every problem at once.

Each audit is a pure function of a list of checks; the `test_audit_catches_*` tests feed it a
doctored copy of the bank and show that it fails there.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, utils

RUBRIC = Path(__file__).resolve().parents[2] / "rubrics"
LETTERS = "abcdef"
BANDS = ("recognise", "apply", "decide")
MIN_PER_SKILL, MIN_PER_BAND, MIN_SJT = 6, 2, 3
MAX_LONGEST, MAX_SECOND, MAX_GUESSER, MAX_ABSOLUTIST_GAP = 0.30, 0.35, 0.30, 0.05
NEAR_DUPLICATE = 85
# Words that make an option look wrong to a test-wise reader ("never", "only", "cannot"...).
ABSOLUTIST = re.compile(
    r"\b(always|never|only|cannot|can't|nothing|must|none|impossible|guarantee[sd]?)\b", re.IGNORECASE)
CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)


def load_checks(directory: Path = RUBRIC) -> list[dict]:
    checks = []
    for path in sorted((directory / "checks").glob("*.yaml")):
        for check in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("checks") or []:
            checks.append({**check, "_file": path.name})
    return checks


def load_skills(directory: Path = RUBRIC) -> dict[str, str]:
    """skill id -> category id, for every skill file."""
    skills = {}
    for path in sorted((directory / "skills").glob("*.yaml")):
        for skill in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("skills") or []:
            skills[skill["id"]] = skill["category"]
    return skills


def technical_categories(directory: Path = RUBRIC) -> set[str]:
    data = yaml.safe_load((directory / "categories.yaml").read_text(encoding="utf-8"))
    rows = data["categories"] if isinstance(data, dict) else data
    return {c["id"] for c in rows if c.get("technical", c["id"] not in ("workplace", "career"))}


# --- the audits: each returns a list of readable problems (empty = pass) -----------------------

def coverage_problems(checks: list[dict], skills: dict[str, str], technical: set[str]) -> list[str]:
    per = defaultdict(Counter)
    for c in checks:
        per[c["skill"]][c["band"]] += 1
    problems = []
    for skill, category in sorted(skills.items()):
        bands = per[skill]
        if category in technical:
            if sum(bands.values()) < MIN_PER_SKILL or any(bands[b] < MIN_PER_BAND for b in BANDS):
                problems.append(f"{skill}: {dict(bands)} (want >= {MIN_PER_SKILL}, >= {MIN_PER_BAND} per band)")
        elif sum(bands.values()) < MIN_SJT:
            problems.append(f"{skill}: {sum(bands.values())} situational checks (want >= {MIN_SJT})")
    problems += [f"{c['id']}: unknown skill {c['skill']}" for c in checks if c["skill"] not in skills]
    problems += [f"{c['id']}: band {c['band']!r}" for c in checks if c["band"] not in BANDS]
    return problems


def _share(options: list[str], key: int, pool: list[int], rank: int) -> float:
    """The chance that picking the option at length-rank `rank` (0 = longest) in `pool` hits the key,
    ties split evenly (a guesser cannot tell tied options apart)."""
    lengths = sorted({len(options[i]) for i in pool}, reverse=True)
    if rank >= len(lengths):
        return 0.0
    tied = [i for i in pool if len(options[i]) == lengths[rank]]
    return (key in tied) / len(tied)


def length_rates(checks: list[dict]) -> tuple[float, float]:
    """Share of checks whose key is the longest, and the second-longest, option."""
    n = len(checks)
    longest = sum(_share(c["options"], LETTERS.index(c["answer"]), list(range(len(c["options"]))), 0) for c in checks)
    second = sum(_share(c["options"], LETTERS.index(c["answer"]), list(range(len(c["options"]))), 1) for c in checks)
    return longest / n, second / n


def absolutist_rates(checks: list[dict]) -> tuple[float, float]:
    """Share of keys, and of wrong options, that contain an absolutist word."""
    keys = wrong = n_wrong = 0
    for c in checks:
        k = LETTERS.index(c["answer"])
        for i, option in enumerate(c["options"]):
            hit = bool(ABSOLUTIST.search(option))
            if i == k:
                keys += hit
            else:
                wrong += hit
                n_wrong += 1
    return keys / len(checks), wrong / n_wrong


def guesser_score(checks: list[dict]) -> float:
    """A scripted test-wise reader: strike options with absolutist words, then take the
    second-longest of the rest (the longest if one is left). Expected share right."""
    total = 0.0
    for c in checks:
        options, key = c["options"], LETTERS.index(c["answer"])
        pool = [i for i, o in enumerate(options) if not ABSOLUTIST.search(o)] or list(range(len(options)))
        total += _share(options, key, pool, 1 if len(pool) > 1 else 0)
    return total / len(checks)


def near_duplicates(checks: list[dict], limit: int = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    stems = [utils.default_process(c["question"]) for c in checks]
    pairs = []
    for i in range(len(checks)):
        for j in range(i + 1, len(checks)):
            score = fuzz.token_set_ratio(stems[i], stems[j], processor=None, score_cutoff=limit)
            if score:
                pairs.append((checks[i]["id"], checks[j]["id"], round(score)))
    return pairs


def form_problems(checks: list[dict]) -> list[str]:
    problems = []
    for c in checks:
        options = c.get("options") or []
        letters = set(LETTERS[:len(options)])
        if len(options) != 4:
            problems.append(f"{c['id']}: {len(options)} options (want 4)")
        wrong = letters - {c["answer"]}
        explained = {k for k, v in (c.get("distractors") or {}).items() if str(v).strip()}
        if wrong - explained:
            problems.append(f"{c['id']}: no distractor note for {sorted(wrong - explained)}")
        if explained - wrong:
            problems.append(f"{c['id']}: distractor note for the key or a missing option {sorted(explained - wrong)}")
        if not str(c.get("explanation") or "").strip():
            problems.append(f"{c['id']}: no explanation")
        problems += [f"{c['id']}: catch-all option {o!r}" for o in options if CATCH_ALL.search(o)]
    ids = Counter(c["id"] for c in checks)
    problems += [f"{i}: id used {n} times" for i, n in ids.items() if n > 1]
    return problems


# --- the bank passes them ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bank() -> list[dict]:
    return load_checks()


def test_every_skill_has_enough_checks_in_every_band(bank):
    assert coverage_problems(bank, load_skills(), technical_categories()) == []


def test_every_check_is_complete_and_has_no_catch_all_option(bank):
    assert form_problems(bank) == []


def test_the_key_does_not_stand_out_by_length(bank):
    longest, second = length_rates(bank)
    assert longest <= MAX_LONGEST and second <= MAX_SECOND, f"longest {longest:.1%}, second-longest {second:.1%}"


def test_absolutist_words_do_not_mark_the_wrong_options(bank):
    keys, wrong = absolutist_rates(bank)
    assert wrong - keys <= MAX_ABSOLUTIST_GAP, f"keys {keys:.1%}, wrong options {wrong:.1%}"


def test_a_test_wise_guesser_does_not_beat_the_bank(bank):
    assert guesser_score(bank) <= MAX_GUESSER


def test_no_two_stems_are_near_duplicates_anywhere_in_the_bank(bank):
    assert near_duplicates(bank) == []


# --- and each audit fails on a doctored bank ----------------------------------------------------

def _key_to(check: dict, make) -> dict:
    c = copy.deepcopy(check)
    k = LETTERS.index(c["answer"])
    c["options"][k] = make(c["options"], k)
    return c


def test_audit_catches_missing_bands(bank):
    skills, technical = load_skills(), technical_categories()
    skill = next(s for s, cat in skills.items() if cat in technical)
    assert any(p.startswith(f"{skill}:") for p in coverage_problems(
        [c for c in bank if not (c["skill"] == skill and c["band"] == "decide")], skills, technical))
    workplace = next((s for s, cat in skills.items() if cat not in technical), None)
    if workplace:
        assert any(p.startswith(f"{workplace}:") for p in coverage_problems(
            [c for c in bank if c["skill"] != workplace], skills, technical))


def test_audit_catches_long_keys(bank):
    doctored = [_key_to(c, lambda o, k: max(o, key=len) + " in practice") for c in bank]
    assert length_rates(doctored)[0] > MAX_LONGEST
    def second(o, k):
        longest = max(len(x) for i, x in enumerate(o) if i != k)
        return "x" * (longest - 1) if longest > 1 else o[k]
    assert length_rates([_key_to(c, second) for c in bank])[1] > MAX_SECOND
    assert guesser_score([_key_to(c, second) for c in bank]) > MAX_GUESSER


def test_audit_catches_absolutist_wrong_options(bank):
    doctored = copy.deepcopy(bank)
    for c in doctored[: len(doctored) // 4]:
        k = LETTERS.index(c["answer"])
        c["options"] = [o if i == k else f"It never works: {o}" for i, o in enumerate(c["options"])]
    assert absolutist_rates(doctored)[1] - absolutist_rates(doctored)[0] > MAX_ABSOLUTIST_GAP


def test_audit_catches_a_reworded_copy_and_a_catch_all(bank):
    twin = copy.deepcopy(bank[0])
    twin["id"] += "_twin"
    twin["question"] = "So, " + twin["question"].lower()
    assert near_duplicates([bank[0], twin]) == [(bank[0]["id"], twin["id"], 100)]
    assert near_duplicates(bank[:1] + [bank[-1]]) == []
    bad = copy.deepcopy(bank[0])
    wrong = next(k for k in LETTERS[:4] if k != bad["answer"])
    bad["options"][LETTERS.index(wrong)] = "All of the above"
    bad.setdefault("distractors", {}).pop(wrong, None)
    problems = form_problems([bad])
    assert any("catch-all" in p for p in problems) and any("no distractor note" in p for p in problems)

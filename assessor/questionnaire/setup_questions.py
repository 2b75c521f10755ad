"""The questions before the skills: name, career stage and role, region, cloud, hours, target date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessor.questionnaire.model import (
    CLOUD, CLOUDS, HOURS, HOURS_CHOICES, NAME, OTHER_DATE, REGION, ROLE, ROLE_STAGE, TARGET,
    TARGET_MONTHS, TARGET_OTHER, Option, Question, Setup, _experience, _future_date, _last, _num,
    _pick, _select, add_months, parse_name, parse_target_date,
)
from assessor.schema.answers import DEFAULT_HOURS_PER_WEEK


def chosen_role(setup: Setup, answered: Mapping[str, Any]) -> str | None:
    if setup.fixed_role is not None:
        return setup.fixed_role
    value = answered.get(ROLE)
    role = setup.rubric.role_map.get(value) if isinstance(value, str) else None
    if role is None:
        return None
    if ROLE_STAGE in answered and answered[ROLE_STAGE] != role.stage:
        return None  # the stage was changed after the role was picked: that role no longer holds
    return role.id


def intro_questions(setup: Setup, answered: Mapping[str, Any]) -> list[Question]:
    prev = setup.previous
    name_default = _pick(answered, NAME, (prev.name if prev else None) or setup.login_name or "",
                         lambda v: isinstance(v, str))
    out = [Question(NAME, "text", "Your name (printed on the plan; leave empty for none)",
                    default=name_default, parse=parse_name)]
    if setup.fixed_role is None:
        out.append(stage_question(setup, answered))
        stage = answered.get(ROLE_STAGE)
        if isinstance(stage, str) and stage in setup.rubric.stage_map:
            out.append(role_question(setup, answered, stage))
    out += [region_question(setup, answered), cloud_question(setup, answered),
            hours_question(setup, answered)]
    out += target_questions(setup, answered)
    return out


def stage_question(setup: Setup, answered) -> Question:
    """The career stage first: twenty roles in one list would not fit a terminal."""
    r, prev = setup.rubric, setup.previous
    options = []
    for stage in sorted(r.career.ladder, key=lambda s: s.rank):
        names = [role.name for role in r.roles if role.stage == stage.id]
        if names:
            options.append(Option(stage.name.split(" (")[0], stage.id, ", ".join(names)))
    options.append(Option("I'm not sure", None,
                          "Rate the skills most AI roles share and get role suggestions."))
    known = prev is not None and prev.role in r.role_map
    return _select(ROLE_STAGE, "Which career stage are you aiming for?", options, answered,
                   r.role(prev.role).stage if known else None,
                   last_time=_last(r.stage_map[r.role(prev.role).stage].name.split(" (")[0]
                                   if known else "not sure") if prev else None)


def role_question(setup: Setup, answered, stage: str) -> Question:
    r, prev = setup.rubric, setup.previous
    roles = [Option(f"{role.name} · {role.seniority}", role.id,
                    f"{role.focus} · {_experience(role)}")
             for role in r.roles if role.stage == stage]
    roles.append(Option("I'm not sure", None,
                        "Rate the skills most AI roles share and get role suggestions."))
    known = prev is not None and prev.role in r.role_map
    return _select(ROLE, "Which role are you aiming for?", roles, answered,
                   prev.role if known else None,
                   last_time=_last(r.role(prev.role).name if known else "not sure") if prev else None)


def region_question(setup: Setup, answered) -> Question:
    regions, prev = setup.rubric.meta.regions, setup.previous
    ids = [g.id for g in regions]
    neutral = (setup.region_hint if setup.region_hint in ids
               else "us" if "us" in ids else ids[0])
    last = prev.region if prev and prev.region in ids else None
    return _select(REGION, "Where do you work? (for salary figures)",
                   [Option(f"{g.name} ({g.currency})", g.id) for g in regions], answered,
                   last or neutral,
                   last_time=_last({g.id: g.name for g in regions}.get(last)) if prev else None)


def cloud_question(setup: Setup, answered) -> Question:
    """Asked once per run; a rerun offers the last answer. "any" claims nothing."""
    prev = setup.previous
    names = {value: title for title, value, _ in CLOUDS}
    last = prev.cloud if prev and prev.cloud in names else None
    return _select(CLOUD, "Which cloud do you work in? (for certification advice)",
                   [Option(title, value, description) for title, value, description in CLOUDS],
                   answered, last or "any", last_time=_last(names.get(last)) if prev else None)


def hours_question(setup: Setup, answered) -> Question:
    prev = setup.previous
    hours = sorted(set(HOURS_CHOICES) | ({float(prev.hours_per_week)} if prev else set()))
    options = [Option(f"{_num(h)} hour{'s' if h != 1 else ''} a week", h) for h in hours]
    return _select(HOURS, "How many hours a week can you spend learning?", options, answered,
                   float(prev.hours_per_week) if prev else DEFAULT_HOURS_PER_WEEK,
                   last_time=_last(f"{_num(prev.hours_per_week)} h") if prev else None)


def target_questions(setup: Setup, answered) -> list[Question]:
    """Presets a few months out, or "Another date…", which adds a typed-date question."""
    prev, today = setup.previous, setup.today
    last = prev.target_date if prev and prev.target_date and prev.target_date > today else None
    dates = [Option("No target date", None, "The plan runs at your weekly pace, however long it takes.")]
    for months in TARGET_MONTHS:
        day = add_months(today, months)
        dates.append(Option(f"In {months} months (by {day.isoformat()})", day.isoformat()))
    for extra in (last.isoformat() if last else None, answered.get(TARGET)):
        if (isinstance(extra, str) and extra not in [o.value for o in dates]
                and _future_date(extra, today)):
            dates.append(Option(f"By {extra}", extra))
    dates.append(Option("Another date…", OTHER_DATE, "Type a date (YYYY-MM-DD) next."))
    out = [_select(TARGET, "By when would you like to be ready?", dates, answered,
                   last.isoformat() if last else None,
                   last_time=_last(prev.target_date.isoformat() if prev.target_date else "none")
                   if prev else None)]
    if answered.get(TARGET) == OTHER_DATE:
        out.append(Question(
            TARGET_OTHER, "text", "Target date (YYYY-MM-DD; leave empty to go back)",
            default=_pick(answered, TARGET_OTHER, "", lambda v: isinstance(v, str)),
            parse=lambda text: parse_target_date(text, today)))
    return out

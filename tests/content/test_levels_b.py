"""Ladders in the LLM-engineering, MLOps, architecture, responsible-AI and workplace skill files.

They are read straight from the skill files (through the strict file model, not the whole rubric),
so these rules hold on their own: levels describe what a person can do and has done at that depth,
reputation and coaching stay out of technical levels, the new skills are complete, and every
learning step names one or two resources with an https address.
"""

from __future__ import annotations

import re

import pytest
import yaml

from assessor.paths import bundled
from assessor.schema.rubric_files import SkillsFile

FILES = ("llm_engineering", "mlops", "architecture", "responsible_ai", "workplace")
TECHNICAL = {"llm_engineering", "mlops", "architecture", "responsible_ai"}

NEW_SKILLS = {
    "vector_search": ("llm_engineering", "Embeddings and vector search"),
    "llm_evaluation": ("llm_engineering", "LLM evaluation"),
    "post_training": ("llm_engineering", "Post-training: preference tuning, distillation, synthetic data"),
    "llm_serving": ("mlops", "LLM serving performance (KV cache, batching, quantisation)"),
    "llm_observability": ("mlops", "LLM observability and tracing"),
    "product_management": ("workplace", "AI product management: discovery, requirements, roadmap, metrics"),
}

# Reputation instead of behaviour: what others think of the person, not what the person does.
TEMPLATE = re.compile(
    r"is consulted|consulted on|expert others consult|go-to|works at depth|speaks for itself"
    r"|sought out|is trusted to|is brought in|others are stuck", re.IGNORECASE)
# Seniority inside a technical ladder: coaching belongs to leadership_mentoring.
COACHING = re.compile(r"\b(coach|coaches|coaching|mentor|mentors|mentoring|teach|teaches|teaching)\b",
                      re.IGNORECASE)


def _skills():
    out = []
    for name in FILES:
        path = bundled("rubrics") / "skills" / f"{name}.yaml"
        out += SkillsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).skills
    return out


SKILLS = _skills()
BY_ID = {s.id: s for s in SKILLS}
SOURCE_IDS = {s["id"] for s in yaml.safe_load((bundled("rubrics") / "rubric.yaml").read_text())["sources"]}


@pytest.mark.parametrize("skill_id", sorted(NEW_SKILLS))
def test_new_skill_exists_with_complete_content(skill_id):
    category, name = NEW_SKILLS[skill_id]
    s = BY_ID[skill_id]
    assert (s.category, s.name) == (category, name)
    assert len(s.summary) > 80
    assert [lv.level for lv in s.levels] == [0, 1, 2, 3, 4]
    assert len({lv.descriptor for lv in s.levels}) == 5
    assert 2 <= len(s.evidence) <= 4 and len({e.level for e in s.evidence}) >= 2
    assert all(e.id.startswith(f"{skill_id}_ev_") and e.text.startswith("I have ") for e in s.evidence)
    assert s.prerequisites and set(s.prerequisites) <= {x.id for x in _all_skill_ids()}
    assert [st.to_level for st in s.learning] == [1, 2, 3, 4]
    hours = [st.hours for st in s.learning]
    assert hours == sorted(hours) and all(st.project for st in s.learning)
    assert s.sources and set(s.sources) <= SOURCE_IDS and any(src.startswith("00") for src in s.sources)


def _all_skill_ids():
    out = []
    for path in sorted((bundled("rubrics") / "skills").glob("*.yaml")):
        out += SkillsFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).skills
    return out


def test_evidence_ids_are_unique_in_these_files():
    ids = [e.id for s in SKILLS for e in s.evidence]
    assert len(ids) == len(set(ids))


def test_every_learning_step_names_one_or_two_https_resources():
    for s in SKILLS:
        for st in s.learning:
            assert 1 <= len(st.resources) <= 2, (s.id, st.to_level)
            for r in st.resources:
                assert r.url.startswith("https://") and " " not in r.url, (s.id, r.url)
                assert r.title and r.kind


def test_a_resource_has_one_title_kind_and_price_wherever_it_is_reused():
    seen = {}
    for s in SKILLS:
        for st in s.learning:
            for r in st.resources:
                assert seen.setdefault(r.url, (r.title, r.kind, r.free)) == (r.title, r.kind, r.free), r.url


def test_no_level_text_is_reputation_instead_of_behaviour():
    for s in SKILLS:
        for lv in s.levels:
            text = f"{lv.title} {lv.descriptor}"
            assert not TEMPLATE.search(text), (s.id, lv.level, TEMPLATE.search(text).group())


def test_coaching_stays_out_of_every_ladder_but_leadership():
    for s in SKILLS:
        if s.id == "leadership_mentoring":
            continue
        for lv in s.levels:
            found = COACHING.search(f"{lv.title} {lv.descriptor}")
            assert not found, (s.id, lv.level, found and found.group())


def test_problem_solving_ladder_is_behaviour_not_template():
    levels = {lv.level: lv for lv in BY_ID["problem_solving"].levels}
    assert "root cause" in levels[3].descriptor and "reframing" in levels[4].descriptor
    assert not re.search(r"hardest|highest-stakes|shows peers", " ".join(lv.descriptor for lv in levels.values()))


def test_agents_cover_tool_use_function_calling_and_mcp():
    agents = BY_ID["agents"]
    text = " ".join([agents.name, agents.summary, *(lv.descriptor for lv in agents.levels)])
    for term in ("tool use", "function calling", "MCP", "Model Context Protocol"):
        assert term in text, term
    assert any("modelcontextprotocol.io" in r.url for st in agents.learning for r in st.resources)


def test_guardrails_leave_llm_evaluation_to_its_own_skill():
    g = BY_ID["guardrails"]
    assert g.name == "Hallucination control and guardrails"
    assert "llm_evaluation" in g.prerequisites
    assert not re.search(r"LLM judge|evaluation set|evaluation standards", " ".join(lv.descriptor for lv in g.levels))

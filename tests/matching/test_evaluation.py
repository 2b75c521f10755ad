"""Precision and recall of the extracted skill set on hand-labelled real postings (tests/data/postings)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assessor.matching.extract import AliasIndex, extract
from assessor.paths import bundled
from assessor.schema.loader import load_rubric

POSTINGS = Path(__file__).parents[1] / "data" / "postings"
LABELS = yaml.safe_load((POSTINGS / "labels.yaml").read_text())


@pytest.fixture(scope="module")
def index():
    loaded = load_rubric(bundled("rubrics"))
    return AliasIndex(loaded.aliases, {s.id: s.name for s in loaded.rubric.skills})


def scores(index, name):
    ext = extract((POSTINGS / f"{name}.md").read_text(), index)
    got = {m.skill for m in ext.skills}
    want = set(LABELS[name]["required"]) | set(LABELS[name]["nice"])
    return got, want


def test_overall_precision_and_recall(index):
    tp = fp = fn = 0
    rows = []
    for name in LABELS:
        got, want = scores(index, name)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        rows.append(f"{name}: P={len(got & want) / max(len(got), 1):.2f} R={len(got & want) / len(want):.2f} "
                    f"extra={sorted(got - want)} missed={sorted(want - got)}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print("\n".join(rows), f"\noverall P={precision:.3f} R={recall:.3f}")
    assert precision >= 0.85 and recall >= 0.80, "\n".join(rows)


def test_nice_to_have_sections_are_not_required(index):
    ext = extract((POSTINGS / "cv_engineer.md").read_text(), index)
    req = {m.skill: m.required for m in ext.skills}
    assert req["computer_vision"] is True
    assert req["cloud_platforms"] is False and req["open_source"] is False

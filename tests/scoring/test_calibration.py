"""The calibration rule by hand: self-rating + evidence + the band estimate -> counted level."""

from __future__ import annotations

import pytest

from assessor.scoring import bands
from assessor.scoring.calibration import SkillInput, calibrate, claimed_level

CALIBRATION_TABLE = [
    # rated, evidence asked, evidence level, checks (level, right), expected level, confidence
    (3, False, 0, (), 3, "self-reported"),             # quick mode / not verified: self-rating only
    (0, False, 0, (), 0, "self-reported"),             # never "high" without anything asked
    (3, True, 1, (), 2, "low"),                        # evidence caps a claim at evidence + 1
    (4, True, 0, (), 1, "low"),                        # no evidence at all: at most 1
    (1, True, 3, (), 2, "medium"),                     # under-rating raised by one level
    (3, True, 3, ((3, True), (3, True)), 3, "high"),   # backed by evidence and checks
    (3, True, 3, ((3, False), (2, False), (2, False), (1, True)), 2, "low"),  # checks disagree
    (2, True, 2, ((2, None), (1, False), (1, False)), 1, "low"),  # "I don't know" counts as wrong
    (2, True, 2, ((3, True),) * 4, 2, "medium"),   # above the claim: not sure enough to raise
    (2, True, 3, ((3, True),) * 4, 3, "high"),     # evidence lifts it and the checks back that
    (None, True, 2, (), 1, "low"),                     # skipped = rated 0; evidence lifts it one level
    (None, False, 0, (), 0, "low"),                    # skipped, nothing known
]


@pytest.mark.parametrize("rated,ev_asked,ev,checks,expected,confidence", CALIBRATION_TABLE)
def test_calibration_table(rubric, rated, ev_asked, ev, checks, expected, confidence):
    score_, adj = calibrate(rubric.skill("python"), SkillInput(rated, True, ev_asked, ev, checks,
                                                                has_checks=True))
    assert (score_.current, score_.confidence) == (expected, confidence), adj.reason
    assert adj.adjusted == (rated is not None and rated != expected)
    assert str(expected) in adj.reason
    assert score_.checks_asked == len(checks)
    assert score_.checks_right == sum(1 for _, r in checks if r is True)
    assert (score_.band is None) == (not checks)


def test_reason_reads_like_the_readme_example(rubric):
    _, adj = calibrate(rubric.skill("python"), SkillInput(
        3, True, True, 3, ((2, False), (2, True), (2, False), (2, False))))
    assert adj.reason == ("rated 3; 1 of 4 'apply' checks right; checks point to 'recognise' "
                          "(54% sure): counted as 1, checks disagree, low confidence"), adj.reason


def test_prior_alone_never_moves_the_claimed_level():
    """What keeps scoring monotonic: with no answers, the rule is a no-op at every claim."""
    for claim in range(5):
        post = bands.prior(claim)
        assert bands.BAND_BOTTOM[bands.lower_band(post)] <= claim <= bands.BAND_TOP[bands.upper_band(post)]


def test_a_right_answer_never_lowers_and_a_higher_claim_never_lowers(rubric):
    skill = rubric.skill("python")
    answers = [(lv, r) for lv in (1, 2, 3) for r in (True, False, None)]
    import itertools
    for rated in range(5):
        for ev in range(5):
            for checks in itertools.combinations(answers, 2):
                base = calibrate(skill, SkillInput(rated, True, True, ev, checks))[0].current
                more = calibrate(skill, SkillInput(rated, True, True, ev, (*checks, (2, True))))[0].current
                assert more >= base, (rated, ev, checks)
                if rated < 4:
                    up = calibrate(skill, SkillInput(rated + 1, True, True, ev, checks))[0].current
                    assert up >= base, (rated, ev, checks)
    assert claimed_level(None, True, 0) == claimed_level(0, True, 0)

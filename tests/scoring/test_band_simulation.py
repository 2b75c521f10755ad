"""Honest confidence, shown by simulation.

Simulated respondents have a known true band, drawn from the prior of their claim (the model's own
assumption: self-ratings are right about half the time and over-rate more often than under-rate).
Each skill has a bank of 6 checks, 2 per band, whose true band is one off the author's tag 10% of
the time each way; respondents answer with the item-response probabilities of ``bands.py``. The
real adaptive selection, stop rule and posterior run on them. When the tool reports
``band_probability`` p it must be right about p of the time (each bucket within 10 points).
``python -m tests.scoring.test_band_simulation`` prints the README table.
"""

from __future__ import annotations

import random

from assessor.scoring import bands

BUCKETS = ((0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.01))


def bank(rng: random.Random, per_band: int = 2):
    items, truth = [], {}
    for band in (1, 2, 3):
        for k in range(per_band):
            spread = bands.tag_spread(band)
            item = bands.Item(f"{band}-{k}", band)
            truth[item.id] = rng.choices(list(spread), weights=list(spread.values()))[0]
            items.append(item)
    rng.shuffle(items)
    return items, truth


def simulate(n: int, seed: int, *, max_checks=bands.MAX_CHECKS, stop=bands.STOP_PROBABILITY):
    """[(checks asked, band right, reported probability)] for ``n`` respondents."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        claim = rng.randint(1, 4)
        true_band = rng.choices(range(4), weights=bands.prior(claim))[0]
        items, truth = bank(rng)
        asked, post, _ = bands.run_adaptive(
            claim, items, lambda it: rng.random() < bands.p_right_true(true_band, truth[it.id]),
            max_checks=max_checks, stop=stop)
        band, p = bands.estimate(post)
        out.append((len(asked), band == true_band, p))
    return out


def accuracy(rows) -> float:
    return sum(r[1] for r in rows) / len(rows)


def test_reported_band_probability_is_calibrated():
    rows = simulate(6000, seed=13)
    for low, high in BUCKETS:
        inside = [r for r in rows if low <= r[2] < high]
        if len(inside) < 200:
            continue
        said = sum(r[2] for r in inside) / len(inside)
        assert abs(accuracy(inside) - said) <= 0.10, (low, high, said, accuracy(inside))
    assert accuracy(rows) > accuracy(simulate(3000, seed=14, max_checks=0)), "checks add accuracy"
    assert sum(r[0] for r in rows) / len(rows) <= bands.MAX_CHECKS


def test_a_miscalibrated_model_would_fail():
    """The bucket test can fail: an over-confident report (p pushed toward 1) is caught."""
    rows = [(n, right, min(1.0, p + 0.2)) for n, right, p in simulate(3000, seed=15)]
    gaps = []
    for low, high in BUCKETS:
        inside = [r for r in rows if low <= r[2] < high]
        if len(inside) >= 200:
            gaps.append(abs(accuracy(inside) - sum(r[2] for r in inside) / len(inside)))
    assert max(gaps) > 0.10


def curve(n: int = 3000) -> list[str]:
    lines = ["| checks per skill | band accuracy |", "|---|---|"]
    for k in range(0, 7):
        lines.append(f"| {k} (fixed) | {accuracy(simulate(n, 100 + k, max_checks=k, stop=1.1)):.0%} |")
    for stop in (0.7, 0.8, 0.9):
        for mx in (3, 4, 6):
            rows = simulate(n, 200 + int(stop * 10) + mx, max_checks=mx, stop=stop)
            mean = sum(r[0] for r in rows) / len(rows)
            lines.append(f"| stop at {stop:.0%} or {mx}: {mean:.1f} on average | {accuracy(rows):.0%} |")
    return lines


if __name__ == "__main__":
    print("\n".join(curve()))
    rows = simulate(6000, seed=13)
    for low, high in BUCKETS:
        inside = [r for r in rows if low <= r[2] < high]
        if not inside:
            continue
        said = sum(r[2] for r in inside) / len(inside)
        print(f"reported {low:.0%}-{min(high, 1):.0%}: n={len(inside)} said {said:.0%} right {accuracy(inside):.0%}")
    print(f"overall accuracy {accuracy(rows):.1%}, mean checks {sum(r[0] for r in rows) / len(rows):.2f}")

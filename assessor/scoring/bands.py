"""The band estimate: a small Bayesian model over four bands per skill, and adaptive item choice.

Knowledge checks verify a *band*, not a level (see ``assessment-method.md``): none (level 0),
recognise (level 1), apply (level 2), decide (levels 3-4). For each skill the estimate is a
probability for each band:

* **prior**: centred on the claimed level (the self-rating after the evidence rule, see
  ``calibration.claimed_level``), with more room below the claim than above it, because people
  over-rate more often than they under-rate;
* **likelihood** of each answer: an item-response model on the band scale. A person of band ``b``
  knows an item of band ``j`` with probability ``logistic(SLOPE * (b - j + 0.5))`` and otherwise
  guesses one of four options (``GUESS = 0.25``). Item bands are the author's tags, which may be one
  band off; the model says so by spreading each tag over the neighbouring bands (``MISFIT``).
  "I don't know" counts as a wrong answer.

Item choice is adaptive: the first check of a skill is at the claimed band, each next one is the
check whose answer is expected to leave the least uncertainty (posterior entropy), and asking
stops once one band reaches ``STOP_PROBABILITY`` or after ``MAX_CHECKS``. The figures behind the
choice of stop rule are in the README (``tests/scoring/test_band_simulation.py`` computes them).

Nothing here knows about the rubric's models: items are (id, band) pairs, so the questionnaire,
scoring and the simulation share exactly this code.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BANDS = ("none", "recognise", "apply", "decide")
BAND_INDEX = {name: i for i, name in enumerate(BANDS)}
BAND_BOTTOM = (0, 1, 2, 3)   # lowest level inside each band
BAND_TOP = (0, 1, 2, 4)      # highest level inside each band
GUESS = 0.25
SLOPE = 2.0
MISFIT = 0.1                 # chance that an item's tag is one band too low (and, again, too high)
# Log-concave, so a higher claim shifts the whole prior up (what keeps scoring monotonic).
PRIOR_WEIGHT = {0: 1.0, -1: 0.45, -2: 0.15, -3: 0.05, 1: 0.2, 2: 0.04, 3: 0.008}
STOP_PROBABILITY = 0.8       # stop asking about a skill once one band is this probable
MAX_CHECKS = 4               # ... or after this many checks
RULE_PROBABILITY = 0.75      # how sure the checks must be before they move a counted level
SEEN_PENALTY = 0.05          # bits: a check seen in the last run is asked only if clearly better

Posterior = tuple[float, float, float, float]


@dataclass(frozen=True)
class Item:
    id: str
    band: int          # 1 recognise, 2 apply, 3 decide (the author's tag)
    seen: bool = False  # asked in the previous run


def band_of_level(level: int) -> int:
    return min(max(level, 0), 3)


def p_right_true(person: int, item: int) -> float:
    """Probability of a right answer when the item's band really is ``item``."""
    know = 1.0 / (1.0 + math.exp(-SLOPE * (person - item + 0.5)))
    return GUESS + (1.0 - GUESS) * know


def tag_spread(tagged: int) -> dict[int, float]:
    """What band an item tagged ``tagged`` really is: the tag, or one band off."""
    out = {tagged: 1.0 - 2 * MISFIT}
    for t in (tagged - 1, tagged + 1):
        key = t if 1 <= t <= 3 else tagged
        out[key] = out.get(key, 0.0) + MISFIT
    return out


def p_right(person: int, tagged: int) -> float:
    """Probability of a right answer to an item tagged ``tagged`` (tag error included)."""
    return sum(w * p_right_true(person, t) for t, w in tag_spread(tagged).items())


_P_RIGHT = {(b, j): p_right(b, j) for b in range(4) for j in range(1, 4)}


def prior(claimed: int) -> Posterior:
    """The prior over bands for a claimed level (0-4)."""
    c = band_of_level(claimed)
    weights = [PRIOR_WEIGHT[b - c] for b in range(4)]
    total = sum(weights)
    return tuple(w / total for w in weights)  # type: ignore[return-value]


def update(post: Sequence[float], item_band: int, right: bool) -> Posterior:
    joint = [p * (_P_RIGHT[(b, item_band)] if right else 1.0 - _P_RIGHT[(b, item_band)])
             for b, p in enumerate(post)]
    total = sum(joint)
    return tuple(x / total for x in joint)  # type: ignore[return-value]


def posterior(claimed: int, responses: Iterable[tuple[int, bool]]) -> Posterior:
    post = prior(claimed)
    for item_band, right in responses:
        post = update(post, item_band, right)
    return post


def estimate(post: Sequence[float]) -> tuple[int, float]:
    """The most probable band and its probability."""
    best = max(range(4), key=lambda b: (post[b], -b))
    return best, post[best]


def upper_band(post: Sequence[float], t: float = RULE_PROBABILITY) -> int:
    """The lowest band k with P(band <= k) >= t: the checks say "at most k" this surely."""
    total = 0.0
    for b, p in enumerate(post):
        total += p
        if total >= t - 1e-12:
            return b
    return 3


def lower_band(post: Sequence[float], t: float = RULE_PROBABILITY) -> int:
    """The highest band k with P(band >= k) >= t: the checks say "at least k" this surely."""
    total = 0.0
    for b in range(3, -1, -1):
        total += post[b]
        if total >= t - 1e-12:
            return b
    return 0


def entropy(post: Sequence[float]) -> float:
    return -sum(p * math.log2(p) for p in post if p > 0)


def expected_entropy(post: Sequence[float], item_band: int) -> float:
    right = sum(p * _P_RIGHT[(b, item_band)] for b, p in enumerate(post))
    return (right * entropy(update(post, item_band, True))
            + (1 - right) * entropy(update(post, item_band, False)))


def should_stop(post: Sequence[float], asked: int, max_checks: int = MAX_CHECKS,
                stop: float = STOP_PROBABILITY) -> bool:
    return asked >= max_checks or (asked > 0 and max(post) >= stop)


def choose_next(post: Sequence[float], items: Sequence[Item], start_band: int,
                asked: int) -> Item | None:
    """The next check for a skill, or None when none is left.

    ``items`` are the checks not yet asked in this run, in preference order (the caller orders
    them by a seeded shuffle, so ties vary between runs). The first check is at ``start_band``
    (the nearest band that has one); later ones minimise the expected posterior entropy.
    """
    if not items:
        return None
    if asked == 0:
        start = min(max(start_band, 1), 3)
        return min(items, key=lambda it: (abs(it.band - start), it.seen, it.band < start))
    return min(items, key=lambda it: expected_entropy(post, it.band) + (SEEN_PENALTY if it.seen else 0.0))


def run_adaptive(claimed: int, items: Sequence[Item], answer, *, start_band: int | None = None,
                 max_checks: int = MAX_CHECKS, stop: float = STOP_PROBABILITY):
    """Ask adaptively until the stop rule holds; ``answer(item)`` returns True/False, or None
    when the answer is not known yet (the questionnaire waits for it).

    Returns (asked items, posterior, finished): ``finished`` is False when ``answer`` returned None
    for the last asked item (which then has no answer in the posterior).
    """
    post = prior(claimed)
    left = list(items)
    asked: list[Item] = []
    start = band_of_level(claimed) if start_band is None else start_band
    while not should_stop(post, len(asked), max_checks, stop):
        item = choose_next(post, left, start, len(asked))
        if item is None:
            break
        left.remove(item)
        asked.append(item)
        right = answer(item)
        if right is None:
            return asked, post, False
        post = update(post, item.band, bool(right))
    return asked, post, True

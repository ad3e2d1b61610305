"""Score 0–100: the weighted sum of the criteria, with its breakdown.

Weights are normalised so that a pair that fits on every criterion scores 100 whatever
the program's weights add up to. Scores are kept as integer milli-points (see
`optimiser.SCALE`) from here on, so the optimiser and the report agree to the digit.
For peers the score is symmetric: the mean of both directions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .criteria import CRITERIA, Direction
from .features import Encoder, Features
from .optimiser import SCALE
from .participants import Participant, Weights


def _points_per_criterion(weights: Weights) -> np.ndarray:
    """Points each criterion is worth at full fit (they add up to 100)."""
    raw = np.array([getattr(weights, c.name) for c in CRITERIA], dtype=np.float64)
    return 100 * raw / raw.sum()


def _one_way(a: Features, b: Features, worth: np.ndarray, direction: Direction) -> np.ndarray:
    total = np.zeros((len(a), len(b)), dtype=np.float64)
    for criterion, points in zip(CRITERIA, worth):
        if points > 0:
            total += points * criterion.fit(a, b, direction)
    return total


def score_block(a: Features, b: Features, weights: Weights, direction: Direction) -> np.ndarray:
    """(len(a), len(b)) int64 scores in milli-points for every mentee row × mentor column."""
    worth = _points_per_criterion(weights)
    total = _one_way(a, b, worth, direction)
    if direction is Direction.PEERS:
        total = (total + _one_way(b, a, worth, direction).T) / 2
    return np.rint(total * SCALE).astype(np.int64)


@dataclass(frozen=True)
class CriterionPoints:
    criterion: str
    points: float
    max_points: float
    sentence: str


@dataclass(frozen=True)
class Score:
    """One pair's score and why: the criteria sorted by the points they brought."""

    score: float
    breakdown: tuple[CriterionPoints, ...]

    def top_reasons(self, count: int = 3) -> list[str]:
        """The sentences behind the most points: "why this match" in a few lines."""
        return [c.sentence for c in self.breakdown[:count] if c.points > 0]


def score(mentee: Participant, mentor: Participant, weights: Weights | None = None,
          direction: Direction = Direction.MENTOR_SENIOR, encoder: Encoder | None = None) -> Score:
    """Score one pair with its breakdown (the same numbers the optimiser used)."""
    weights = weights or Weights()
    encoder = encoder or Encoder([mentee, mentor])
    a, b = encoder.encode([mentee]), encoder.encode([mentor])
    worth = _points_per_criterion(weights)
    fits = np.array([float(c.fit(a, b, direction)[0, 0]) for c in CRITERIA])
    if direction is Direction.PEERS:
        fits = (fits + np.array([float(c.fit(b, a, direction)[0, 0]) for c in CRITERIA])) / 2
    items = [
        CriterionPoints(c.name, round(float(w * f), 2), round(float(w), 2), c.sentence(mentee, mentor, direction))
        for c, w, f in zip(CRITERIA, worth, fits)
        if w > 0
    ]
    items.sort(key=lambda item: (-item.points, item.criterion))
    return Score(int(score_block(a, b, weights, direction)[0, 0]) / SCALE, tuple(items))

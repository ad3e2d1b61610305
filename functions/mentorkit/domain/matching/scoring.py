"""Score 0–100: the weighted sum of the criteria, with its breakdown.

Weights are normalised so that a pair that fits on every criterion scores 100 whatever
the program's weights add up to. Scores are kept as integer milli-points (see
`optimiser.SCALE`) from here on, so the optimiser and the report agree to the digit,
and each breakdown adds up to its score exactly. For peers the score is symmetric:
the mean of both directions.

Chosen pairs are explained in blocks: the same vectorised fits that ranked them are
evaluated on small aligned chunks, and only the sentences are built pair by pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .criteria import CRITERIA, NEUTRAL, Context, Direction
from .features import Encoder, Features
from .optimiser import SCALE
from .participants import Participant, Weights
from .voice import COORDINATOR, MENTEE, MENTOR, PEER_COORDINATOR, PEER_FIRST, PEER_SECOND, Voice

REASONS = 3
"""Sentences in a "why this match" list."""
_CHUNK = 256
"""Pairs explained at once: a 256 × 256 block per criterion, of which the diagonal is kept."""


def _points_per_criterion(weights: Weights) -> np.ndarray:
    """Points each criterion is worth at full fit (they add up to 100)."""
    raw = np.array([getattr(weights, c.name) for c in CRITERIA], dtype=np.float64)
    return 100 * raw / raw.sum()


def _one_way(a: Features, b: Features, worth: np.ndarray, direction: Direction) -> np.ndarray:
    """Points per pair in float32: 24 bits hold 100 points to a hundredth of a milli-point,
    and every pair's sum is taken in the same order, so a score never depends on its block."""
    total = np.zeros((len(a), len(b)), dtype=np.float32)
    for criterion, points in zip(CRITERIA, worth):
        if points > 0:
            total += np.float32(points) * criterion.fit(a, b, direction)
    return total


def score_block(a: Features, b: Features, weights: Weights, direction: Direction) -> np.ndarray:
    """(len(a), len(b)) int32 scores in milli-points for every mentee row × mentor column."""
    worth = _points_per_criterion(weights)
    total = _one_way(a, b, worth, direction)
    if direction is Direction.PEERS:
        total = (total + _one_way(b, a, worth, direction).T) / 2
    return np.rint(total * np.float32(SCALE)).astype(np.int32)


def _pair_fits(a: Features, b: Features, rows: np.ndarray, cols: np.ndarray, weights: Weights,
               direction: Direction) -> tuple[np.ndarray, np.ndarray]:
    """(pairs, criteria) fits and (pairs,) milli-scores of aligned pairs rows[k] × cols[k]."""
    fits = np.zeros((len(rows), len(CRITERIA)), dtype=np.float64)
    scores = np.zeros(len(rows), dtype=np.int64)
    for start in range(0, len(rows), _CHUNK):
        r, c = rows[start:start + _CHUNK], cols[start:start + _CHUNK]
        fa, fb = a.take(r), b.take(c)
        for k, criterion in enumerate(CRITERIA):
            fit = np.diagonal(criterion.fit(fa, fb, direction)).astype(np.float64)
            if direction is Direction.PEERS:
                fit = (fit + np.diagonal(criterion.fit(fb, fa, direction))) / 2
            fits[start:start + len(r), k] = fit
        scores[start:start + len(r)] = np.diagonal(score_block(fa, fb, weights, direction))
    return fits, scores


def _apportion(points: np.ndarray, total_milli: int) -> np.ndarray:
    """Milli-points per criterion, each within 1 of the exact value, adding up to the total.

    Largest remainders: round down, then hand the missing milli-points to the criteria
    whose exact value was rounded down the most.
    """
    exact = points * SCALE
    milli = np.floor(exact).astype(np.int64)
    short = int(total_milli - milli.sum())
    order = np.argsort(-(exact - milli), kind="stable")
    if short >= 0:
        milli[order[:short]] += 1
    else:
        milli[order[::-1][:-short]] -= 1
    return milli


@dataclass(frozen=True)
class CriterionPoints:
    criterion: str
    points: float
    max_points: float
    sentence: str


@dataclass(frozen=True)
class Score:
    """One pair's score and why: the criteria sorted by the points they brought.

    `reasons_for_mentee` and `reasons_for_mentor` say the same in the second person,
    for the two people themselves.
    """

    score: float
    breakdown: tuple[CriterionPoints, ...]
    reasons: tuple[str, ...] = ()
    reasons_for_mentee: tuple[str, ...] = ()
    reasons_for_mentor: tuple[str, ...] = ()

    def top_reasons(self, count: int = REASONS) -> list[str]:
        """"Why this match" in a few lines: the criteria that fit better than a blank would,
        most points first (or the single best one when none does)."""
        return list(self.reasons[:count])


class Explainer:
    """Breakdowns and reasons for many pairs of one cohort, computed in blocks."""

    def __init__(self, encoder: Encoder, a: Features, b: Features, weights: Weights, direction: Direction):
        self.encoder, self.a, self.b = encoder, a, b
        self.weights, self.direction = weights, direction
        self.worth = _points_per_criterion(weights)
        peers = direction is Direction.PEERS
        self.voices: tuple[Voice, Voice, Voice] = (
            (PEER_COORDINATOR, PEER_FIRST, PEER_SECOND) if peers else (COORDINATOR, MENTEE, MENTOR))

        self.contexts = [Context(direction, v, encoder.words_of, encoder.offer_words) for v in self.voices]
        self._said: dict[tuple, str] = {}

    def _sentence(self, k: int, voice: int, mentee: Participant, mentor: Participant) -> str:
        """Criterion k's sentence in a voice, written once per combination of what it reads."""
        criterion = CRITERIA[k]
        if criterion.reads is None:
            return criterion.sentence(mentee, mentor, self.contexts[voice])
        key = (k, voice, *(_hashable(getattr(mentee, f)) for f in criterion.reads[0]),
               *(_hashable(getattr(mentor, f)) for f in criterion.reads[1]))
        text = self._said.get(key)
        if text is None:
            text = self._said[key] = criterion.sentence(mentee, mentor, self.contexts[voice])
        return text

    def scores(self, mentees: Sequence[Participant], mentors: Sequence[Participant], rows: np.ndarray,
               cols: np.ndarray) -> list[Score]:
        """A Score per aligned pair (mentees[rows[k]], mentors[cols[k]])."""
        rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
        fits, milli = _pair_fits(self.a, self.b, rows, cols, self.weights, self.direction)
        used = [k for k, w in enumerate(self.worth) if w > 0]
        out: list[Score] = []
        for pair, (row, col) in enumerate(zip(rows.tolist(), cols.tolist())):
            mentee, mentor = mentees[row], mentors[col]
            parts = _apportion(self.worth[used] * fits[pair, used], int(milli[pair]))
            order = sorted(range(len(used)), key=lambda k: (-parts[k], CRITERIA[used[k]].name))
            items = tuple(
                CriterionPoints(CRITERIA[used[k]].name, int(parts[k]) / SCALE, round(float(self.worth[used[k]]), 2),
                                self._sentence(used[k], 0, mentee, mentor))
                for k in order
            )
            strong = [used[k] for k in order if fits[pair, used[k]] > NEUTRAL][:REASONS] or [used[order[0]]]
            out.append(Score(
                score=int(milli[pair]) / SCALE,
                breakdown=items,
                reasons=tuple(items[order.index(used.index(k))].sentence for k in strong),
                reasons_for_mentee=tuple(self._sentence(k, 1, mentee, mentor) for k in strong),
                reasons_for_mentor=tuple(self._sentence(k, 2, mentee, mentor) for k in strong),
            ))
        return out


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def score(mentee: Participant, mentor: Participant, weights: Weights | None = None,
          direction: Direction = Direction.MENTOR_SENIOR, encoder: Encoder | None = None) -> Score:
    """Score one pair with its breakdown (the same numbers the optimiser used)."""
    weights = weights or Weights()
    encoder = encoder or Encoder([mentee, mentor])
    explainer = Explainer(encoder, encoder.encode([mentee]), encoder.encode([mentor]), weights, direction)
    return explainer.scores([mentee], [mentor], np.array([0]), np.array([0]))[0]

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
from .participants import GoalTheme, Participant, Weights
from .voice import COORDINATOR, MENTEE, MENTOR, PEER_COORDINATOR, PEER_FIRST, PEER_SECOND, Voice

REASONS = 3
"""Sentences in a "why this match" list."""
_CHUNK = 64
"""Pairs explained at once: a 64 × 64 block per criterion, of which the diagonal is kept
(small, so little of the block is computed only to be thrown away)."""


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
            fit = criterion.fit(a, b, direction)
            if fit.shape == total.shape and fit.flags.writeable and fit.base is None:
                total += np.multiply(fit, np.float32(points), out=fit)  # no temporary array
            else:
                total += np.float32(points) * fit
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

        self.contexts = [Context(direction, v, encoder.words_of, encoder.offer_words, encoder.shared_theme)
                         for v in self.voices]
        self._said: dict[tuple, str] = {}

    def _sentence(self, k: int, voice: int, mentee: Participant, mentor: Participant,
                  keys: tuple[tuple, tuple]) -> str:
        """Criterion k's sentence in a voice, written once per combination of what it reads."""
        criterion = CRITERIA[k]
        if criterion.reads is None:
            return criterion.sentence(mentee, mentor, self.contexts[voice])
        key = (k, voice, keys[0][k], keys[1][k])
        text = self._said.get(key)
        if text is None:
            text = self._said[key] = criterion.sentence(mentee, mentor, self.contexts[voice])
        return text

    def _keys(self, people: Sequence[Participant], side: int) -> list[tuple]:
        """Per person, per criterion, the values its sentence reads (None: it reads everything),
        taken once per person rather than once per pair."""
        return [tuple(None if c.reads is None else tuple(_hashable(getattr(p, f)) for f in c.reads[side])
                      for c in CRITERIA) for p in people]

    def scores(self, mentees: Sequence[Participant], mentors: Sequence[Participant], rows: np.ndarray,
               cols: np.ndarray) -> list[Score]:
        """A Score per aligned pair (mentees[rows[k]], mentors[cols[k]]).

        The arithmetic (fits, apportioned points, the order of the breakdown, which criteria
        are reasons) is done for all pairs at once; only the sentences are looked up pair by pair.
        """
        rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
        fits, milli = _pair_fits(self.a, self.b, rows, cols, self.weights, self.direction)
        used = np.array([k for k, w in enumerate(self.worth) if w > 0], dtype=np.int64)
        parts = apportion_rows(self.worth[used][None, :] * fits[:, used], milli)
        names = np.argsort(np.argsort([CRITERIA[k].name for k in used], kind="stable"), kind="stable")
        order = np.lexsort((np.broadcast_to(names, parts.shape), -parts), axis=1)  # most points first, then name
        ranked = used[order]  # criterion index per pair, in breakdown order
        strong = np.take_along_axis(fits[:, used] > NEUTRAL, order, axis=1)
        max_points = [round(float(w), 2) for w in self.worth]
        names_of = [c.name for c in CRITERIA]
        seen_rows, seen_cols = np.unique(rows).tolist(), np.unique(cols).tolist()
        mentee_keys = dict(zip(seen_rows, self._keys([mentees[r] for r in seen_rows], 0)))
        mentor_keys = dict(zip(seen_cols, self._keys([mentors[c] for c in seen_cols], 1)))
        ranked_points = np.take_along_axis(parts, order, axis=1).tolist()
        out: list[Score] = []
        for pair, (row, col, crits, points, good) in enumerate(zip(rows.tolist(), cols.tolist(), ranked.tolist(),
                                                                    ranked_points, strong.tolist())):
            mentee, mentor = mentees[row], mentors[col]
            keys = (mentee_keys[row], mentor_keys[col])
            said = [self._sentence(k, 0, mentee, mentor, keys) for k in crits]
            items = tuple(CriterionPoints(names_of[k], p / SCALE, max_points[k], text)
                          for k, p, text in zip(crits, points, said))
            picks = [n for n, ok in enumerate(good) if ok][:REASONS] or [0]
            out.append(Score(
                score=int(milli[pair]) / SCALE,
                breakdown=items,
                reasons=tuple(said[n] for n in picks),
                reasons_for_mentee=tuple(self._sentence(crits[n], 1, mentee, mentor, keys) for n in picks),
                reasons_for_mentor=tuple(self._sentence(crits[n], 2, mentee, mentor, keys) for n in picks),
            ))
        return out


def apportion_rows(points: np.ndarray, total_milli: np.ndarray) -> np.ndarray:
    """(pairs, criteria) points → milli-points per criterion, each within 1 of the exact
    value, every row adding up to its total.

    Largest remainders, for all rows at once: round down, then hand the missing
    milli-points to the criteria whose exact value was rounded down the most."""
    exact = points * SCALE
    milli = np.floor(exact).astype(np.int64)
    short = np.asarray(total_milli, np.int64) - milli.sum(axis=1)
    order = np.argsort(-(exact - milli), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(points.shape[1])[None, :].repeat(len(points), axis=0), axis=1)
    width = points.shape[1]
    milli += (rank < short[:, None]).astype(np.int64)  # short ≥ 0: the largest remainders get one more
    milli -= (rank >= width + np.minimum(short, 0)[:, None]).astype(np.int64)  # short < 0: the smallest lose one
    return milli


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def score(mentee: Participant, mentor: Participant, weights: Weights | None = None,
          direction: Direction = Direction.MENTOR_SENIOR, encoder: Encoder | None = None,
          themes: Sequence[GoalTheme] = ()) -> Score:
    """Score one pair with its breakdown (the same numbers the optimiser used); `themes` are
    the program's goal themes, when no encoder of the whole cohort is given."""
    weights = weights or Weights()
    encoder = encoder or Encoder([mentee, mentor], themes)
    explainer = Explainer(encoder, encoder.encode([mentee]), encoder.encode([mentor]), weights, direction)
    return explainer.scores([mentee], [mentor], np.array([0]), np.array([0]))[0]

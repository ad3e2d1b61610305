"""Why somebody was left without a match, in words they can act on.

The hard rules are applied one after another to all of a person's possible partners;
the rule that removes the last ones is the reason. If some partners survive every
rule, they were all taken by matches that the optimiser could not improve on.
"""

from __future__ import annotations

import numpy as np

from .criteria import Direction
from .optimiser import SCALE
from .rules import RULES, Cohort

_MENTEE_REASONS = {
    "self": "The only mentor in this format and track is themselves.",
    "language": "No mentor shares a language with them.",
    "seniority": "No mentor who shares a language is {above} their job level, as this format requires.",
    "management_chain": "Every remaining mentor is in their management chain (or they manage them).",
    "never_pair": "Every remaining mentor is on a never-pair list.",
    "capacity": "Every remaining mentor has no places to give.",
    "min_score": "Every remaining mentor scores below the minimum of {minimum:g} (best: {best:g}).",
    "full": "Every suitable mentor ({count}) was full: the optimiser gave their places to other mentees, "
    "and no exchange would match more people or score higher.",
}
_MENTOR_REASONS = {
    "self": "The only mentee in this format and track is themselves.",
    "language": "No mentee shares a language with them.",
    "seniority": "No mentee who shares a language is {below} their job level, as this format requires.",
    "management_chain": "Every remaining mentee is in their management chain (or manages them).",
    "never_pair": "Every remaining mentee is on a never-pair list.",
    "capacity": "They offered no places (capacity 0).",
    "min_score": "Every remaining mentee scores below the minimum of {minimum:g} (best: {best:g}).",
    "full": "Every suitable mentee ({count}) was matched with a mentor who suited them better "
    "or whom nobody else could take.",
}
_PEER_REASONS = {
    **{k: v.replace("mentor", "peer") for k, v in _MENTEE_REASONS.items()},
    "full": "Every suitable peer ({count}) was paired with someone else: no exchange would pair more people "
    "or score higher.",
}


def _elimination(scores: np.ndarray, verdicts: dict[str, np.ndarray]) -> tuple[str, dict[str, float]]:
    """The rule that empties a candidate list, or "full" when some candidates survive."""
    remaining = np.ones(scores.shape, bool)
    for rule in RULES:
        left = remaining & verdicts[rule]
        if not left.any():
            best = scores[remaining].max(initial=0) / SCALE
            return rule, {"best": float(best)}
        remaining = left
    return "full", {"count": int(remaining.sum())}


def _texts(cohort: Cohort) -> dict[str, str]:
    if cohort.direction is Direction.PEERS:
        return _PEER_REASONS
    return _MENTEE_REASONS


def _fill(template: str, cohort: Cohort, values: dict[str, float]) -> str:
    above, below = ("above", "below") if cohort.direction is Direction.MENTOR_SENIOR else ("below", "above")
    return template.format(above=above, below=below, minimum=cohort.config.min_score, **values)


def unmatched_mentees(cohort: Cohort, rows: np.ndarray) -> list[tuple[int, str, str]]:
    """(mentee row, reason code, sentence) for each unmatched mentee (or peer)."""
    if len(cohort.mentors) == 0:
        return [(int(r), "no_mentors", "No mentor signed up for this format and track.") for r in rows]
    texts = _texts(cohort)
    cols = np.arange(len(cohort.mentors))
    out: list[tuple[int, str, str]] = []
    size = max(1, 2_000_000 // len(cols))
    for start in range(0, len(rows), size):
        block = rows[start : start + size]
        scores, verdicts = cohort.evaluate(block, cols)
        for i, row in enumerate(block.tolist()):
            code, values = _elimination(scores[i], {k: v[i] for k, v in verdicts.items()})
            out.append((row, code, _fill(texts[code], cohort, values)))
    return out


def unmatched_mentors(cohort: Cohort, cols: np.ndarray) -> list[tuple[int, str, str]]:
    """(mentor column, reason code, sentence) for each mentor left without mentees."""
    if len(cohort.mentees) == 0:
        return [(int(c), "no_mentees", "No mentee signed up for this format and track.") for c in cols]
    rows = np.arange(len(cohort.mentees))
    out: list[tuple[int, str, str]] = []
    size = max(1, 2_000_000 // len(rows))
    for start in range(0, len(cols), size):
        block = cols[start : start + size]
        scores, verdicts = cohort.evaluate(rows, block)
        for j, col in enumerate(block.tolist()):
            code, values = _elimination(scores[:, j], {k: v[:, j] for k, v in verdicts.items()})
            out.append((col, code, _fill(_MENTOR_REASONS[code], cohort, values)))
    return out

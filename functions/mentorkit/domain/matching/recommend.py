"""Self-match: one mentee's best mentors, by the same scores, hard rules and reasons as a run.

A run pairs everyone at once; a mentee choosing for themselves needs the ranked list the
optimiser would have chosen from: the allowed candidates of one row of the cohort, each
explained by the same breakdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .participants import Format, MatchingConfig, Participant
from .rules import Cohort, management_chains
from .scoring import score


@dataclass(frozen=True)
class Recommendation:
    mentor_id: str
    score: float
    reasons: list[str]


def recommend(mentee: Participant, people: Sequence[Participant], config: MatchingConfig,
              limit: int = 5) -> list[Recommendation]:
    """The `limit` best mentors for `mentee` among `people` that no hard rule forbids, best first."""
    fmt = mentee.format or config.format
    mentors = [p for p in people if p.id != mentee.id and (p.format or config.format) == fmt
               and p.track == mentee.track and (fmt is Format.PEER or p.is_mentor)]
    if not mentors:
        return []
    cohort = Cohort(fmt, [mentee], mentors, config, management_chains([mentee, *mentors], config.org_chart))
    found = cohort.candidates(limit=limit)
    best = np.argsort(-found.score, kind="stable")[:limit]
    out = []
    for k in best:
        mentor = mentors[int(found.mentor[k])]
        explained = score(mentee, mentor, config.weights, cohort.direction, cohort.encoder)
        out.append(Recommendation(mentor_id=mentor.id, score=explained.score, reasons=explained.top_reasons()))
    return out

"""What a matching run returns: pairs with their reasons, the unmatched with theirs, a summary.

pydantic models, so the API, the worker and the CLI all serialise the same shape.
For peer pairs `mentee_id` and `mentor_id` simply hold the two peers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict  # pydantic needs this one, not typing's, before Python 3.12

from .participants import Format


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BreakdownItem(TypedDict):
    """One criterion's share of a pair's score. A typed dict, not a model: a 20,000-person run
    holds 150,000 of them, and building that many model instances took over a second."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    criterion: str
    points: float
    max_points: float
    sentence: str


class MatchedPair(_Model):
    mentee_id: str
    mentor_id: str
    format: Format
    track: str | None
    score: float
    pinned: bool = False
    group_id: str | None = None
    """Group format: the mentor's id, shared by every mentee of the group."""
    reasons: list[str]
    """Why this match, for the coordinator (third person; pins are noted here)."""
    breakdown: list[BreakdownItem]
    reasons_for_mentee: list[str] = Field(default_factory=list)
    """Why this match, told to the mentee (or the first peer): "Your mentor offers …"."""
    reasons_for_mentor: list[str] = Field(default_factory=list)
    """Why this match, told to the mentor (or the second peer): "You offer …"."""


class Unmatched(_Model):
    id: str
    side: str
    """"mentee", "mentor" or "peer"."""
    format: Format
    track: str | None
    reason_code: str
    reason: str


class RejectedPin(_Model):
    mentee_id: str
    mentor_id: str
    reason_code: str
    reason: str


class MentorLoad(_Model):
    mentors: int
    by_mentees: dict[str, int]
    """How many mentors hold 0, 1, 2, … mentees."""
    capacity: int
    used: int
    unused_capacity: int


class Summary(_Model):
    to_match: int
    """Mentees and peers in the run."""
    matched: int
    matched_share: float
    pairs: int
    mean_score: float | None
    min_score: float | None
    share_at_least_70: float | None
    histogram: dict[str, int]
    """Pairs per 10-point score bin: "0-9", …, "90-100"."""
    mentor_load: MentorLoad
    rejected_pins: int
    candidate_lists_cut: int
    """Mentees whose allowed mentors were cut to the best N before solving."""
    optimal: bool = False
    """True when the pairs are proven the best possible under the rules: most people
    matched, then the highest total score, over every allowed pair (cut lists included)."""
    optimality_check: str = ""
    """The check that proved it, per format and track, or why it could not."""
    gap: float | None = None
    """Largest relative gap between a cohort's total score and its proven upper bound
    (0: optimal; peers may stop short of it); None when no bound is known (groups)."""


class MatchResult(_Model):
    pairs: list[MatchedPair]
    unmatched: list[Unmatched]
    rejected_pins: list[RejectedPin]
    summary: Summary

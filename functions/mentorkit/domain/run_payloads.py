"""What coordinators and employees read about runs and matches: the API's shapes.

Kept apart from the run records and rules (`runs.py`), which the store and the notifications
need on every cold start; these load with the areas that answer with them.
"""

from datetime import datetime

from pydantic import Field

from mentorkit.domain.models import Model
from mentorkit.domain.relationships import second_person
from mentorkit.domain.runs import MatchingRun, MatchRecord


class PublishOutcome(Model):
    program_id: str
    run_id: str
    published_at: datetime
    pairs: int
    skipped_pairs: int = Field(0, description="Pairs left out because one of the two has withdrawn since the run.")
    notifications: str
    relationships_started: int = Field(0, description="New pairs that became relationships.")
    relationships_kept: int = Field(0, description="Pairs already in a relationship, left as they are (no e-mail).")
    relationships_ended: int = Field(0, description="Earlier published pairs this run no longer makes, cancelled.")


# What a coordinator reviews ------------------------------------------------------------
class RunStarted(Model):
    run_id: str
    status: str
    reason: str | None = None


class PersonView(Model):
    """One side of a pair as a coordinator sees it; `email` is None once the person has withdrawn."""

    email: str | None
    department: str | None = None
    job_level: int | None = None


class BreakdownItem(Model):
    criterion: str
    points: float
    max_points: float
    sentence: str


class PairView(Model):
    mentee: PersonView
    mentor: PersonView
    format: str
    track: str | None = None
    score: float
    pinned: bool
    group_id: str | None = None
    reasons: list[str]
    breakdown: list[BreakdownItem]


class UnmatchedView(Model):
    person: PersonView
    side: str
    format: str | None = None
    reason_code: str
    reason: str


class RejectedPinView(Model):
    mentee: str
    mentor: str
    reason_code: str
    reason: str


class RunView(MatchingRun):
    """A run with one page of its result: pairs with breakdown and reasons, the unmatched with theirs.

    Paged, because a large program's whole review would pass Lambda's 6 MB response limit: the
    same `offset` and `limit` apply to `pairs` and `unmatched`; `nextOffset` is null on the last page.
    """

    published: bool = False
    pairs: list[PairView] = Field(default_factory=list)
    unmatched: list[UnmatchedView] = Field(default_factory=list)
    rejected_pins: list[RejectedPinView] = Field(default_factory=list)
    pairs_total: int = 0
    unmatched_total: int = 0
    next_offset: int | None = None


class RunList(Model):
    runs: list[MatchingRun]
    published_run_id: str | None


class MyMatch(Model):
    program_id: str
    program_name: str
    role: str = Field(description="Your role in this pair: mentee, mentor or peer.")
    partner_email: str
    partner_role: str
    score: float
    reasons: list[str]
    published_at: datetime


class Waiting(Model):
    """A person the published run left without a partner: why, kindly, and what happens next."""

    program_id: str
    program_name: str
    reason: str
    next_steps: str


class MyMatches(Model):
    matches: list[MyMatch]
    waiting: list[Waiting] = Field(default_factory=list)


def my_match(record: MatchRecord, my_ids: tuple[str, ...]) -> MyMatch:
    """A published pair from one side: my role, my partner and theirs."""
    i_am_mentee = record.mentee_sub in my_ids
    if record.format == "peer":
        mine, theirs = "peer", "peer"
    elif i_am_mentee:
        mine, theirs = "mentee", "mentor"
    else:
        mine, theirs = "mentor", "mentee"
    partner = record.mentor_email if i_am_mentee else record.mentee_email
    side = "mentee" if i_am_mentee else "mentor"
    return MyMatch(program_id=record.program_id, program_name=record.program_name, role=mine,
                   partner_email=partner, partner_role=theirs, score=record.score,
                   reasons=[second_person(r, side) for r in record.reasons],
                   published_at=record.published_at)

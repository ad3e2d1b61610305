"""After the match: requests, the relationship, goals, meetings and hours, health, closing.

Pure: models and rules only. `services/relationships.py` applies them; `store.py` holds the
invariants (a mentor's capacity, one active relationship per mentee and program, at most
three open requests) as conditional writes, so they hold however many requests race.

A relationship's life: active → completed or cancelled. While active, its health follows
the last meeting logged (or the start, before the first): healthy, then `quiet` after the
program's `quietAfterDays`, then `stalled` after `stalledAfterDays`.
"""

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import EmailStr, Field, field_validator

from mentorkit.domain.models import Model

MAX_OPEN_REQUESTS = 3
MAX_GOALS = 3
REMOVED = "removed"   # what a participant who deleted their data is shown as

RequestStatus = Literal["open", "accepted", "declined", "expired", "withdrawn"]
RelationshipStatus = Literal["active", "completed", "cancelled"]
Health = Literal["healthy", "quiet", "stalled", "closed"]
GoalStatus = Literal["not_started", "in_progress", "achieved", "dropped"]
Outcome = Literal["completed", "cancelled"]
Side = Literal["mentee", "mentor"]

Reason = Annotated[str, Field(min_length=1, max_length=500)]
Note = Annotated[str, Field(min_length=1, max_length=2000)]
PersonId = Annotated[str, Field(min_length=1, max_length=200)]


def now() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str, at: datetime) -> str:
    """Sortable by creation time, unique without a lookup: 'rel-20270301T0930-3f9a1c2b'."""
    return f"{prefix}-{at.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"


# What people send ----------------------------------------------------------------------
class RequestIn(Model):
    """A mentee asks a mentor of the same program to mentor them."""

    mentor_id: PersonId = Field(description="The mentor's id, as listed in the recommendations.")
    message: Annotated[str, Field(min_length=1, max_length=1000)] = Field(
        description="A short note: who you are and what you hope to work on.")


class DeclineIn(Model):
    reason: Reason = Field(description="Said kindly to the mentee, e.g. 'I am at capacity this quarter'.")


class GoalIn(Model):
    """A SMART goal: specific, measurable, achievable, relevant, time-bound."""

    title: Annotated[str, Field(min_length=1, max_length=280)] = Field(
        description="e.g. 'Run my first team retrospective by the end of March'.")
    measure: Annotated[str, Field(max_length=500)] = Field("", description="How you will know it is done.")
    due_on: date | None = None


class GoalPatch(Model):
    """Change a goal's status, add a progress note, or reword it; only the fields sent change."""

    title: Annotated[str, Field(min_length=1, max_length=280)] | None = None
    measure: Annotated[str, Field(max_length=500)] | None = None
    due_on: date | None = None
    status: GoalStatus | None = None
    note: Note | None = Field(None, description="A progress note, added to the goal's notes.")


class MeetingIn(Model):
    """A meeting that happened (`heldOn` today or earlier), or the next one planned (`nextAt`)."""

    held_on: date = Field(description="The day you met.")
    minutes: int = Field(ge=5, le=600, description="How long you met, in minutes.")
    note: Note | None = Field(None, description="Private: only you see it.")
    next_at: datetime | None = Field(None, description="When you plan to meet next (an .ics file is offered).")

    @field_validator("held_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > (now() + timedelta(days=1)).date():
            raise ValueError("a meeting is logged once it has happened: pick today or an earlier day")
        return value

    @field_validator("next_at")
    @classmethod
    def _has_zone(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2027-03-01T10:00:00Z")
        return value


class HandPairIn(Model):
    """A coordinator pairs two people of the program by hand (any two, not only proposed pairs)."""

    mentee_email: EmailStr
    mentor_email: EmailStr
    reason: Annotated[str, Field(max_length=500)] = Field("", description="Shown to both as why they were paired.")


class CloseIn(Model):
    outcome: Outcome = Field(description="completed: the goals are met or the time is up; cancelled: it ended early.")
    reason: Reason


# What is stored -----------------------------------------------------------------------
class MentorRequest(Model):
    """A mentee's request to one mentor in a self-match program."""

    request_id: str
    program_id: str
    program_name: str
    mentee_sub: str
    mentee_email: str
    mentor_sub: str
    mentor_email: str
    message: str
    status: RequestStatus = "open"
    reason: str | None = Field(None, description="Why it was declined, expired or withdrawn.")
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None = None
    relationship_id: str | None = None


class Relationship(Model):
    """One mentoring pair from match to close; the figures roll up as meetings are logged."""

    relationship_id: str
    program_id: str
    program_name: str
    source: Literal["request", "match", "coordinator"] = Field(
        description="A mentee's accepted request, a published match, or a coordinator pairing by hand.")
    run_id: str | None = Field(None, description="The matching run that made it, for published matches.")
    mentee_sub: str
    mentee_email: str
    mentor_sub: str
    mentor_email: str
    reasons: list[str] = Field(default_factory=list)
    score: float | None = None
    status: RelationshipStatus = "active"
    started_at: datetime
    closed_at: datetime | None = None
    closed_by: Side | Literal["coordinator"] | None = None
    close_reason: str | None = None
    minutes_logged: int = 0
    meetings: int = 0
    last_meeting_on: date | None = None
    next_meeting_at: datetime | None = None
    goals: int = 0
    quiet_nudged_on: date | None = Field(None, description="When the pair was last nudged for being quiet.")
    stalled_reported_on: date | None = Field(None, description="When the coordinator was last told it stalled.")

    def side_of(self, ids: tuple[str, ...]) -> Side | None:
        """Which side of the pair the caller is, under any of their ids, or None."""
        if self.mentee_sub in ids:
            return "mentee"
        if self.mentor_sub in ids:
            return "mentor"
        return None

    def partner(self, side: Side) -> tuple[str, str]:
        """(sub, email) of the other side."""
        return (self.mentor_sub, self.mentor_email) if side == "mentee" else (self.mentee_sub, self.mentee_email)


class Goal(Model):
    goal_id: str
    title: str
    measure: str = ""
    due_on: date | None = None
    status: GoalStatus = "not_started"
    notes: list[str] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime


class Meeting(Model):
    meeting_id: str
    held_on: date
    minutes: int
    logged_by: Side
    note: str | None = Field(None, description="Your private note; never shown to your partner.")
    created_at: datetime


# Rules --------------------------------------------------------------------------------
def health(relationship: Relationship, today: date, quiet_after_days: int = 21,
           stalled_after_days: int = 90) -> Health:
    """How a pair is doing, from the days since they last met (or started)."""
    if relationship.status != "active":
        return "closed"
    since = relationship.last_meeting_on or relationship.started_at.date()
    days = (today - since).days
    if days >= stalled_after_days:
        return "stalled"
    if days >= quiet_after_days:
        return "quiet"
    return "healthy"


def needs_telling(relationship: Relationship, state: Health, told_on: date | None) -> bool:
    """A quiet or stalled pair is told once per silence: not again until they meet and go quiet anew."""
    if state not in ("quiet", "stalled"):
        return False
    since = relationship.last_meeting_on or relationship.started_at.date()
    return told_on is None or told_on < since


# The engine explains a pair in the third person ("The mentor offers … the mentee wants"); each
# person reads it addressed to them. Longest phrases first, so "the mentee's" wins over "the mentee".
_BOTH = [("Both in ", "You are both in "), ("Both speak", "You both speak"), ("Both prefer", "You both prefer"),
         ("Both can give", "You can both give"), ("They share", "You share"), ("Same working hours", "The same working hours")]
_YOU = {
    "mentee": [("the skills the mentee wants", "the skills you want"), ("The mentee listed", "You listed"),
               ("the mentee's first language", "your first language"), ("the mentee asked", "you asked"),
               ("the mentee (level", "you (level"), ("the mentor's list", "your mentor's list"),
               ("The mentor offers", "Your mentor offers"), ("The mentor is", "Your mentor is")],
    "mentor": [("the skills the mentee wants", "the skills your mentee wants"), ("The mentee listed", "Your mentee listed"),
               ("the mentee's first language", "your mentee's first language"), ("the mentee asked", "your mentee asked"),
               ("the mentee (level", "your mentee (level"), ("is on the mentor's list", "is on your list"),
               ("The mentor offers", "You offer"), ("The mentor is", "You are")],
}


def second_person(reason: str, side: Side) -> str:
    """A reason for a pair, addressed to one side of it: 'Your mentor offers 2 of the skills you want …'."""
    for old, new in (*_YOU[side], *_BOTH):
        reason = reason.replace(old, new)
    return reason


def hours_by_month(meetings: list[Meeting]) -> dict[str, float]:
    """{'2027-03': 2.5, ...}: hours met per calendar month, oldest first."""
    minutes: dict[str, int] = {}
    for meeting in meetings:
        month = meeting.held_on.strftime("%Y-%m")
        minutes[month] = minutes.get(month, 0) + meeting.minutes
    return {month: round(total / 60, 2) for month, total in sorted(minutes.items())}


def ics(relationship: Relationship, side: Side, at: datetime, minutes: int = 60, site_url: str = "") -> str:
    """An iCalendar file for the next planned meeting, to add to any calendar."""
    _, partner_email = relationship.partner(side)
    stamp = "%Y%m%dT%H%M%SZ"
    start = at.astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    where = f"{site_url.rstrip('/')}/app/my-mentoring/" if site_url else "My mentoring"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mentorkit//relationships//EN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{relationship.relationship_id}-{start.strftime(stamp)}@mentorkit",
        f"DTSTAMP:{now().strftime(stamp)}",
        f"DTSTART:{start.strftime(stamp)}",
        f"DTEND:{end.strftime(stamp)}",
        f"SUMMARY:Mentoring meeting ({_ics_text(relationship.program_name)})",
        f"DESCRIPTION:{_ics_text(f'With {partner_email}. Log it afterwards at {where}')}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


# What people read ---------------------------------------------------------------------
class RecommendedMentor(Model):
    """A mentor a mentee may ask, with the engine's score and reasons and the places still free."""

    mentor_id: str
    email: str
    name: str = ""
    department: str
    job_level: int
    skills_offered: list[str]
    score: float
    reasons: list[str]
    free_places: int
    requested: bool = Field(description="You already have an open request with this mentor.")


class Recommendations(Model):
    recommendations: list[RecommendedMentor]
    open_requests: int
    most_open_requests: int = MAX_OPEN_REQUESTS


class RequestView(Model):
    request_id: str
    program_id: str
    program_name: str
    direction: Literal["sent", "received"]
    partner_email: str
    message: str
    status: RequestStatus
    reason: str | None = None
    created_at: datetime
    expires_at: datetime
    relationship_id: str | None = None


class MyRequests(Model):
    sent: list[RequestView]
    received: list[RequestView]


class RequestCreated(Model):
    request_id: str
    expires_at: datetime


class Accepted(Model):
    relationship_id: str


class RelationshipSummary(Model):
    """One pair in a list: who, where, how it is going."""

    relationship_id: str
    program_id: str
    program_name: str
    role: Side | None = Field(None, description="Your side of the pair (absent for coordinators).")
    partner_email: str | None = None
    mentee_email: str | None = None
    mentor_email: str | None = None
    status: RelationshipStatus
    health: Health
    started_at: datetime
    closed_at: datetime | None = None
    close_reason: str | None = None
    minutes_logged: int
    meetings: int
    goals: int
    last_meeting_on: date | None = None


class PartnerView(Model):
    """What a partner shares (the privacy page lists it): never their other answers or notes."""

    email: str
    name: str = ""
    role: Side
    department: str | None = None
    job_level: int | None = None
    goals: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list, description="What a mentee wants to build or a mentor offers.")


class RelationshipDetail(RelationshipSummary):
    """The pair sees goals and meetings; coordinators see counts, never the text."""

    partner: PartnerView | None = Field(None, description="Absent for coordinators.")
    reasons: list[str] = Field(default_factory=list)
    next_meeting_at: datetime | None = None
    goal_list: list[Goal] | None = Field(None, description="Absent for coordinators.")
    meeting_list: list[Meeting] | None = Field(None, description="Absent for coordinators.")
    hours_by_month: dict[str, float] = Field(default_factory=dict)


class RelationshipList(Model):
    relationships: list[RelationshipSummary]
    counts: dict[str, int] = Field(default_factory=dict, description="How many pairs have each health.")

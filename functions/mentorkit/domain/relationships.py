"""After the match: requests, the relationship, goals, meetings and hours, health, closing.

Pure: the stored records and the rules (what people send and read back is in
`relationship_payloads.py`). `services/relationships.py` applies them; `store.py` holds the
invariants (a mentor's capacity, one active relationship per mentee and program, at most
three open requests) as conditional writes, so they hold however many requests race.

A relationship's life: active → completed or cancelled. While active, its health follows
the last meeting logged (or the start, before the first): healthy, then `quiet` after the
program's `quietAfterDays`, then `stalled` after `stalledAfterDays`.
"""

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import Field

from mentorkit.domain.models import Model

MAX_OPEN_REQUESTS = 3
MAX_GOALS = 3
REMOVED = "removed"   # what a participant who deleted their data is shown as

RequestStatus = Literal["open", "accepted", "declined", "expired", "withdrawn"]
RelationshipStatus = Literal["active", "completed", "cancelled"]
Health = Literal["healthy", "quiet", "stalled", "closed"]
GoalStatus = Literal["not_started", "in_progress", "achieved", "dropped"]
Side = Literal["mentee", "mentor"]


def now() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str, at: datetime) -> str:
    """Sortable by creation time, unique without a lookup: 'rel-20270301T0930-3f9a1c2b'."""
    return f"{prefix}-{at.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"


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

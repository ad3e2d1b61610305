"""What people send about their relationships, and what they read back: the API's shapes.

Kept apart from the records and rules (`relationships.py`), which the store and the
notifications need on every cold start; these load with the areas that take and give them.
"""

from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import EmailStr, Field, field_validator

from mentorkit.domain.models import Model
from mentorkit.domain.relationships import (
    MAX_OPEN_REQUESTS, Goal, GoalStatus, Health, Meeting, RelationshipStatus, RequestStatus, Side, now,
)

Outcome = Literal["completed", "cancelled"]
Reason = Annotated[str, Field(min_length=1, max_length=500)]
Note = Annotated[str, Field(min_length=1, max_length=2000)]
PersonId = Annotated[str, Field(min_length=1, max_length=200)]


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

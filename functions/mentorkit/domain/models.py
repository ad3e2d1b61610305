"""Payload models: the single source of truth for API validation, OpenAPI and the site's forms.

JSON uses camelCase (`programId`); Python uses snake_case. Aliases join the two.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, model_validator
from pydantic.alias_generators import to_camel

Format = Literal["one-to-one", "group", "peer", "reverse", "mixed"]
Role = Literal["mentee", "mentor", "both", "peer"]
MeetingFormat = Literal["virtual", "in-person", "either"]

ShortText = Annotated[str, Field(min_length=1, max_length=120)]
LongText = Annotated[str, Field(max_length=2000)]


def _known_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not an IANA time zone such as Europe/London") from None
    return value


TimeZone = Annotated[str, Field(examples=["Europe/London"]), AfterValidator(_known_time_zone)]


class Model(BaseModel):
    """Strict by default: unknown fields are errors, strings are trimmed."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )


class ProgramIn(Model):
    """What a coordinator sends to open a program."""

    name: ShortText = Field(description="Shown to employees, e.g. 'Spring 2027 cohort'.")
    description: LongText = ""
    format: Format = "one-to-one"
    opens_at: datetime = Field(description="Sign-ups are accepted from this moment (ISO 8601).")
    closes_at: datetime = Field(description="…until this moment.")
    skills: list[ShortText] = Field(default_factory=list, max_length=100,
                                    description="The skills mentees may ask for and mentors may offer.")

    @model_validator(mode="after")
    def _window_in_order(self) -> ProgramIn:
        if self.closes_at <= self.opens_at:
            raise ValueError("closesAt must be after opensAt")
        return self


class ProgramPatch(Model):
    """Partial update of a program; only the fields sent change."""

    name: ShortText | None = None
    description: LongText | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    skills: list[ShortText] | None = Field(default=None, max_length=100)
    status: Literal["open", "closed"] | None = None


class Program(ProgramIn):
    program_id: str
    status: Literal["open", "closed"] = "open"
    created_at: datetime
    created_by: str

    def accepts_signups(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at <= now <= self.closes_at


class SignupIn(Model):
    """A sign-up as the employee fills it in. Identity comes from the token, never from here."""

    role: Role = Field(description="Mentee, mentor, both, or peer (peer programs only).")
    goals: list[Annotated[str, Field(min_length=1, max_length=280)]] = Field(
        default_factory=list, max_length=3,
        description="Up to three goals. Make each Specific, Measurable, Achievable, Relevant and Time-bound.",
    )
    department: ShortText = Field(description="Your department or team.")
    job_level: int = Field(ge=1, le=10, description="1 = entry level, 10 = executive.")
    languages: list[ShortText] = Field(min_length=1, max_length=10, description="Languages you can mentor in.")
    time_zone: TimeZone = Field(description="Your IANA time zone, e.g. Europe/London.")
    meeting_format: MeetingFormat = "either"
    consent: Literal[True] = Field(description="You agree to the privacy terms.")


class Signup(SignupIn):
    program_id: str
    sub: str
    email: EmailStr
    status: Literal["active", "withdrawn"] = "active"
    created_at: datetime
    updated_at: datetime


class TrainingCompletionIn(Model):
    """The result of a module's knowledge check; only a full score records completion."""

    score: int = Field(ge=0, le=20)
    total: int = Field(ge=1, le=20)

    @model_validator(mode="after")
    def _passed(self) -> TrainingCompletionIn:
        if self.score < self.total:
            raise ValueError("score must equal total: answer every question correctly first")
        return self


class TrainingCompletion(Model):
    module_id: str
    completed_at: datetime

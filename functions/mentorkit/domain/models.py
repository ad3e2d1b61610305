"""Payload models: the single source of truth for API validation, OpenAPI and the site's forms.

JSON uses camelCase (`programId`); Python uses snake_case. Aliases join the two.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

Format = Literal["one_to_one", "group", "peer", "reverse", "mixed"]
Role = Literal["mentee", "mentor", "both", "peer"]
MeetingFormat = Literal["virtual", "in_person", "either"]

ShortText = Annotated[str, Field(min_length=1, max_length=120)]
LongText = Annotated[str, Field(max_length=2000)]


def _known_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not an IANA time zone such as Europe/London") from None
    return value


TimeZone = Annotated[str, Field(examples=["Europe/London"]), AfterValidator(_known_time_zone)]


def _not_a_number(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("give a date and time as ISO 8601 text, such as 2027-03-01T09:00:00Z")
    return value


# A moment as the API takes it: ISO 8601 text, as the OpenAPI document says (pydantic alone
# would also read a number as seconds since 1970).
Instant = Annotated[datetime, BeforeValidator(_not_a_number)]


class Model(BaseModel):
    """Strict by default: unknown fields are errors, strings are trimmed."""

    # defer_build: a model's validator is built the first time it is used, not at import, so a
    # Lambda cold start pays only for the models its first request needs.
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True,
        defer_build=True,
    )


class Question(Model):
    """A program's own question on the sign-up form, e.g. 'Which office are you based in?'."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")]
    label: ShortText
    required: bool = False
    max_length: int = Field(500, ge=1, le=1000)


class ProgramIn(Model):
    """What a coordinator sends to open a program."""

    name: ShortText = Field(description="Shown to employees, e.g. 'Spring 2027 cohort'.")
    description: LongText = ""
    format: Format = "one_to_one"
    opens_at: Instant = Field(description="Sign-ups are accepted from this moment (ISO 8601).")
    closes_at: Instant = Field(description="…until this moment.")
    skills: list[ShortText] = Field(default_factory=list, max_length=100,
                                    description="The skills mentees may ask for and mentors may offer.")
    questions: list[Question] = Field(default_factory=list, max_length=20,
                                      description="The program's own questions on the sign-up form.")

    @model_validator(mode="after")
    def _window_in_order(self) -> ProgramIn:
        if self.closes_at <= self.opens_at:
            raise ValueError("closesAt must be after opensAt")
        return self


class ProgramPatch(Model):
    """Partial update of a program; only the fields sent change."""

    name: ShortText | None = None
    description: LongText | None = None
    opens_at: Instant | None = None
    closes_at: Instant | None = None
    skills: list[ShortText] | None = Field(default=None, max_length=100)
    questions: list[Question] | None = Field(default=None, max_length=20)
    status: Literal["open", "closed"] | None = None


class Program(ProgramIn):
    program_id: str
    status: Literal["open", "closed"] = "open"
    created_at: datetime
    created_by: str

    def accepts_signups(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at <= now <= self.closes_at


Skill = Annotated[str, Field(min_length=1, max_length=80)]
Tag = Annotated[str, Field(min_length=1, max_length=80)]


def _for(*roles: str, choices: str | None = None, widget: str | None = None) -> dict[str, object]:
    """Hints for the site's form renderer: which roles see a field, where its choices come from."""
    hints: dict[str, object] = {"x-roles": list(roles)}
    if choices:
        hints["x-choices"] = choices
    if widget:
        hints["x-widget"] = widget
    return hints


EVERYONE = ("mentee", "mentor", "both", "peer")


class SignupIn(Model):
    """A sign-up as the employee fills it in. Identity comes from the token, never from here."""

    role: Role = Field(title="I want to take part as",
                       description="A mentee is mentored, a mentor mentors, 'both' does each with different "
                                   "people, and 'peer' is for peer programs where equals mentor each other.")
    goals: list[Annotated[str, Field(min_length=1, max_length=280)]] = Field(
        default_factory=list, max_length=3, title="Goals",
        description="Up to three. Make each Specific, Measurable, Achievable, Relevant and Time-bound, "
                    "e.g. 'Run my first team retrospective by the end of March'.",
        json_schema_extra={**_for(*EVERYONE), "x-item": "Goal"})
    skills_wanted: list[Skill] = Field(default_factory=list, max_length=10, title="Skills I want to build",
                                       json_schema_extra=_for("mentee", "both", "peer", choices="skills"))
    skills_offered: list[Skill] = Field(default_factory=list, max_length=10, title="Skills I can offer",
                                        json_schema_extra=_for("mentor", "both", "peer", choices="skills"))
    other_skills: Annotated[str, Field(max_length=200)] = Field(
        "", title="Other skills", description="Anything not in the list, in a few words.",
        json_schema_extra=_for(*EVERYONE))
    interests: list[Tag] = Field(default_factory=list, max_length=10, title="Interests",
                                 description="Topics you enjoy talking about, e.g. 'running, open source'.",
                                 json_schema_extra=_for(*EVERYONE))
    department: ShortText = Field(title="Department", description="Your department or team.")
    job_level: int = Field(ge=1, le=10, title="Job level", description="1 = entry level, 10 = executive.")
    manager_email: EmailStr | None = Field(
        None, title="Your manager's e-mail",
        description="Used only to keep your manager and their managers out of your matches.")
    location: Annotated[str, Field(max_length=120)] = Field("", title="Location", description="City or office.")
    time_zone: TimeZone = Field(title="Time zone", description="Your IANA time zone, e.g. Europe/London.")
    languages: list[Tag] = Field(min_length=1, max_length=10, title="Languages",
                                 description="Languages you are happy to meet in.")
    meeting_format: MeetingFormat = Field("either", title="Meeting format")
    availability_hours: int = Field(2, ge=1, le=40, title="Hours a month",
                                    description="Time you can give to mentoring each month, meetings included.")
    capacity: int = Field(1, ge=1, le=10, title="How many mentees you can take",
                          json_schema_extra=_for("mentor", "both"))
    ergs: list[Tag] = Field(default_factory=list, max_length=10, title="Employee resource groups",
                            description="Optional. Some programs match within or across ERGs.",
                            json_schema_extra=_for(*EVERYONE))
    prefer_outside_department: bool = Field(False, title="Prefer someone outside my department")
    never_pair: list[EmailStr] = Field(default_factory=list, max_length=10, title="Never pair me with",
                                       description="E-mail addresses. Nobody is told.")
    answers: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=dict, max_length=20, title="Program questions",
        json_schema_extra={"x-widget": "program-questions"})
    consent: Literal[True] = Field(title="I agree to the privacy terms",
                                   description="Your answers are used to match you and run the program; "
                                               "you can delete them at any time.")


class Signup(SignupIn):
    program_id: str
    sub: str
    email: EmailStr
    name: Annotated[str, Field(max_length=120)] = ""
    status: Literal["active", "withdrawn"] = "active"
    created_at: datetime
    updated_at: datetime


class TrainingCompletionIn(Model):
    """The answers to a module's knowledge check, by question id: `{"q1": "b", ...}`.

    The API checks them against the module's answer key (mentorkit.domain.training) and
    records a completion only when every answer is right."""

    answers: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")],
                  Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")]] = Field(max_length=20)


class TrainingCompletion(Model):
    module_id: str
    completed_at: datetime

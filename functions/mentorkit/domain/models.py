"""Payload models: the single source of truth for API validation, OpenAPI and the site's forms.

JSON uses camelCase (`programId`); Python uses snake_case. Aliases join the two.
"""

import unicodedata
from datetime import datetime
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints, model_validator

Format = Literal["one_to_one", "group", "peer", "reverse", "mixed"]
Role = Literal["mentee", "mentor", "both", "peer"]
MeetingFormat = Literal["virtual", "in_person", "either"]
MatchingMode = Literal["coordinator", "self", "both"]


def _no_control_characters(value: str) -> str:
    """Names are shown in pages, e-mails and CSV files: a control character there hides text or breaks lines."""
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("must not contain control characters (such as line breaks or tabs)")
    return value


def _no_control_except_lines(value: str) -> str:
    """Longer texts may have line breaks and tabs, but no other control characters."""
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
        raise ValueError("must not contain control characters")
    return value


ShortText = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_no_control_characters)]
LongText = Annotated[str, Field(max_length=2000), AfterValidator(_no_control_except_lines)]

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _plausible_date(value: datetime) -> datetime:
    """A program dated in the year 0134 is a typing slip; refuse it before anyone signs up against it."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"must be a date between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _not_a_number(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("give a date and time as ISO 8601 text, such as 2027-03-01T09:00:00Z")
    return value


# A program's dates as the API takes them: ISO 8601 text, as the OpenAPI document says (pydantic
# alone would also read a number as seconds since 1970), and within a plausible range.
ProgramDate = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_plausible_date)]


def _known_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{value}' is not an IANA time zone such as Europe/London") from None
    return value


TimeZone = Annotated[str, Field(examples=["Europe/London"]), AfterValidator(_known_time_zone)]


def camel_case(name: str) -> str:
    """skills_wanted → skillsWanted. Ours, not pydantic's `to_camel`: that one compiles regular
    expressions on first use, a tenth of a second of every cold start."""
    first, *rest = name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


class Model(BaseModel):
    """Strict by default: unknown fields are errors, strings are trimmed."""

    # defer_build: a model's validator is built the first time it is used, not at import, so a
    # Lambda cold start pays only for the models its first request needs.
    model_config = ConfigDict(
        alias_generator=camel_case, populate_by_name=True, extra="forbid", str_strip_whitespace=True,
        defer_build=True,
    )


Pair = Annotated[list[EmailStr], Field(min_length=2, max_length=2, examples=[["mentee@example.org",
                                                                               "mentor@example.org"]])]


class Question(Model):
    """A program's own question on the sign-up form, e.g. 'Which office are you based in?'."""

    label: ShortText = Field(title="Question")
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$", title="Short name",
                             description="Lower-case letters, digits and dashes, e.g. 'office'. Answers are kept under it.")]
    required: bool = Field(False, title="An answer is required")
    max_length: int = Field(500, ge=1, le=1000, title="Longest answer (characters)")


Keyword = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_no_control_characters)]


class GoalThemeIn(Model):
    """One of the program's goal themes: a name and the words that call it up."""

    model_config = ConfigDict(title="Goal theme")

    name: Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_no_control_characters)] = Field(
        title="Theme", description="E.g. 'Leadership'. The name itself also counts as a keyword.")
    keywords: list[Keyword] = Field(
        default_factory=list, max_length=12, title="Keywords",
        description="Up to 12 words or short phrases, e.g. 'lead a team, delegation, feedback'. A mentee's goal "
                    "that uses one falls under the theme; a mentor whose skills use one offers it.")


GOAL_THEMES_HELP = ("Up to 20 themes of the program's goals. A mentee whose goal falls under a theme the mentor "
                    "offers (by the mentor's skills and experience) gets full marks on goals for that pair.")


def _distinct_theme_names(themes: list[GoalThemeIn] | None) -> list[GoalThemeIn] | None:
    names = [t.name.casefold() for t in themes or []]
    if len(set(names)) < len(names):
        raise ValueError("each goal theme needs a name of its own")
    return themes


GoalThemes = Annotated[list[GoalThemeIn], Field(max_length=20), AfterValidator(_distinct_theme_names)]

Weight = Annotated[float, Field(ge=0, le=100)]


class WeightsIn(Model):
    """How much each criterion counts; criteria left out keep the default (a program's, or the engine's)."""

    skills: Weight | None = Field(None, title="Skills wanted and offered")
    goals: Weight | None = Field(None, title="Goals")
    interests: Weight | None = Field(None, title="Shared interests")
    languages: Weight | None = Field(None, title="Shared languages")
    timezone: Weight | None = Field(None, title="Time-zone overlap")
    seniority: Weight | None = Field(None, title="Seniority gap")
    department: Weight | None = Field(None, title="Reach across departments")
    meeting_format: Weight | None = Field(None, title="Meeting format")
    ergs: Weight | None = Field(None, title="Employee resource groups")
    availability: Weight | None = Field(None, title="Availability")

    @model_validator(mode="after")
    def _not_all_zero(self) -> Self:
        chosen = self.model_dump()
        if all(value == 0 for value in chosen.values()):
            raise ValueError("at least one weight must be above zero")
        return self


ProgramStatus = Literal["open", "closed", "archived"]
MinScore = Annotated[float, Field(ge=0, le=100, title="Minimum score",
                                  description="Pairs scoring below this (0-100) are not made.")]
Capacity = Annotated[int, Field(ge=1, le=10, title="Default mentor capacity",
                                description="How many mentees a mentor takes when their sign-up does not say.")]
WEIGHTS_HELP = "How much each criterion counts in matching (0-100); empty keeps the default."


class ProgramIn(Model):
    """What a coordinator sends to open a program."""

    name: ShortText = Field(title="Program name", description="Shown to employees, e.g. 'Spring 2027 cohort'.")
    description: LongText = Field("", title="Description", json_schema_extra={"x-widget": "textarea"})
    format: Format = Field("one_to_one", title="Format", description="Fixed once the program is created.")
    opens_at: ProgramDate = Field(title="Sign-ups open", description="Sign-ups are accepted from this moment.")
    closes_at: ProgramDate = Field(title="Sign-ups close", description="…until this moment.")
    skills: list[ShortText] = Field(default_factory=list, max_length=100, title="Skills",
                                    description="The skills mentees may ask for and mentors may offer.")
    questions: list[Question] = Field(default_factory=list, max_length=20, title="Questions",
                                      description="The program's own questions on the sign-up form.")
    weights: WeightsIn = Field(default_factory=WeightsIn, title="Matching weights", description=WEIGHTS_HELP)
    goal_themes: GoalThemes = Field(default_factory=list, title="Goal themes", description=GOAL_THEMES_HELP)
    min_score: MinScore = 40
    default_capacity: Capacity = 1
    matching_mode: MatchingMode = Field("coordinator", description="Who makes pairs: coordinator runs, "
                                        "mentees choosing mentors themselves (self), or both.")
    request_expiry_days: int = Field(7, ge=1, le=60, description="Days a mentor has to answer a request.")
    quiet_after_days: int = Field(21, ge=1, le=365, description="Days without a meeting before a pair is quiet.")
    stalled_after_days: int = Field(90, ge=2, le=730, description="Days without a meeting before a pair is "
                                    "stalled and the coordinator is told.")
    pins: list[Pair] = Field(default_factory=list, max_length=500,
                             description="[menteeEmail, mentorEmail] pairs every run keeps, unless a hard rule forbids.")
    forbidden: list[Pair] = Field(default_factory=list, max_length=500,
                                  description="Pairs no run makes, in either order.")

    @model_validator(mode="after")
    def _window_in_order(self) -> Self:
        if self.closes_at <= self.opens_at:
            raise ValueError("closesAt must be after opensAt")
        if self.stalled_after_days <= self.quiet_after_days:
            raise ValueError("stalledAfterDays must be more than quietAfterDays")
        return self


class ProgramPatch(Model):
    """Partial update of a program; only the fields sent change."""

    name: ShortText | None = None
    description: LongText | None = None
    opens_at: ProgramDate | None = None
    closes_at: ProgramDate | None = None
    skills: list[ShortText] | None = Field(default=None, max_length=100)
    questions: list[Question] | None = Field(default=None, max_length=20)
    weights: WeightsIn | None = Field(None, title="Matching weights", description=WEIGHTS_HELP)
    goal_themes: GoalThemes | None = Field(None, title="Goal themes", description=GOAL_THEMES_HELP)
    min_score: MinScore | None = None
    default_capacity: Capacity | None = None
    status: ProgramStatus | None = Field(None, description="Closed programs take no sign-ups; archived ones are "
                                                           "also left out of the site's lists.")
    matching_mode: MatchingMode | None = None
    request_expiry_days: int | None = Field(None, ge=1, le=60)
    quiet_after_days: int | None = Field(None, ge=1, le=365)
    stalled_after_days: int | None = Field(None, ge=2, le=730)
    pins: list[Pair] | None = Field(None, max_length=500)
    forbidden: list[Pair] | None = Field(None, max_length=500)


class Program(ProgramIn):
    program_id: str
    status: ProgramStatus = "open"
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


def _ask(missing: str, **hints: object) -> dict[str, object]:
    """Hints for the form renderer: what to tell a person who left the field empty, in their words."""
    return {"x-missing": missing, **{f"x-{key}": value for key, value in hints.items()}}


EVERYONE = ("mentee", "mentor", "both", "peer")


class SignupIn(Model):
    """A sign-up as the employee fills it in. Identity comes from the token, never from here."""

    name: Annotated[str, Field(max_length=120), AfterValidator(_no_control_characters)] = Field(
        "", title="Your name", description="As your match will see it. Empty shows your e-mail address.")
    role: Role = Field(title="I want to take part as",
                       description="A mentee is mentored, a mentor mentors, 'both' does each with different "
                                   "people, and 'peer' is for peer programs where equals mentor each other.",
                       json_schema_extra=_ask("Choose how you want to take part"))
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
    department: ShortText = Field(title="Department", description="Your department or team.",
                                  json_schema_extra=_ask("Tell us your department or team"))
    job_level: int = Field(ge=1, le=10, title="Job level", description="1 = entry level, 10 = executive.",
                           json_schema_extra=_ask("Give your job level, from 1 to 10"))
    manager_email: EmailStr | None = Field(
        None, title="Your manager's e-mail",
        description="Used only to keep your manager and their managers out of your matches.")
    location: Annotated[str, Field(max_length=120)] = Field("", title="Location", description="City or office.")
    time_zone: TimeZone = Field(title="Time zone", description="Start typing a city, e.g. London or Madrid.",
                                json_schema_extra=_ask("Choose your time zone from the list", widget="time-zone"))
    languages: list[Tag] = Field(min_length=1, max_length=10, title="Languages",
                                 description="Languages you are happy to meet in.",
                                 json_schema_extra=_ask("Choose at least one language"))
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
    notes: Annotated[str, Field(max_length=1000), AfterValidator(_no_control_except_lines)] = Field(
        "", title="Notes for the coordinator",
        description="Anything that helps us match you: a preference, a constraint, a question.",
        json_schema_extra={"x-widget": "textarea"})
    consent: Literal[True] = Field(title="I agree to the privacy terms",
                                   description="Your answers are used to match you and run the program; "
                                               "you can delete them at any time.",
                                   json_schema_extra=_ask("Tick the box to agree to the privacy terms: we cannot "
                                                          "match you without it", link="privacy/"))


class Signup(SignupIn):
    program_id: str
    sub: str
    email: EmailStr
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

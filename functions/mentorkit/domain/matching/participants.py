"""What the engine needs to know about a person and a program: the input model.

Names are snake_case; both models build straight from a dict (`Participant(**row)` or
`Participant.model_validate(row)`), and list fields also accept "a;b;c" strings so CSV
rows need no special handling. Tags (skills, goals, languages, …) are compared
case-insensitively, so they are stored trimmed and lower-cased.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache, lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LIST_SEPARATOR = ";"


@cache
def _iana_names() -> frozenset[str]:
    """The IANA names on this system, read once (ZoneInfo alone also accepts file paths)."""
    return frozenset(available_timezones()) | {"UTC"}


@lru_cache(maxsize=4096)
def _is_time_zone(value: str) -> bool:
    """Whether `value` names an IANA zone; remembered, since a roster repeats a dozen zones
    thousands of times and opening the zone file each time cost a second per 20,000 people."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return value in _iana_names()


class Role(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"
    BOTH = "both"
    PEER = "peer"


class Format(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"


class MeetingFormat(StrEnum):
    VIRTUAL = "virtual"
    IN_PERSON = "in_person"
    EITHER = "either"


Tags = Annotated[list[str], Field(default_factory=list)]

_TAG_FIELDS = ("skills_wanted", "skills_offered", "goals", "interests", "languages", "ergs")


def _split(value: object) -> object:
    """Accept "a;b" as well as ["a", "b"]: CSV cells and JSON lists read the same."""
    if isinstance(value, str):
        return [part for part in value.split(LIST_SEPARATOR)]
    return value


class Participant(BaseModel):
    """One person signed up to a program, as the matching engine sees them."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    id: Annotated[str, Field(min_length=1)]
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    name: str = ""
    role: Role
    format: Format | None = None
    """The format signed up for; None means the program's format."""
    track: str | None = None
    """Pairs are only made within a track (e.g. "engineering", "leadership")."""
    skills_wanted: Tags
    skills_offered: Tags
    goals: Tags
    interests: Tags
    department: str | None = None
    job_level: Annotated[int, Field(ge=1, le=10)]
    manager_email: str | None = None
    timezone: str = "UTC"
    location: str | None = None
    languages: Tags
    meeting_format: MeetingFormat = MeetingFormat.EITHER
    availability_hours: Annotated[float | None, Field(ge=0, le=200)] = None
    """Hours per month this person can give to the program."""
    capacity: Annotated[int, Field(ge=0, le=50)] = 1
    """How many mentees a mentor takes (ignored for mentees and peers)."""
    ergs: Tags
    prefer_outside_department: bool = False
    never_pair: Tags
    """E-mails or ids this person must never be paired with."""

    @field_validator(*_TAG_FIELDS, "never_pair", mode="before")
    @classmethod
    def _lists_from_text(cls, value: object) -> object:
        return _split(value)

    @field_validator(*_TAG_FIELDS, "never_pair")
    @classmethod
    def _normalise_tags(cls, value: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for item in value:
            tag = item.strip().casefold()
            if tag:
                seen.setdefault(tag, None)
        return list(seen)

    @field_validator("email", "manager_email")
    @classmethod
    def _normalise_email(cls, value: str | None) -> str | None:
        return value.strip().casefold() or None if value is not None else None

    @field_validator("department", "location", "track")
    @classmethod
    def _normalise_text(cls, value: str | None) -> str | None:
        return value.strip().casefold() or None if value is not None else None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if not _is_time_zone(value):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Paris")
        return value

    @property
    def is_mentee(self) -> bool:
        return self.role in (Role.MENTEE, Role.BOTH)

    @property
    def is_mentor(self) -> bool:
        return self.role in (Role.MENTOR, Role.BOTH)


class Weights(BaseModel):
    """How much each criterion counts. Any non-negative numbers: they are normalised."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    skills: Annotated[float, Field(ge=0)] = 30
    goals: Annotated[float, Field(ge=0)] = 15
    interests: Annotated[float, Field(ge=0)] = 5
    languages: Annotated[float, Field(ge=0)] = 5
    timezone: Annotated[float, Field(ge=0)] = 10
    seniority: Annotated[float, Field(ge=0)] = 10
    department: Annotated[float, Field(ge=0)] = 10
    meeting_format: Annotated[float, Field(ge=0)] = 5
    ergs: Annotated[float, Field(ge=0)] = 5
    availability: Annotated[float, Field(ge=0)] = 5

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be above zero")
        return self


MAX_THEMES, MAX_KEYWORDS = 20, 12


class GoalTheme(BaseModel):
    """One of the program's goal themes, e.g. "Leadership": a name and a few keywords.

    A mentee's goal falls under the theme when its words hold the name or a keyword (all
    the words of a keyword of several words); a mentor offers the theme when their skills
    and experience do. The pair then counts as a match on goals even if the goal sentence
    and the skills share no word: "Run my first retrospective" under "Agile delivery",
    offered by a mentor who lists "scrum".
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=60)]
    keywords: Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=MAX_KEYWORDS)] = \
        Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("a theme needs a name")
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(k.strip() for k in value if k.strip()))


class MatchingConfig(BaseModel):
    """A program's matching settings: format, weights, thresholds, coordinator overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Format = Format.ONE_TO_ONE
    """The program's format; participants may override it with their own."""
    weights: Weights = Field(default_factory=Weights)
    min_score: Annotated[float, Field(ge=0, le=100)] = 40
    pins: list[tuple[str, str]] = Field(default_factory=list)
    """(mentee_id, mentor_id) pairs a coordinator fixed; for peers, any order."""
    forbidden: list[tuple[str, str]] = Field(default_factory=list)
    """Pairs a coordinator ruled out (ids or e-mails, either order)."""
    group_min: Annotated[int, Field(ge=1)] = 3
    group_max: Annotated[int, Field(ge=1)] = 6
    org_chart: dict[str, str] = Field(default_factory=dict)
    """Extra e-mail → manager e-mail links for managers who did not sign up, so the
    management chain can be walked past them."""
    goal_themes: Annotated[list[GoalTheme], Field(max_length=MAX_THEMES)] = Field(default_factory=list)
    """The program's goal themes (see GoalTheme); none by default."""
    candidates_per_mentee: Annotated[int, Field(ge=0)] = 50
    """Keep each mentee's best N allowed mentors for the optimiser (0 keeps all).

    The cap bounds memory, not quality: every pair left out is then priced against the
    answer's dual prices, the few that could improve it are added and the problem solved
    again, so one-to-one and reverse runs end with the proven optimum over every pair.
    """

    @model_validator(mode="after")
    def _group_bounds(self) -> MatchingConfig:
        if self.group_min > self.group_max:
            raise ValueError("group_min must not exceed group_max")
        names = [t.name.casefold() for t in self.goal_themes]
        if len(set(names)) < len(names):
            raise ValueError("goal_themes: each theme needs a name of its own")
        return self

"""Surveys: the definition model, the files that hold them, and checking answers against them.

A survey is one JSON file in `mentorkit/surveys/` (inside the package, so every Lambda build
carries it). The API serves the file to the site, which renders the form from it, and checks
every answer against the same file: one source of truth. `tests/unit/test_surveys.py` loads
every file through `SurveyDefinition`, so a broken file fails the tests, not a cohort.
"""

import hashlib
import hmac
import json
import math
import secrets
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator

from mentorkit.domain.errors import InvalidInput, NotFound
from mentorkit.domain.models import Model

QuestionType = Literal["scale5", "scale10", "single", "multiple", "number", "short_text", "long_text"]
Audience = Literal["everyone", "mentees", "mentors"]
SurveyId = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")]

# Text limits when a question sets none, and the most a question may allow.
SHORT_TEXT, LONG_TEXT = 200, 2000
RANGES = {"scale5": (1, 5), "scale10": (0, 10)}


class Choice(Model):
    value: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")]
    label: Annotated[str, Field(min_length=1, max_length=120)]


class SurveyQuestion(Model):
    """One question. `nps` marks the 0–10 "would you recommend" question the NPS is computed from."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$")]
    type: QuestionType
    label: Annotated[str, Field(min_length=1, max_length=300)]
    help: Annotated[str, Field(max_length=300)] = ""
    required: bool = True
    choices: list[Choice] = Field(default_factory=list, max_length=20)
    low_label: Annotated[str, Field(max_length=60)] = ""
    high_label: Annotated[str, Field(max_length=60)] = ""
    min: float | None = None
    max: float | None = None
    max_length: int | None = Field(None, ge=1, le=LONG_TEXT)
    nps: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        choosing = self.type in ("single", "multiple")
        if choosing != bool(self.choices):
            raise ValueError(f"question '{self.id}': choices belong to single and multiple questions only")
        if len({c.value for c in self.choices}) != len(self.choices):
            raise ValueError(f"question '{self.id}': choice values must be unique")
        if (self.min is not None or self.max is not None) and self.type != "number":
            raise ValueError(f"question '{self.id}': min and max belong to number questions")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question '{self.id}': min is above max")
        if self.max_length is not None and self.type not in ("short_text", "long_text"):
            raise ValueError(f"question '{self.id}': maxLength belongs to text questions")
        if self.type == "short_text" and (self.max_length or 0) > SHORT_TEXT:
            raise ValueError(f"question '{self.id}': short text is at most {SHORT_TEXT} characters")
        if self.nps and self.type != "scale10":
            raise ValueError(f"question '{self.id}': only a 0–10 question can be the NPS question")
        return self

    @property
    def text_limit(self) -> int:
        return self.max_length or (SHORT_TEXT if self.type == "short_text" else LONG_TEXT)


class SurveyDefinition(Model):
    """A survey file. Anonymous surveys refuse a second answer: updating one would need a link
    from the person to their answers, which is exactly what anonymity rules out."""

    survey_id: SurveyId
    title: Annotated[str, Field(min_length=1, max_length=120)]
    description: Annotated[str, Field(max_length=600)] = ""
    audience: Audience = "everyone"
    anonymous: bool = False
    repeat: Literal["update", "refuse"] = "update"
    questions: list[SurveyQuestion] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be unique within a survey")
        if self.anonymous and self.repeat != "refuse":
            raise ValueError("an anonymous survey must refuse second answers (repeat: refuse)")
        if sum(q.nps for q in self.questions) > 1:
            raise ValueError("at most one NPS question per survey")
        return self

    def question(self, question_id: str) -> SurveyQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _folder() -> Any:
    return resources.files("mentorkit") / "surveys"


@cache
def definitions() -> dict[str, SurveyDefinition]:
    """Every survey file, read once per process; a file's name is its survey id."""
    found = {}
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            definition = SurveyDefinition.model_validate(json.loads(entry.read_text(encoding="utf-8")))
            if f"{definition.survey_id}.json" != entry.name:
                raise ValueError(f"{entry.name}: surveyId must match the file name")
            found[definition.survey_id] = definition
    return found


def get_definition(survey_id: str) -> SurveyDefinition:
    definition = definitions().get(survey_id)
    if definition is None:
        raise NotFound(f"No survey '{survey_id}'. Surveys: {', '.join(definitions())}.", field="surveyId")
    return definition


Answer = int | float | str | list[str]


def _check(question: SurveyQuestion, value: Any) -> tuple[Answer | None, str | None]:
    """The answer as stored, or the problem with it in words."""
    kind = question.type
    if kind in RANGES:
        low, high = RANGES[kind]
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be a whole number from {low} to {high}"
        if not low <= value <= high:
            return None, f"{value} is out of range: choose from {low} to {high}"
        return value, None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return None, "must be a number"
        if question.min is not None and value < question.min:
            return None, f"must be at least {question.min:g}"
        if question.max is not None and value > question.max:
            return None, f"must be at most {question.max:g}"
        return value, None
    allowed = [c.value for c in question.choices]
    if kind == "single":
        if value not in allowed:
            return None, f"choose one of: {', '.join(allowed)}"
        return value, None
    if kind == "multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, "must be a list of choices"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return None, f"'{unknown[0]}' is not a choice; choose from: {', '.join(allowed)}"
        if question.required and not value:
            return None, "choose at least one"
        return sorted(set(value), key=allowed.index), None
    if not isinstance(value, str):
        return None, "must be text"
    text = value.strip()
    if len(text) > question.text_limit:
        return None, f"is {len(text)} characters; the limit is {question.text_limit}"
    if question.required and not text:
        return None, "is required"
    return text, None


def validate(definition: SurveyDefinition, answers: dict[str, Any]) -> dict[str, Answer]:
    """The answers checked against the survey; InvalidInput lists every problem, each naming
    its question (`answers.<questionId>`). Optional questions left out are simply absent."""
    problems = [{"field": f"answers.{qid}", "message": f"'{qid}' is not a question of this survey."}
                for qid in answers if definition.question(qid) is None]
    clean: dict[str, Answer] = {}
    for question in definition.questions:
        field = f"answers.{question.id}"
        value = answers.get(question.id)
        if value is None or value == "" or value == []:
            if question.required:
                problems.append({"field": field, "message": f"'{question.label}' needs an answer."})
            continue
        checked, problem = _check(question, value)
        if problem:
            problems.append({"field": field, "message": f"{question.id}: {problem}"})
        elif checked not in ("", []):
            clean[question.id] = checked
    if problems:
        raise InvalidInput(problems[0]["message"], field=problems[0]["field"], details=problems)
    return clean


class ResponseIn(Model):
    """What the site sends: the program the answer is for, and answers by question id."""

    program_id: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,80}$")]
    answers: dict[Annotated[str, Field(max_length=40)], Any] = Field(max_length=60)


Status = Literal["open", "closed"]


class WindowIn(Model):
    """A coordinator opens a survey for a program until `closesAt`."""

    closes_at: datetime = Field(description="Answers are accepted until this moment (ISO 8601).")


class SurveyWindow(Model):
    """A period in which one program's people may answer one survey (a month's check-in, say)."""

    program_id: str
    survey_id: str
    window_id: str
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None = None

    def status_at(self, now: datetime) -> Status:
        return "open" if self.closed_at is None and now < self.closes_at else "closed"


class SurveyResponse(Model):
    """A stored answer. `sub` is set for identified surveys only; anonymous ones hold no identity."""

    program_id: str
    survey_id: str
    window_id: str
    role: str
    answers: dict[str, Any]
    submitted_at: datetime
    sub: str | None = None


def new_window_id(at: datetime) -> str:
    """Sortable by time, unique enough for one program and survey."""
    return f"{at:%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"


def answer_mark(key: bytes, program_id: str, survey_id: str, window_id: str, sub: str) -> str:
    """What stands for "this person answered this anonymous survey window": a keyed hash, so the
    table never holds the person's id next to the survey, and nobody without the key can link them."""
    message = "\n".join((program_id, survey_id, window_id, sub)).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def in_audience(definition: SurveyDefinition, role: str) -> bool:
    """Mentor-only and mentee-only surveys; `both` counts as either, peers as mentees."""
    if definition.audience == "mentors":
        return role in ("mentor", "both")
    if definition.audience == "mentees":
        return role in ("mentee", "both", "peer")
    return True

"""Survey files and answers: every file is a valid definition; answers are checked against it."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from mentorkit.domain.errors import InvalidInput, NotFound
from mentorkit.domain.surveys import (
    SurveyDefinition, answer_mark, definitions, get_definition, in_audience, validate,
)

CHECK_IN = {"met": "yes", "minutes": 90, "goal-progress": 4}


def test_every_survey_file_is_a_valid_definition_named_after_its_id() -> None:
    folder = resources.files("mentorkit") / "surveys"
    files = sorted(e.name for e in folder.iterdir() if e.name.endswith(".json"))
    assert files == ["end-of-program.json", "kick-off.json", "mentor-reflection.json", "mid-point.json",
                     "monthly-check-in.json"]
    for name in files:
        definition = SurveyDefinition.model_validate(json.loads((folder / name).read_text()))
        assert f"{definition.survey_id}.json" == name
    assert set(definitions()) == {name.removesuffix(".json") for name in files}


def test_the_files_cover_the_questions_the_program_reports_on() -> None:
    end = get_definition("end-of-program")
    assert end.anonymous and end.repeat == "refuse"
    assert [q.id for q in end.questions if q.nps] == ["recommend"]
    assert end.question("satisfaction").type == "scale5"
    check_in = get_definition("monthly-check-in")
    assert not check_in.anonymous and check_in.repeat == "update"
    assert {q.id: q.type for q in check_in.questions}["minutes"] == "number"
    assert get_definition("mentor-reflection").audience == "mentors"
    types = {q.type for d in definitions().values() for q in d.questions}
    assert types == {"scale5", "scale10", "single", "multiple", "number", "short_text", "long_text"}


def test_an_anonymous_survey_that_would_update_answers_is_refused() -> None:
    with pytest.raises(ValidationError, match="repeat: refuse"):
        SurveyDefinition.model_validate({"surveyId": "x", "title": "X", "anonymous": True, "repeat": "update",
                                         "questions": [{"id": "a", "type": "scale5", "label": "A?"}]})


@pytest.mark.parametrize("question", [
    {"id": "a", "type": "scale5", "label": "A?", "choices": [{"value": "x", "label": "X"}]},
    {"id": "a", "type": "single", "label": "A?"},
    {"id": "a", "type": "scale5", "label": "A?", "nps": True},
    {"id": "a", "type": "short_text", "label": "A?", "maxLength": 500},
    {"id": "a", "type": "number", "label": "A?", "min": 5, "max": 1},
])
def test_inconsistent_questions_are_refused(question: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SurveyDefinition.model_validate({"surveyId": "x", "title": "X", "questions": [question]})


def test_unknown_survey_is_not_found() -> None:
    with pytest.raises(NotFound) as error:
        get_definition("no-such-survey")
    assert error.value.field == "surveyId"


def test_valid_answers_are_cleaned_and_optional_ones_may_be_left_out() -> None:
    clean = validate(get_definition("monthly-check-in"),
                     {**CHECK_IN, "blockers": ["time", "goals", "time"], "help": "  Thanks  "})
    assert clean == {"met": "yes", "minutes": 90, "goal-progress": 4, "blockers": ["time", "goals"],
                     "help": "Thanks"}


@pytest.mark.parametrize(("answers", "field", "words"), [
    ({**CHECK_IN, "goal-progress": 6}, "answers.goal-progress", "out of range"),
    ({**CHECK_IN, "goal-progress": "4"}, "answers.goal-progress", "whole number"),
    ({**CHECK_IN, "goal-progress": True}, "answers.goal-progress", "whole number"),
    ({**CHECK_IN, "minutes": -5}, "answers.minutes", "at least 0"),
    ({**CHECK_IN, "minutes": "ninety"}, "answers.minutes", "must be a number"),
    ({**CHECK_IN, "met": "maybe"}, "answers.met", "choose one of: yes, no"),
    ({**CHECK_IN, "blockers": ["time", "weather"]}, "answers.blockers", "'weather' is not a choice"),
    ({**CHECK_IN, "help": "x" * 201}, "answers.help", "the limit is 200"),
    ({"met": "yes", "goal-progress": 3}, "answers.minutes", "needs an answer"),
    ({**CHECK_IN, "mood": 5}, "answers.mood", "not a question of this survey"),
])
def test_bad_answers_name_the_question(answers: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as error:
        validate(get_definition("monthly-check-in"), answers)
    assert error.value.field == field
    assert words in error.value.message


def test_every_problem_is_listed_not_just_the_first() -> None:
    with pytest.raises(InvalidInput) as error:
        validate(get_definition("end-of-program"), {"satisfaction": 9, "recommend": 11})
    fields = [d["field"] for d in error.value.details]
    assert fields == ["answers.satisfaction", "answers.recommend", "answers.goals-achieved", "answers.continue"]


def test_answered_marks_are_keyed_and_never_the_plain_id() -> None:
    mark = answer_mark(b"key-1", "p1", "end-of-program", "w1", "sub-ana")
    assert "sub-ana" not in mark and len(mark) == 64
    assert mark == answer_mark(b"key-1", "p1", "end-of-program", "w1", "sub-ana")
    assert mark != answer_mark(b"key-2", "p1", "end-of-program", "w1", "sub-ana")
    assert mark != answer_mark(b"key-1", "p1", "end-of-program", "w2", "sub-ana")


def test_mentor_surveys_reach_mentors_only() -> None:
    mentors = get_definition("mentor-reflection")
    assert [in_audience(mentors, r) for r in ("mentor", "both", "mentee", "peer")] == [True, True, False, False]
    assert all(in_audience(get_definition("kick-off"), r) for r in ("mentor", "mentee", "peer"))

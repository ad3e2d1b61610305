"""Knowledge checks: one answer key, checked by the server, and options that give nothing away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorkit.domain import training
from mentorkit.domain.errors import InvalidInput, NotFound
from mentorkit.domain.models import TrainingCompletionIn

ROOT = Path(__file__).resolve().parents[2]
MODULE_PAGES = sorted(p.stem for p in (ROOT / "content" / "training").glob("*.md") if p.name != "index.md")
QUIZZES = [training.load(module_id) for module_id in training.module_ids()]
QUESTIONS = [q for quiz in QUIZZES for q in quiz.questions]


def right_answers(quiz: training.Quiz) -> dict[str, str]:
    return {q.id: q.answer for q in quiz.questions}


def test_every_module_page_has_a_question_file_and_no_file_is_orphaned() -> None:
    assert training.module_ids() == MODULE_PAGES
    for quiz, module_id in zip(QUIZZES, MODULE_PAGES):
        assert quiz.module_id == module_id


@pytest.mark.parametrize("module_id", training.module_ids())
def test_every_question_file_is_complete(module_id: str) -> None:
    data = json.loads((training.QUESTIONS_DIR / f"{module_id}.json").read_text("utf-8"))
    assert training.problems(data) == []


def test_the_right_answer_is_the_longest_option_in_at_most_a_third_of_questions() -> None:
    def longest_is_right(q: training.Question) -> bool:
        lengths = {o.id: len(o.text) for o in q.options}
        return lengths[q.answer] == max(lengths.values())

    tells = [q.text for q in QUESTIONS if longest_is_right(q)]
    assert len(tells) <= len(QUESTIONS) / 3, f"{len(tells)} of {len(QUESTIONS)}: {tells}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.text[:40])
def test_options_of_a_question_are_of_comparable_length(question: training.Question) -> None:
    lengths = [len(o.text) for o in question.options]
    assert min(lengths) >= 0.7 * max(lengths), f"{question.text}: {lengths}"


def test_the_right_answer_sits_in_every_position_somewhere() -> None:
    # Without the browser's shuffle (no JavaScript), the order in the file is the order shown.
    positions = {[o.id for o in q.options].index(q.answer) for q in QUESTIONS}
    assert positions == {0, 1, 2}


def test_all_right_answers_pass() -> None:
    quiz = training.load("feedback")
    training.check(quiz, right_answers(quiz))


def test_a_wrong_answer_is_refused_naming_the_question() -> None:
    quiz = training.load("feedback")
    second = quiz.questions[1]
    answers = {**right_answers(quiz), second.id: next(o.id for o in second.options if o.id != second.answer)}
    with pytest.raises(InvalidInput) as refused:
        training.check(quiz, answers)
    assert refused.value.field == f"answers.{second.id}"
    assert refused.value.details == {"wrong": [second.id]}
    assert "question 2" in refused.value.message


def test_unanswered_questions_count_as_wrong() -> None:
    quiz = training.load("first-meeting")
    first = quiz.questions[0]
    with pytest.raises(InvalidInput) as refused:
        training.check(quiz, {first.id: first.answer})
    assert refused.value.details["wrong"] == [q.id for q in quiz.questions[1:]]


def test_answers_to_questions_the_module_does_not_have_are_refused() -> None:
    quiz = training.load("first-meeting")
    with pytest.raises(InvalidInput) as refused:
        training.check(quiz, {**right_answers(quiz), "q99": "a"})
    assert refused.value.field == "answers.q99"


def test_an_unknown_module_is_not_found() -> None:
    with pytest.raises(NotFound):
        training.load("no-such-module")
    with pytest.raises(NotFound):
        training.load("../secrets")


def test_a_score_alone_no_longer_records_a_completion() -> None:
    with pytest.raises(ValueError):
        TrainingCompletionIn.model_validate({"score": 3, "total": 3})
    assert TrainingCompletionIn.model_validate({"answers": {"q1": "b"}}).answers == {"q1": "b"}


def test_a_broken_question_file_is_described() -> None:
    found = training.problems({"moduleId": "x", "questions": [
        {"id": "q1", "question": "Is this finished?", "explain": "No.", "answer": "c",
         "options": [{"id": "a", "text": "Yes"}, {"id": "b", "text": "No"}]}]})
    assert "quiz must have 3 to 5 questions" in found
    assert "question 1 has no valid answer id" in found

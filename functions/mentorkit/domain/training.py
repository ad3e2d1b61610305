"""Training knowledge checks: the questions and their answer keys, and the check of a submission.

The questions of each module live in one file, `functions/mentorkit/training/<moduleId>.json`:
the site's build renders them into the module's page (site/hooks/mentorkit.py) and the API
checks submitted answers against them before it records a completion. One source of truth,
shipped inside the Lambda package.

    {"moduleId": "feedback",
     "questions": [{"id": "q1", "question": "…", "explain": "…", "answer": "b",
                    "options": [{"id": "a", "text": "…"}, {"id": "b", "text": "…"}]}]}
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from mentorkit.domain.errors import InvalidInput, NotFound

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "training"
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
MODULE_ID = re.compile(r"^[a-z0-9-]{1,64}$")


class Option(NamedTuple):
    id: str
    text: str


class Question(NamedTuple):
    id: str
    text: str
    options: tuple[Option, ...]
    answer: str
    explain: str


class Quiz(NamedTuple):
    module_id: str
    questions: tuple[Question, ...]


def problems(data: Any) -> list[str]:
    """Everything that makes a module's question file unusable; empty when it is complete."""
    if not isinstance(data, dict):
        return ["the file must hold a JSON object"]
    found = []
    questions = data.get("questions")
    if not isinstance(questions, list) or not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        found.append(f"quiz must have {MIN_QUESTIONS} to {MAX_QUESTIONS} questions")
        questions = questions if isinstance(questions, list) else []
    seen: set[str] = set()
    for number, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            found.append(f"question {number} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"] or item["id"] in seen:
            found.append(f"question {number} needs an id of its own")
        seen.add(str(item.get("id")))
        if not item.get("question"):
            found.append(f"question {number} has no text")
        if not item.get("explain"):
            found.append(f"question {number} has no explanation")
        options = item.get("options")
        if not isinstance(options, list) or len(options) < 2 or not all(
                isinstance(o, dict) and o.get("id") and o.get("text") for o in options):
            found.append(f"question {number} needs at least two options, each with an id and a text")
            continue
        ids = [o["id"] for o in options]
        if len(set(ids)) != len(ids):
            found.append(f"question {number} has two options with one id")
        if item.get("answer") not in ids:
            found.append(f"question {number} has no valid answer id")
    return found


def parse(data: dict[str, Any]) -> Quiz:
    """A checked question file as a Quiz; ValueError naming every problem otherwise."""
    found = problems(data)
    if found:
        raise ValueError("; ".join(found))
    return Quiz(module_id=str(data.get("moduleId", "")), questions=tuple(
        Question(id=q["id"], text=q["question"], explain=q["explain"], answer=q["answer"],
                 options=tuple(Option(id=o["id"], text=o["text"]) for o in q["options"]))
        for q in data["questions"]))


def module_ids() -> list[str]:
    """Every module that has a knowledge check."""
    return sorted(p.stem for p in QUESTIONS_DIR.glob("*.json"))


@cache
def load(module_id: str) -> Quiz:
    """The knowledge check of one module; NotFound when there is none."""
    path = QUESTIONS_DIR / f"{module_id}.json"
    if not MODULE_ID.match(module_id) or not path.is_file():
        raise NotFound(f"There is no training module '{module_id}'.", field="moduleId")
    return parse(json.loads(path.read_text(encoding="utf-8")))


def wrong_answers(quiz: Quiz, answers: dict[str, str]) -> list[str]:
    """The ids of the questions not answered right (unanswered ones included), in page order."""
    return [q.id for q in quiz.questions if answers.get(q.id) != q.answer]


def check(quiz: Quiz, answers: dict[str, str]) -> None:
    """Accept a submission only when every question has its right answer and nothing else is sent."""
    unknown = sorted(set(answers) - {q.id for q in quiz.questions})
    if unknown:
        raise InvalidInput(f"'{unknown[0]}' is not a question of this module.", field=f"answers.{unknown[0]}")
    wrong = wrong_answers(quiz, answers)
    if wrong:
        numbers = ", ".join(str(i) for i, q in enumerate(quiz.questions, start=1) if q.id in wrong)
        raise InvalidInput(f"Not every answer is right yet (question {numbers}): nothing was recorded.",
                           field=f"answers.{wrong[0]}", details={"wrong": wrong})

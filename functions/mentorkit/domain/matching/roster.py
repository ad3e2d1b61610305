"""Reading a roster (JSON or CSV) and a program file into the engine's models.

Errors name the place to fix: `ROSTER.csv line 4, column job_level: …` for CSV, and
`ROSTER.json participant 3 (id 'p-17'), column timezone: …` for JSON.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from pydantic import ValidationError

from .errors import MatchingInputError
from .participants import MatchingConfig, Participant


def _first_problem(error: ValidationError) -> tuple[str, str]:
    """(field, message) of the first validation problem, in plain words."""
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"]) or "(row)"
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        message = "is not a known field"
    elif problem["type"] == "missing":
        message = "is required"
    return field, message


def _participant(row: dict[str, Any], source: str, line: int | None, where: str | None = None) -> Participant:
    try:
        return Participant.model_validate(row)
    except ValidationError as error:
        field, message = _first_problem(error)
        raise MatchingInputError(message, source=f"{source} {where}" if where else source, line=line,
                                 column=field) from None


def read_roster_csv(stream: TextIO, source: str = "ROSTER.csv") -> list[Participant]:
    """A header row of field names; list fields separated by ';'; blank cells mean "not given"."""
    reader = csv.DictReader(stream)
    people: list[Participant] = []
    for row in reader:
        if None in row:
            raise MatchingInputError("more values than the header has columns", source=source, line=reader.line_num)
        cells = {k.strip(): v.strip() for k, v in row.items() if k and v is not None and v.strip()}
        if cells:
            people.append(_participant(cells, source, reader.line_num))
    return people


def read_roster_json(stream: TextIO, source: str = "ROSTER.json") -> list[Participant]:
    """A list of participant objects, or {"participants": [...]}."""
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        raise MatchingInputError(f"not valid JSON ({error.msg}, column {error.colno})", source=source,
                                 line=error.lineno) from None
    if isinstance(data, dict) and "participants" in data:
        data = data["participants"]
    if not isinstance(data, list):
        raise MatchingInputError('expected a list of participants or {"participants": [...]}', source=source)
    people = []
    for n, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise MatchingInputError("each participant must be an object", source=f"{source} participant {n}")
        label = f"participant {n}" + (f" (id {row['id']!r})" if "id" in row else "")
        people.append(_participant(row, source, None, label))
    return people


def read_roster(stream: TextIO, source: str) -> list[Participant]:
    """Pick the reader from the file name: .csv, otherwise JSON."""
    if source.lower().endswith(".csv"):
        return read_roster_csv(stream, source)
    return read_roster_json(stream, source)


def read_program(stream: TextIO, source: str = "PROGRAM.json") -> MatchingConfig:
    """A program's matching settings; unknown keys are refused, not ignored."""
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        raise MatchingInputError(f"not valid JSON ({error.msg}, column {error.colno})", source=source,
                                 line=error.lineno) from None
    try:
        return MatchingConfig.model_validate(data)
    except ValidationError as error:
        field, message = _first_problem(error)
        raise MatchingInputError(message, source=source, column=field) from None

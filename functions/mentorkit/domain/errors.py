"""Domain errors. The API turns them into HTTP in one place (mentorkit.api.errors).

Every error a person can act on names the input at fault (`field`) and may list more
problems (`details`, always a list of {field, message}); `extra` carries facts the client
can use (a program's window).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


class MentorkitError(Exception):
    """Base of every error a person can act on; `field` names the input at fault."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, details: list[dict[str, Any]] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or []
        self.extra = extra or {}


class Unauthorized(MentorkitError):
    code = "unauthorized"


class NotFound(MentorkitError):
    code = "not_found"


class Forbidden(MentorkitError):
    code = "forbidden"


class Conflict(MentorkitError):
    code = "conflict"


class InvalidInput(MentorkitError):
    code = "invalid"

    @classmethod
    def from_validation(cls, error: ValidationError | list[dict[str, Any]], prefix: tuple[str, ...] = ()) -> InvalidInput:
        """The one translation of pydantic's errors into messages a person can act on."""
        problems = describe(error.errors() if isinstance(error, ValidationError) else error, prefix)
        first = problems[0] if problems else {"field": "body", "message": "The request is not valid."}
        return cls(first["message"], field=first["field"], details=problems)


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'goals', 3) → 'goals[3]'; ('path', 'programId') → 'programId'."""
    parts = [p for p in loc if p not in ("body", "path", "query", "header")]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def describe(errors: list[dict[str, Any]], prefix: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """pydantic's error list as [{field, message}], each message naming its field."""
    problems = []
    for error in errors:
        field = field_name((*prefix, *error.get("loc", ())))
        kind = error.get("type", "")
        if kind == "json_invalid":
            problems.append({"field": "body", "message": "The body is not valid JSON."})
        elif kind == "extra_forbidden":
            problems.append({"field": field, "message": f"'{field}' is not a field of this form."})
        elif kind == "missing":
            problems.append({"field": field, "message": f"'{field}' is required."})
        else:
            message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
            problems.append({"field": field, "message": f"{field}: {message}"})
    return problems

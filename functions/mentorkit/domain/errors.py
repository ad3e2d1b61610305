"""Domain errors. The API turns them into HTTP in one place (mentorkit.api.errors)."""

from __future__ import annotations


class MentorkitError(Exception):
    """Base of every error a person can act on; `field` names the input at fault."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}


class NotFound(MentorkitError):
    code = "not_found"


class Forbidden(MentorkitError):
    code = "forbidden"


class Conflict(MentorkitError):
    code = "conflict"


class InvalidInput(MentorkitError):
    code = "invalid"

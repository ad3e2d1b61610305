"""Errors become HTTP here and nowhere else, in one stable JSON shape:

    {"error": {"code": "invalid", "message": "...", "field": "goals", "details": [...]}}
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError, ResponseValidationError

from mentorkit.domain import errors

logger = Logger()

STATUS = {
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Conflict: 409,
    errors.InvalidInput: 422,
}


def error_response(status: int, code: str, message: str, field: str | None = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"code": code, "message": message, "field": field, **extra}
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body={"error": body})


def _field(loc: tuple[Any, ...]) -> str:
    """('body', 'goals', 3) → 'goals[3]'; ('path', 'programId') → 'programId'."""
    parts = [p for p in loc if p not in ("body", "path", "query", "header")]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def _describe(error: dict[str, Any]) -> dict[str, str]:
    field = _field(tuple(error.get("loc", ())))
    kind = error.get("type", "")
    if kind == "json_invalid":
        return {"field": "body", "message": "The body is not valid JSON."}
    if kind == "extra_forbidden":
        return {"field": field, "message": f"'{field}' is not a field of this form."}
    if kind == "missing":
        return {"field": field, "message": f"'{field}' is required."}
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return {"field": field, "message": f"{field}: {message}"}


def register(app: APIGatewayHttpResolver) -> None:
    """Install the exception handlers on the resolver."""

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        problems = [_describe(e) for e in error.errors()]
        first = problems[0] if problems else {"field": "body", "message": "The request is not valid."}
        return error_response(422, "invalid", first["message"], first["field"], details=problems)

    @app.exception_handler([ResponseValidationError, Exception])
    def _unexpected(error: Exception) -> Response:
        # The type and where it happened only: exception messages can quote a person's input.
        frames = traceback.extract_tb(error.__traceback__)[-5:]
        logger.error("unhandled error", extra={"error_type": type(error).__name__,
                                               "at": [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames]})
        return error_response(500, "internal", "Something went wrong on our side. Please try again later.")

    @app.exception_handler(errors.MentorkitError)
    def _domain_error(error: errors.MentorkitError) -> Response:
        status = next((s for cls, s in STATUS.items() if isinstance(error, cls)), 400)
        return error_response(status, error.code, error.message, error.field, **error.details)


def too_large(limit: int) -> dict[str, Any]:
    """Refuse an oversized body before anything parses it (payload format 2.0 response)."""
    body = {"error": {"code": "too_large", "message": f"The body is larger than {limit // 1024} KiB.",
                      "field": "body"}}
    return {"statusCode": 413, "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": json.dumps(body), "isBase64Encoded": False}

"""Errors become HTTP here and nowhere else, in one stable JSON shape:

    {"error": {"code": "invalid", "message": "...", "field": "goals", "details": [{field, message}, ...]}}

`details` is always a list. Every path that refuses a request (domain errors, pydantic's
validation, a body too large, anything unexpected) goes through `envelope`.
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError, ResponseValidationError

from mentorkit.domain import errors

logger = Logger()

STATUS = {
    errors.Unauthorized: 401,
    errors.NotFound: 404,
    errors.Forbidden: 403,
    errors.Conflict: 409,
    errors.InvalidInput: 422,
}


def envelope(code: str, message: str, field: str | None = None, details: list[dict[str, Any]] | None = None,
             **extra: Any) -> dict[str, Any]:
    """The one error body of the API."""
    return {"error": {"code": code, "message": message, "field": field, "details": details or [], **extra}}


def error_response(status: int, error: errors.MentorkitError) -> Response:
    body = envelope(error.code, error.message, error.field, error.details, **error.extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body, headers=headers)


def register(app: APIGatewayHttpResolver) -> None:
    """Install the exception handlers on the resolver."""

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        return error_response(422, errors.InvalidInput.from_validation(list(error.errors())))

    @app.exception_handler([ResponseValidationError, Exception])
    def _unexpected(error: Exception) -> Response:
        # The type and where it happened only: exception messages can quote a person's input.
        frames = traceback.extract_tb(error.__traceback__)[-5:]
        logger.error("unhandled error", extra={"error_type": type(error).__name__,
                                               "at": [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames]})
        return Response(500, content_types.APPLICATION_JSON,
                        envelope("internal", "Something went wrong on our side. Please try again later."))

    @app.exception_handler(errors.MentorkitError)
    def _domain_error(error: errors.MentorkitError) -> Response:
        status = next((s for cls, s in STATUS.items() if isinstance(error, cls)), 400)
        return error_response(status, error)


def too_large(limit: int) -> dict[str, Any]:
    """Refuse an oversized body before anything parses it (payload format 2.0 response)."""
    body = envelope("too_large", f"The body is larger than {limit // 1024} KiB.", "body")
    return {"statusCode": 413, "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": json.dumps(body), "isBase64Encoded": False}

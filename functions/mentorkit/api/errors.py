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
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType, RequestValidationError, ResponseValidationError,
)
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from mentorkit.domain import errors

logger = Logger()

# DynamoDB busy or out of reach: nothing was decided, so the client may simply try again.
BUSY = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
        "TransactionConflictException", "InternalServerError", "ServiceUnavailable"}
UNREACHABLE = (ReadTimeoutError, ConnectTimeoutError, EndpointConnectionError)

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


def lambda_reply(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    """An error answered before the resolver runs, as a payload-2.0 result."""
    return {"statusCode": status, "headers": {"Content-Type": content_types.APPLICATION_JSON, **(headers or {})},
            "body": json.dumps(body), "isBase64Encoded": False}


def refusal(error: errors.MentorkitError) -> dict[str, Any]:
    """A domain error answered before the resolver runs (the caller's identity, a body no route takes)."""
    status = next((s for cls, s in STATUS.items() if isinstance(error, cls)), 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return lambda_reply(status, envelope(error.code, error.message, error.field, error.details, **error.extra), headers)


def internal_error(error: Exception) -> Response:
    """A 500 that says nothing of the cause; the log gets the type and where, never the message
    (exception messages can quote a person's input)."""
    frames = traceback.extract_tb(error.__traceback__)[-5:]
    logger.error("unhandled error", extra={"error_type": type(error).__name__,
                                           "at": [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames]})
    return Response(500, content_types.APPLICATION_JSON,
                    envelope("internal", "Something went wrong on our side. Please try again later."))


def register(app: APIGatewayHttpResolver) -> None:
    """Install the exception handlers on the resolver."""

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported_type(error: RequestUnsupportedContentType) -> Response:
        return Response(415, content_types.APPLICATION_JSON,
                        envelope("unsupported_type", "Send the body as JSON (Content-Type: application/json).",
                                 "Content-Type"))

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        return error_response(422, errors.InvalidInput.from_validation(list(error.errors())))

    @app.exception_handler([ClientError, *UNREACHABLE])
    def _store_unavailable(error: Exception) -> Response:
        if isinstance(error, UNREACHABLE) or error.response["Error"]["Code"] in BUSY:
            logger.warning("the table is busy or out of reach", extra={"error_type": type(error).__name__})
            return Response(503, content_types.APPLICATION_JSON,
                            envelope("unavailable", "The service is busy right now. Please try again in a moment."),
                            headers={"Retry-After": "2"})
        return internal_error(error)

    app.exception_handler([ResponseValidationError, Exception])(internal_error)

    @app.exception_handler(errors.MentorkitError)
    def _domain_error(error: errors.MentorkitError) -> Response:
        status = next((s for cls, s in STATUS.items() if isinstance(error, cls)), 400)
        return error_response(status, error)

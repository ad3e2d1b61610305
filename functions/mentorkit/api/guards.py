"""Requests refused before any route runs: too large, not UTF-8, not JSON, not an object, nested too deep.

API Gateway hands these to the function as they come; without this check they would reach
the JSON parser or the validator and end as a 500. Each refusal is a 4xx in the one envelope.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from mentorkit.api.errors import envelope, lambda_reply

# Roster imports carry a spreadsheet; everything else is a form. Lambda's own limit is 6 MB.
BODY_LIMITS = {"POST /api/programs/{programId}/roster": 5 * 1024 * 1024}
NOT_JSON = {"POST /api/programs/{programId}/roster"}
MAX_DEPTH = 32   # the deepest form is a handful of levels; a few thousand would exhaust the parser


def refuse(event: dict[str, Any], default_limit: int) -> dict[str, Any] | None:
    """A 4xx response for a request no route should see, or None to let it through."""
    route = event.get("routeKey", "")
    limit = BODY_LIMITS.get(route, default_limit)
    body = event.get("body") or ""
    if len(body) > limit:
        return _reply(413, "too_large", f"The body is larger than {limit // 1024} KiB.")
    if event.get("isBase64Encoded") and body:
        try:
            text = base64.b64decode(body, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return _reply(422, "invalid", "The body is not valid UTF-8 text.")
        event["body"], event["isBase64Encoded"] = text, False
    if route in NOT_JSON or not event.get("body"):
        return None
    kind = {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("content-type", "application/json")
    if not kind.split(";")[0].strip().lower().endswith(("/json", "+json")):
        return _reply(415, "unsupported_type", "Send the body as JSON (Content-Type: application/json).")
    try:
        parsed = json.loads(event["body"])
    except RecursionError:
        return _reply(422, "invalid", "The body is nested too deeply.")
    except ValueError:
        return _reply(422, "invalid", "The body is not valid JSON.")
    if not isinstance(parsed, dict):
        return _reply(422, "invalid", "The body must be a JSON object.")
    if _depth(parsed) > MAX_DEPTH:
        return _reply(422, "invalid", "The body is nested too deeply.")
    return None


def _depth(value: Any) -> int:
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            todo += [(v, level + 1) for v in item.values()]
        elif isinstance(item, list):
            todo += [(v, level + 1) for v in item]
    return deepest


def _reply(status: int, code: str, message: str) -> dict[str, Any]:
    return lambda_reply(status, envelope(code, message, "body"))

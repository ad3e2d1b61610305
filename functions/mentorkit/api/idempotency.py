"""Retries never duplicate: a request sent again with the same `Idempotency-Key` header runs once.

The key is the caller's `sub` with the header (never the body: two identical programs
created on purpose are two programs). A fingerprint of the request is stored with it, and
a key reused with a different request is refused (422). The cached answer holds only ids
(a program id, a run id), never personal data, so "delete my data" has nothing to chase here;
the route reads the current item by that id.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Callable

from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.request import Request

from mentorkit.domain.errors import Conflict, InvalidInput
from mentorkit.domain.people import Person
from mentorkit.resources import idempotency_store

HEADER = "idempotency-key"
_invocation: Any = None   # the current invocation's Lambda context: a key's in-progress record expires with it


def remember(context: Any) -> None:
    """Called by the handler on every invocation, before any route runs."""
    global _invocation  # noqa: PLW0603 - one invocation at a time per sandbox
    _invocation = context


def idempotency_key(request: Request) -> str | None:
    value = (request.headers.get(HEADER) or "").strip()
    if len(value) > 128:
        raise InvalidInput("The Idempotency-Key header is at most 128 characters.", field="Idempotency-Key")
    return value or None


# A route parameter: the client's `Idempotency-Key` header, if it sent one.
IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


def fingerprint(request: Any) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def once(operation: str, who: Person, key: str | None, request: Any,
         produce: Callable[[], dict[str, str]]) -> dict[str, str]:
    """Run `produce` once per (caller, key); a retry gets the first answer (ids only) back."""
    if key is None:
        return produce()
    # Imported here, not at the top: only keyed writes need Powertools' idempotency (see resources).
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError, IdempotencyValidationError,
    )

    config = IdempotencyConfig(event_key_jmespath="[sub, key]", payload_validation_jmespath="fingerprint",
                               expires_after_seconds=24 * 3600, lambda_context=_invocation)

    @idempotent_function(data_keyword_argument="record", persistence_store=idempotency_store(), config=config,
                         key_prefix=f"mentorkit.{operation}")
    def run(record: dict[str, Any]) -> dict[str, str]:
        return produce()

    try:
        return run(record={"sub": who.sub, "key": key, "fingerprint": fingerprint(request)})
    except IdempotencyAlreadyInProgressError:
        raise Conflict("The same request is still being processed: try again in a few seconds.") from None
    except IdempotencyValidationError:
        raise InvalidInput("This Idempotency-Key was already used for a different request: send a new key.",
                           field="Idempotency-Key") from None

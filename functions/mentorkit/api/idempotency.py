"""Retries never duplicate: a submission runs once per caller, operation and request.

The key is the caller's `sub` with the client's `Idempotency-Key` header when it sends one
(the site does, one per form submission), else the body. Without the `sub`, two people
sending the same body would share one cached answer.
"""

from __future__ import annotations

from typing import Any, Callable

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError

from mentorkit.api.resources import idempotency_store
from mentorkit.domain.errors import Conflict

# Short, because the cached answer holds personal data that "delete my data" cannot reach.
CONFIG = IdempotencyConfig(expires_after_seconds=600)


def once(router: Router, operation: str, sub: str, request: Any, produce: Callable[[], dict[str, Any]],
         *, body_is_key: bool = True) -> dict[str, Any]:
    """Run `produce` once for this request; a retry gets the first answer back.

    `body_is_key=False` is for requests that people repeat on purpose with the same body (run
    matching again after more sign-ups): only a repeated `Idempotency-Key` marks a retry there.
    """
    header = router.current_event.headers.get("idempotency-key")
    if not header and not body_is_key:
        return produce()
    key = {"sub": sub, "key": header} if header else {"sub": sub, "request": request}

    @idempotent_function(data_keyword_argument="key", persistence_store=idempotency_store(), config=CONFIG,
                         key_prefix=f"mentorkit.{operation}")
    def run(key: dict[str, Any]) -> dict[str, Any]:
        return produce()

    try:
        return run(key=key)
    except IdempotencyAlreadyInProgressError:
        raise Conflict("The same request is still being processed: try again in a few seconds.") from None

"""Who is calling: claims that API Gateway's JWT authorizer verified → a Caller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from mentorkit.domain.errors import Forbidden

COORDINATORS = "coordinators"


@dataclass(frozen=True)
class Caller:
    sub: str
    email: str
    groups: frozenset[str]

    @property
    def is_coordinator(self) -> bool:
        return COORDINATORS in self.groups


def parse_groups(value: Any) -> frozenset[str]:
    """HTTP APIs hand `cognito:groups` over as one string, "[coordinators admins]"."""
    if isinstance(value, list):
        return frozenset(value)
    if not value:
        return frozenset()
    return frozenset(str(value).strip("[]").replace(",", " ").split())


def caller(router: Router) -> Caller:
    """The signed-in caller. Every route but the OpenAPI document sits behind the authorizer."""
    claims = router.current_event.request_context.authorizer.jwt_claim or {}
    return Caller(sub=claims["sub"], email=claims.get("email", ""), groups=parse_groups(claims.get("cognito:groups")))


def require_coordinator(router: Router) -> Caller:
    who = caller(router)
    if not who.is_coordinator:
        raise Forbidden("Only coordinators can do this.")
    return who

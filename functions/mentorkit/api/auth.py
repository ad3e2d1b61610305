"""Who is calling: the claims API Gateway's JWT authorizer verified → one `Person`, once per request.

Trust only what the token proves: the `sub`, the groups, and the e-mail when `email_verified`
is true and the address is at an allowed domain. A token without that (an access token, or an
e-mail changed but not verified) gets a clear 401: every route keys something by e-mail.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from mentorkit.domain.errors import Forbidden, MentorkitError, Unauthorized
from mentorkit.domain.people import Person
from mentorkit.settings import get_settings

CONTEXT_KEY = "person"


def parse_groups(value: Any) -> frozenset[str]:
    """HTTP APIs hand `cognito:groups` over as one string, "[coordinators admins]"."""
    if isinstance(value, list):
        return frozenset(value)
    if not value:
        return frozenset()
    return frozenset(str(value).strip("[]").replace(",", " ").split())


def person_from_claims(claims: dict[str, Any], allowed_domains: tuple[str, ...]) -> Person:
    """The caller as mentorkit knows them, or Unauthorized/Forbidden saying what is wrong."""
    sub = str(claims.get("sub") or "")
    email = str(claims.get("email") or "").strip().casefold()
    if not sub or not email:
        raise Unauthorized("Sign in on the site: this token carries no e-mail address (send the ID token, "
                           "not the access token).", field="Authorization")
    if str(claims.get("email_verified", "")).lower() != "true":
        raise Unauthorized("Your e-mail address is not verified: verify it, then sign in again.",
                           field="Authorization")
    domain = email.rpartition("@")[2]
    if allowed_domains and domain not in allowed_domains:
        raise Forbidden("mentorkit is open to addresses at " + ", ".join(allowed_domains) + ".",
                        field="Authorization")
    return Person(sub=sub, email=email, groups=parse_groups(claims.get("cognito:groups")))


def resolve(event: APIGatewayProxyEventV2, context: dict[str, Any]) -> Person:
    """Resolve the caller once per request and keep them in the resolver's per-request context."""
    if CONTEXT_KEY not in context:
        claims = event.request_context.authorizer.jwt_claim or {}
        context[CONTEXT_KEY] = person_from_claims(claims, get_settings().allowed_email_domains)
    return context[CONTEXT_KEY]


def current_person(request: Request) -> Person:
    return resolve(request.resolved_event, request.context)


# A route parameter: `who: Caller` is the signed-in person.
Caller = Annotated[Person, Depends(current_person)]


def gate(event: dict[str, Any], coordinator_routes: frozenset[str]) -> MentorkitError | None:
    """Who may call this route, decided before the body is even validated (Powertools validates
    bodies before any middleware runs): a caller without a usable identity gets 401/403, an
    employee on a coordinator route 403, whatever they sent."""
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims")
    if claims is None:
        return None   # a public route: API Gateway's authorizer let it through without a token
    try:
        person = person_from_claims(claims, get_settings().allowed_email_domains)
    except MentorkitError as error:
        return error
    if event.get("routeKey") in coordinator_routes and not person.is_coordinator:
        return Forbidden("Only coordinators can do this.")
    return None


def require_coordinator(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Middleware: anyone outside the coordinators group gets 403 before the route runs."""
    if not resolve(app.current_event, app.context).is_coordinator:
        raise Forbidden("Only coordinators can do this.")
    return next_middleware(app)


def coordinators_only(router: Router) -> Router:
    """Put every route of `router` behind the coordinator check: one place per router."""
    for route_key in router._routes:  # noqa: SLF001 - Powertools keeps route middlewares here
        middlewares = router._routes_with_middleware.setdefault(route_key, [])  # noqa: SLF001
        if require_coordinator not in middlewares:
            middlewares.insert(0, require_coordinator)
    return router

"""The API function: wiring only. Routes live in mentorkit.api.routes, rules in mentorkit.services."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentorkit.api import errors, guards, idempotency
from mentorkit.api.auth import coordinators_only, gate, require_coordinator
from mentorkit.api.routes import matching, me, metrics, programs, relationships, signups, surveys
from mentorkit.settings import get_settings

logger = Logger()
app = APIGatewayHttpResolver(enable_validation=True)
for area in (programs, signups, me, matching, relationships, surveys, metrics):
    if hasattr(area, "router"):
        app.include_router(area.router)
    if hasattr(area, "coordinators"):
        app.include_router(coordinators_only(area.coordinators))
errors.register(app)
COORDINATOR_ROUTES = frozenset(f"{route.method} {route.openapi_path}"
                               for route in [*app._static_routes, *app._dynamic_routes]  # noqa: SLF001
                               if require_coordinator in route.middlewares)


@app.get("/api/openapi.json", include_in_schema=False)
def openapi() -> Response[str]:
    # Imported here: the OpenAPI models cost ~0.15 s to import, and only this route needs them.
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    schema = app.get_openapi_json_schema(
        title="mentorkit API",
        version="1",
        description="Sign-ups, matching and surveys for a mentoring program. Send the ID token as a bearer token.",
        security_schemes={"cognito": HTTPBearer(bearerFormat="JWT")},
        security=[{"cognito": []}],
    )
    return Response(200, content_types.APPLICATION_JSON, schema)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    idempotency.CONFIG.register_lambda_context(context)
    denied = gate(event, COORDINATOR_ROUTES)
    if denied is not None:
        return errors.refusal(denied)
    refused = guards.refuse(event, get_settings().max_body_bytes)
    return refused if refused is not None else app.resolve(event, context)

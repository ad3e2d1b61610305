"""The API function: wiring only. Routes live in mentorkit.api.routes, rules in mentorkit.services."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentorkit.api import errors, idempotency
from mentorkit.api.auth import coordinators_only
from mentorkit.api.routes import matching, me, metrics, programs, signups, surveys
from mentorkit.settings import get_settings

logger = Logger()
# Roster imports carry a spreadsheet; everything else is a form. Lambda's own limit is 6 MB.
BODY_LIMITS = {"POST /api/programs/{programId}/roster": 5 * 1024 * 1024}
app = APIGatewayHttpResolver(enable_validation=True)
for area in (programs, signups, me, matching, surveys, metrics):
    if hasattr(area, "router"):
        app.include_router(area.router)
    if hasattr(area, "coordinators"):
        app.include_router(coordinators_only(area.coordinators))
errors.register(app)


@app.get("/api/openapi.json", include_in_schema=False)
def openapi() -> Response[str]:
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
    limit = BODY_LIMITS.get(event.get("routeKey", ""), get_settings().max_body_bytes)
    if len(event.get("body") or "") > limit:
        return errors.too_large(limit)
    return app.resolve(event, context)

"""The API function: wiring only. Routes live in mentorkit.api.routes (one module per area, loaded
by the area's first request: see mentorkit.api.areas), rules in mentorkit.services."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentorkit.api import errors, guards, idempotency
from mentorkit.api.areas import Areas, serving
from mentorkit.api.auth import gate
from mentorkit.settings import get_settings

logger = Logger()
app = APIGatewayHttpResolver(enable_validation=True)
errors.register(app)
areas = Areas(app)


@app.get("/api/openapi.json", include_in_schema=False)
def openapi() -> Response[str]:
    # Imported here: the OpenAPI models cost ~0.15 s to import, and only this route needs them.
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    areas.load_all()
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
    idempotency.remember(context)
    areas.load(*serving(event.get("routeKey", "")))
    denied = gate(event, areas.coordinator_routes)
    if denied is not None:
        return errors.refusal(denied)
    refused = guards.refuse(event, get_settings().max_body_bytes)
    return refused if refused is not None else app.resolve(event, context)

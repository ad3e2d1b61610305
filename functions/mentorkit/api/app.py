"""The API function: wiring only. Routes live in mentorkit.api.routes (one module per area, loaded
by the area's first request: see mentorkit.api.areas), rules in mentorkit.services."""

from __future__ import annotations

import gc
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

# What the frameworks made while importing lives as long as the sandbox, so the collector need
# never walk it again: frozen, it is left out of every collection. Without this, the first full
# collection (which our own import triggers) walked all of it: half of this module's import time.
gc.freeze()

from mentorkit.api import errors, guards, idempotency  # noqa: E402 - after the freeze, on purpose
from mentorkit.api.areas import Areas, serving  # noqa: E402
from mentorkit.api.auth import gate  # noqa: E402
from mentorkit.settings import get_settings  # noqa: E402

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

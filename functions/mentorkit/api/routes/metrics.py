"""A program's metrics for the coordinators' dashboard, as JSON or CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from mentorkit.api.auth import Caller
from mentorkit.api.downloads import csv_file
from mentorkit.api.routes.programs import ProgramId
from mentorkit.resources import store
from mentorkit.services import metrics
from mentorkit.services.metrics import ProgramMetrics

coordinators = Router()


@coordinators.get("/api/programs/<programId>/metrics",
                  summary="Sign-ups, matching, training, activity, satisfaction and response rates (coordinators)")
def program_metrics(  # noqa: N803
    programId: ProgramId,
    who: Caller,
    format: Annotated[Literal["json", "csv"], Query(description="csv downloads the numbers.")] = "json",  # noqa: A002
) -> Response[ProgramMetrics | str]:
    found = metrics.program_metrics(store(), programId, datetime.now(UTC))
    if format == "csv":
        return csv_file(metrics.metrics_csv(found), f"{programId}-metrics.csv")
    return Response(200, content_types.APPLICATION_JSON, found)

"""Matching runs: coordinators start, review and publish them; employees read their matches."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from mentorkit.api.auth import Caller
from mentorkit.api.downloads import csv_file
from mentorkit.api.idempotency import IdempotencyKey, once
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain.run_payloads import MyMatches, PublishOutcome, RunList, RunStarted, RunView
from mentorkit.domain.runs import RunRequest
from mentorkit.resources import invoke_matching, store
from mentorkit.services import runs
from mentorkit.services.notifications import OFF
from mentorkit.settings import get_settings

logger = logging.getLogger(__name__)
router = Router()
coordinators = Router()

RunId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$", description="The matching run's id.")]


def _after_publish(payload: dict[str, str]) -> str:
    """Ask the worker to tidy old versions and send e-mails; say what will happen."""
    try:
        invoke_matching(payload)
    except Exception as error:  # noqa: BLE001 - the publish itself has succeeded
        logger.error("could not hand the publish over to the matching function: %s", type(error).__name__)
        return "Published, but e-mails could not be queued: ask IT to check the matching function."
    if not get_settings().notification_sender:
        return OFF
    return "E-mails to everyone matched are on their way."


@coordinators.post("/api/programs/<programId>/matching-runs", summary="Start a matching run (coordinators)")
def start_run(programId: ProgramId, who: Caller, key: IdempotencyKey,  # noqa: N803
              body: RunRequest | None = None) -> Response[RunStarted]:
    request = body or RunRequest()
    started = RunStarted.model_validate(once(
        "start_run", who, key, {"programId": programId, **request.model_dump(mode="json")},
        lambda: runs.start_run(store(), who, programId, request, invoke_matching).model_dump(mode="json")))
    return Response(202, content_types.APPLICATION_JSON, started,
                    headers={"Location": f"/api/programs/{programId}/matching-runs/{started.run_id}"})


@coordinators.get("/api/programs/<programId>/matching-runs", summary="List a program's matching runs, newest first")
def list_runs(programId: ProgramId, who: Caller) -> RunList:  # noqa: N803
    return runs.list_runs(store(), programId)


@coordinators.get("/api/programs/<programId>/matching-runs/<runId>",
                  summary="A matching run and one page of its pairs and unmatched, with reasons")
def get_run(  # noqa: N803
    programId: ProgramId,
    runId: RunId,
    who: Caller,
    offset: Annotated[int, Query(ge=0, description="Skip this many pairs (and unmatched).")] = 0,
    limit: Annotated[int, Query(ge=0, le=1000, description="At most this many of each; 0 for the run alone.")] = 500,
    format: Annotated[Literal["json", "csv"], Query(description="csv downloads every pair at once.")] = "json",  # noqa: A002
) -> Response[RunView | str]:
    if format == "csv":
        whole = runs.review(store(), programId, runId, 0, runs.ALL)
        return csv_file(runs.pairs_csv(whole), f"{programId}-{runId}-pairs.csv")
    return Response(200, content_types.APPLICATION_JSON, runs.review(store(), programId, runId, offset, limit))


@coordinators.post("/api/programs/<programId>/matching-runs/<runId>/publish",
                   summary="Publish a finished run: its pairs become everyone's matches (coordinators)")
def publish_run(programId: ProgramId, runId: RunId, who: Caller) -> PublishOutcome:  # noqa: N803
    return runs.publish(store(), who, programId, runId, _after_publish)


@router.get("/api/me/matches", summary="Your published matches, with the reasons for each")
def my_matches(who: Caller) -> MyMatches:
    return runs.my_matches(store(), who)

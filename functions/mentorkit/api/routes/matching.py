"""Matching runs: coordinators start, review and publish them; employees read their matches."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import Field

from mentorkit.api.auth import caller, require_coordinator
from mentorkit.api.idempotency import once
from mentorkit.api.resources import lambda_client, store
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain import runs
from mentorkit.domain.matching_input import RunRequest
from mentorkit.domain.models import Model, Signup
from mentorkit.notifications import OFF
from mentorkit.settings import get_settings

logger = logging.getLogger(__name__)
router = Router()

RunId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$", description="The matching run's id.")]


class RunStarted(Model):
    run_id: str
    status: str
    reason: str | None = None


class Person(Model):
    """One side of a pair as a coordinator sees it; `email` is None once the person has withdrawn."""

    email: str | None
    department: str | None = None
    job_level: int | None = None


class BreakdownItem(Model):
    criterion: str
    points: float
    max_points: float
    sentence: str


class PairView(Model):
    mentee: Person
    mentor: Person
    format: str
    track: str | None = None
    score: float
    pinned: bool
    group_id: str | None = None
    reasons: list[str]
    breakdown: list[BreakdownItem]


class UnmatchedView(Model):
    person: Person
    side: str
    format: str | None = None
    reason_code: str
    reason: str


class RejectedPinView(Model):
    mentee: str
    mentor: str
    reason_code: str
    reason: str


class RunView(runs.MatchingRun):
    """A run with its result: every pair with its breakdown and reasons, the unmatched with theirs."""

    published: bool = False
    pairs: list[PairView] = Field(default_factory=list)
    unmatched: list[UnmatchedView] = Field(default_factory=list)
    rejected_pins: list[RejectedPinView] = Field(default_factory=list)


class RunList(Model):
    runs: list[runs.MatchingRun]
    published_run_id: str | None


class MyMatch(Model):
    program_id: str
    program_name: str
    role: str = Field(description="Your role in this pair: mentee, mentor or peer.")
    partner_email: str
    partner_role: str
    score: float
    reasons: list[str]
    published_at: datetime


class MyMatches(Model):
    matches: list[MyMatch]


def _person(sub: str, signups: dict[str, Signup]) -> Person:
    signup = signups.get(sub)
    if signup is None:
        return Person(email=None)
    return Person(email=str(signup.email), department=signup.department, job_level=signup.job_level)


def _invoke(payload: dict[str, str]) -> None:
    lambda_client().invoke(FunctionName=get_settings().matching_function_name, InvocationType="Event",
                           Payload=json.dumps(payload).encode())


def _after_publish(payload: dict[str, str]) -> str:
    """Ask the worker to tidy old versions and send e-mails; say what will happen."""
    try:
        _invoke(payload)
    except Exception as error:  # noqa: BLE001 - the publish itself has succeeded
        logger.error("could not hand the publish over to the matching function: %s", type(error).__name__)
        return "Published, but e-mails could not be queued: ask IT to check the matching function."
    if not get_settings().notification_sender:
        return OFF
    return "E-mails to everyone matched are on their way."


@router.post("/api/programs/<programId>/matching-runs", summary="Start a matching run (coordinators)")
def start_run(programId: ProgramId, body: RunRequest | None = None) -> Response[RunStarted]:  # noqa: N803
    who = require_coordinator(router)
    request = body or RunRequest()

    def start() -> dict:
        db = store()
        run = runs.start_run(db, db.get_program(programId), request, who.email, _invoke)
        return RunStarted(run_id=run.run_id, status=run.status, reason=run.reason).model_dump(
            by_alias=True, exclude_none=True)

    started = once(router, "start_run", who.sub, {"programId": programId, **request.model_dump(mode="json")}, start,
                   body_is_key=False)
    return Response(202, content_types.APPLICATION_JSON, started,
                    headers={"Location": f"/api/programs/{programId}/matching-runs/{started['runId']}"})


@router.get("/api/programs/<programId>/matching-runs", summary="List a program's matching runs, newest first")
def list_runs(programId: ProgramId) -> RunList:  # noqa: N803
    require_coordinator(router)
    db = store()
    db.get_program(programId)
    current = db.get_published(programId)
    return RunList(runs=[runs.as_seen(r) for r in db.list_runs(programId)],
                   published_run_id=current[0].run_id if current else None)


@router.get("/api/programs/<programId>/matching-runs/<runId>", summary="A matching run and its pairs, with reasons")
def get_run(programId: ProgramId, runId: RunId) -> RunView:  # noqa: N803
    require_coordinator(router)
    db = store()
    run = runs.as_seen(db.get_run(programId, runId))
    view = RunView(**run.model_dump())
    result = runs.run_result(db, run)
    if result is None:
        return view
    signups = {s.sub: s for s in db.list_signups(programId)}
    current = db.get_published(programId)
    pairs = [PairView(mentee=_person(p["mentee_id"], signups), mentor=_person(p["mentor_id"], signups),
                      format=p["format"], track=p["track"], score=p["score"], pinned=p["pinned"],
                      group_id=_person(p["group_id"], signups).email if p.get("group_id") else None,
                      reasons=p["reasons"], breakdown=[BreakdownItem(**runs.camel(b)) for b in p["breakdown"]])
             for p in result["pairs"]]
    unmatched = [UnmatchedView(person=_person(u["id"], signups), side=u["side"], format=u["format"],
                               reason_code=u["reason_code"], reason=u["reason"]) for u in result["unmatched"]]
    unmatched += [UnmatchedView(person=_person(e["id"], signups), side="unknown", reason_code=e["reasonCode"],
                                reason=e["reason"]) for e in result.get("excluded", [])]
    rejected = [RejectedPinView(mentee=_person(r["mentee_id"], signups).email or r["mentee_id"],
                                mentor=_person(r["mentor_id"], signups).email or r["mentor_id"],
                                reason_code=r["reason_code"], reason=r["reason"]) for r in result["rejected_pins"]]
    return view.model_copy(update={"pairs": pairs, "unmatched": unmatched, "rejected_pins": rejected,
                                   "published": bool(current and current[0].run_id == runId)})


@router.post("/api/programs/<programId>/matching-runs/<runId>/publish",
             summary="Publish a finished run: its pairs become everyone's matches (coordinators)")
def publish_run(programId: ProgramId, runId: RunId) -> runs.PublishOutcome:  # noqa: N803
    who = require_coordinator(router)
    return runs.publish(store(), programId, runId, who.email, _after_publish)


@router.get("/api/me/matches", summary="Your published matches, with the reasons for each")
def my_matches() -> MyMatches:
    who = caller(router)
    out = []
    for record in runs.my_matches(store(), who.sub):
        if record.format == "peer":
            mine, theirs = "peer", "peer"
        elif record.mentee_sub == who.sub:
            mine, theirs = "mentee", "mentor"
        else:
            mine, theirs = "mentor", "mentee"
        partner = record.mentor_email if record.mentee_sub == who.sub else record.mentee_email
        out.append(MyMatch(program_id=record.program_id, program_name=record.program_name, role=mine,
                           partner_email=partner, partner_role=theirs, score=record.score, reasons=record.reasons,
                           published_at=record.published_at))
    return MyMatches(matches=out)

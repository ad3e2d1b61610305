"""Sign-ups: each employee manages their own; coordinators list, export and import a program's."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from mentorkit.api.auth import Caller
from mentorkit.api.downloads import csv_file
from mentorkit.api.idempotency import IdempotencyKey, once
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain.models import Role, Signup, SignupIn
from mentorkit.domain.roster import RosterImport
from mentorkit.resources import invoke_matching, mailer, store
from mentorkit.services import people, relationships, signups
from mentorkit.services.signups import SignupFilter, SignupList
from mentorkit.settings import get_settings

router = Router()
coordinators = Router()

ImportId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$", description="The roster import's id.")]


@router.get("/api/me/signups", summary="Your sign-ups, in every program")
def my_signups(who: Caller) -> list[Signup]:
    return people.my_signups(store(), who)


@router.put("/api/programs/<programId>/signup", summary="Sign up, or change your sign-up")
def put_signup(programId: ProgramId, body: SignupIn, who: Caller) -> Signup:  # noqa: N803
    return signups.save_signup(store(), who, programId, body)


@router.get("/api/programs/<programId>/signup", summary="Read your sign-up")
def get_signup(programId: ProgramId, who: Caller) -> Signup:  # noqa: N803
    return signups.get_own_signup(store(), programId, who)


@router.delete("/api/programs/<programId>/signup", summary="Withdraw your sign-up")
def withdraw_signup(programId: ProgramId, who: Caller,  # noqa: N803
                    reason: Annotated[str | None, Query(min_length=1, max_length=500, description=(
                        "Needed when you are in a live pair: withdrawing ends it with this reason."))] = None,
                    ) -> Signup:
    """Withdrawn sign-ups stay on record (status `withdrawn`) and are left out of matching;
    signing up again makes them active. `DELETE /api/me` removes them for good. With a live
    pair, the answer is 409 until a `reason` confirms it."""
    return signups.withdraw(store(), programId, who, reason,
                            relationships.tell_partner_of_leaver(mailer(), get_settings().site_url))


@coordinators.get("/api/programs/<programId>/signups",
                  summary="List, count and export a program's sign-ups (coordinators)")
def list_signups(  # noqa: N803
    programId: ProgramId,
    who: Caller,
    role: Annotated[Role | None, Query(description="Only this role.")] = None,
    department: Annotated[str | None, Query(max_length=120, description="Only this department (any case).")] = None,
    status: Annotated[Literal["active", "withdrawn"] | None, Query()] = None,
    format: Annotated[Literal["json", "csv"], Query(description="csv downloads the roster format.")] = "json",  # noqa: A002
) -> Response[SignupList | str]:
    keep = SignupFilter(role=role, department=department, status=status)
    if format == "csv":
        return csv_file(signups.export_csv(store(), programId, keep), f"{programId}-signups.csv")
    return Response(200, content_types.APPLICATION_JSON, signups.list_signups(store(), programId, keep))


@coordinators.post("/api/programs/<programId>/roster",
                   summary="Import sign-ups from a CSV roster (coordinators): 202, then all rows or none")
def import_roster(  # noqa: N803
    programId: ProgramId,
    who: Caller,
    key: IdempotencyKey,
    dryRun: Annotated[bool, Query(description="Check every row; write nothing.")] = False,  # noqa: N803
) -> Response[RosterImport]:
    text = router.current_event.decoded_body or ""
    db = store()
    started = once("import_roster", who, key, {"programId": programId, "dryRun": dryRun, "csv": text},
                   lambda: {"importId": signups.start_import(db, who, programId, text, dry_run=dryRun,
                                                             invoke=invoke_matching).import_id})
    job = signups.get_import(db, programId, started["importId"])
    return Response(202, content_types.APPLICATION_JSON, job,
                    headers={"Location": f"/api/programs/{programId}/roster-imports/{job.import_id}"})


@coordinators.get("/api/programs/<programId>/roster-imports/<importId>",
                  summary="A roster import: its state and report (coordinators)")
def get_import(programId: ProgramId, importId: ImportId, who: Caller) -> RosterImport:  # noqa: N803
    return signups.get_import(store(), programId, importId)

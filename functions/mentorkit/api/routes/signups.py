"""Sign-ups: each employee manages their own; coordinators list, export and import a program's."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from mentorkit.api.auth import Caller, caller, require_coordinator
from mentorkit.api.idempotency import once
from mentorkit.api.resources import store
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain.errors import InvalidInput, NotFound
from mentorkit.domain.models import Model, Role, Signup, SignupIn
from mentorkit.domain.roster import parse_roster, roster_sub, to_csv
from mentorkit.domain.signups import check_signup, check_window
from mentorkit.store import Store

router = Router()


def _adopt_roster_signup(db: Store, program_id: str, who: Caller) -> Signup | None:
    """A person imported from a roster finds their sign-up waiting under their e-mail the first
    time they sign in; from then on it is theirs, under their own `sub`."""
    imported = db.get_signup(program_id, roster_sub(who.email))
    if imported is None:
        return None
    mine = imported.model_copy(update={"sub": who.sub, "email": who.email})
    return mine if db.move_signup(imported.sub, mine) else db.get_signup(program_id, who.sub)


def _own_signup(db: Store, program_id: str, who: Caller) -> Signup | None:
    return db.get_signup(program_id, who.sub) or _adopt_roster_signup(db, program_id, who)


@router.put("/api/programs/<programId>/signup", summary="Sign up, or change your sign-up")
def put_signup(programId: ProgramId, body: SignupIn) -> Signup:  # noqa: N803
    who = caller(router)

    def save() -> dict:
        db = store()
        program = db.get_program(programId)
        now = datetime.now(UTC)
        check_window(program, now)
        check_signup(program, body, who.email)
        previous = _own_signup(db, programId, who)
        signup = Signup(**body.model_dump(), program_id=programId, sub=who.sub, email=who.email,
                        created_at=previous.created_at if previous else now, updated_at=now)
        db.put_signup(signup)
        return signup.model_dump(mode="json", by_alias=True)

    return Signup.model_validate(once(router, "put_signup", who.sub,
                                      {"programId": programId, **body.model_dump(mode="json")}, save))


@router.get("/api/programs/<programId>/signup", summary="Read your sign-up")
def get_signup(programId: ProgramId) -> Signup:  # noqa: N803
    signup = _own_signup(store(), programId, caller(router))
    if signup is None:
        raise NotFound("You have not signed up for this program.", field="programId")
    return signup


@router.delete("/api/programs/<programId>/signup", summary="Withdraw your sign-up")
def withdraw_signup(programId: ProgramId) -> Signup:  # noqa: N803
    """Withdrawn sign-ups stay on record (status `withdrawn`) and are left out of matching;
    signing up again makes them active. `DELETE /api/me` removes them for good."""
    who = caller(router)
    db = store()
    signup = _own_signup(db, programId, who)
    if signup is None or signup.status == "withdrawn":
        raise NotFound("You have no active sign-up for this program.", field="programId")
    withdrawn = signup.model_copy(update={"status": "withdrawn", "updated_at": datetime.now(UTC)})
    db.put_signup(withdrawn)
    return withdrawn


class SignupList(Model):
    signups: list[Signup]
    total: int
    counts: dict[str, dict[str, int]]


@router.get("/api/programs/<programId>/signups", summary="List, count and export a program's sign-ups (coordinators)")
def list_signups(  # noqa: N803
    programId: ProgramId,
    role: Annotated[Role | None, Query(description="Only this role.")] = None,
    department: Annotated[str | None, Query(max_length=120, description="Only this department (any case).")] = None,
    status: Annotated[Literal["active", "withdrawn"] | None, Query()] = None,
    format: Annotated[Literal["json", "csv"], Query(description="csv downloads the roster format.")] = "json",  # noqa: A002
) -> Response[SignupList | str]:
    require_coordinator(router)
    db = store()
    program = db.get_program(programId)
    signups = [s for s in db.list_signups(programId)
               if (role is None or s.role == role) and (status is None or s.status == status)
               and (department is None or s.department.casefold() == department.casefold())]
    if format == "csv":
        return Response(200, "text/csv; charset=utf-8", to_csv(signups), headers={
            "Content-Disposition": f'attachment; filename="{program.program_id}-signups.csv"'})
    counts = {name: dict(Counter(getattr(s, name) for s in signups)) for name in ("role", "department", "status")}
    return Response(200, content_types.APPLICATION_JSON,
                    SignupList(signups=signups, total=len(signups), counts=counts))


class Rejected(Model):
    line: int
    field: str
    message: str


class RosterResult(Model):
    rows: int
    imported: int
    rejected: list[Rejected]
    dry_run: bool


@router.post("/api/programs/<programId>/roster",
             summary="Import sign-ups from a CSV roster (coordinators); all rows or none")
def import_roster(  # noqa: N803
    programId: ProgramId,
    dryRun: Annotated[bool, Query(description="Validate only; write nothing.")] = False,  # noqa: N803
) -> Response[RosterResult]:
    who = require_coordinator(router)
    text = router.current_event.decoded_body or ""
    if not text.strip():
        raise InvalidInput("Send the roster as CSV in the body (Content-Type: text/csv).", field="body")

    def run() -> dict:
        db = store()
        program = db.get_program(programId)
        report = parse_roster(text, program, datetime.now(UTC))
        imported = 0 if dryRun or not report.ok else db.put_signups(report.accepted)
        result = RosterResult(rows=report.rows, imported=imported, dry_run=dryRun,
                              rejected=[Rejected(**vars(r)) for r in report.rejected])
        return result.model_dump(mode="json", by_alias=True)

    result = once(router, "import_roster", who.sub, {"programId": programId, "dryRun": dryRun, "csv": text}, run)
    return Response(422 if result["rejected"] or not result["rows"] else 200, content_types.APPLICATION_JSON, result)

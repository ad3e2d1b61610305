"""Sign-ups: each employee manages their own; coordinators list a program's."""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from mentorkit.api.auth import caller, require_coordinator
from mentorkit.api.resources import store
from mentorkit.api.routes.programs import ProgramId
from mentorkit.domain.errors import NotFound
from mentorkit.domain.models import Signup, SignupIn
from mentorkit.domain.signups import check_signup, check_window

router = Router()


@router.put("/api/programs/<programId>/signup", summary="Sign up, or change your sign-up")
def put_signup(programId: ProgramId, body: SignupIn) -> Signup:  # noqa: N803
    who = caller(router)
    db = store()
    program = db.get_program(programId)
    now = datetime.now(UTC)
    check_window(program, now)
    check_signup(program, body, who.email)
    previous = db.get_signup(programId, who.sub)
    signup = Signup(**body.model_dump(), program_id=programId, sub=who.sub, email=who.email,
                    created_at=previous.created_at if previous else now, updated_at=now)
    db.put_signup(signup)
    return signup


@router.get("/api/programs/<programId>/signup", summary="Read your sign-up")
def get_signup(programId: ProgramId) -> Signup:  # noqa: N803
    who = caller(router)
    signup = store().get_signup(programId, who.sub)
    if signup is None:
        raise NotFound("You have not signed up for this program.", field="programId")
    return signup


@router.delete("/api/programs/<programId>/signup", summary="Withdraw your sign-up")
def delete_signup(programId: ProgramId) -> Response[None]:  # noqa: N803
    who = caller(router)
    if not store().delete_signup(programId, who.sub):
        raise NotFound("You have not signed up for this program.", field="programId")
    return Response(204)


@router.get("/api/programs/<programId>/signups", summary="List a program's sign-ups (coordinators)")
def list_signups(programId: ProgramId) -> list[Signup]:  # noqa: N803
    require_coordinator(router)
    db = store()
    db.get_program(programId)
    return db.list_signups(programId)

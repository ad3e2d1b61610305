"""Programs: every signed-in employee reads them; coordinators open and change them."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from mentorkit.api.auth import Caller
from mentorkit.api.idempotency import IdempotencyKey, once
from mentorkit.domain.models import Program, ProgramIn, ProgramPatch
from mentorkit.resources import store
from mentorkit.services import programs

router = Router()
coordinators = Router()

ProgramId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,80}$", description="The program's id.")]


@router.get("/api/programs", summary="List programs")
def list_programs(who: Caller) -> list[Program]:
    return programs.list_programs(store())


@router.get("/api/programs/<programId>", summary="Read a program")
def get_program(programId: ProgramId, who: Caller) -> Program:  # noqa: N803 - the API's name for it
    return programs.get_program(store(), programId)


@coordinators.post("/api/programs", summary="Open a program (coordinators)")
def create_program(body: ProgramIn, who: Caller, key: IdempotencyKey) -> Response[Program]:
    db = store()
    created = once("create_program", who, key, body.model_dump(mode="json"),
                   lambda: {"programId": programs.create_program(db, who, body).program_id})
    program = programs.get_program(db, created["programId"])
    return Response(201, content_types.APPLICATION_JSON, program,
                    headers={"Location": f"/api/programs/{program.program_id}"})


@coordinators.patch("/api/programs/<programId>", summary="Change a program (coordinators)")
def update_program(programId: ProgramId, body: ProgramPatch, who: Caller) -> Program:  # noqa: N803
    return programs.update_program(store(), programId, body)

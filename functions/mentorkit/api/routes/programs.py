"""Programs: coordinators open and change them; every signed-in employee can read them."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from mentorkit.api.auth import caller, require_coordinator
from mentorkit.api.idempotency import once
from mentorkit.api.resources import store
from mentorkit.domain.models import Program, ProgramIn, ProgramPatch

router = Router()

ProgramId = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,80}$", description="The program's id.")]


def new_program_id(name: str) -> str:
    """Readable in a URL, unique without a lookup: 'spring-2027-cohort-3f9a1c'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "program"
    return f"{slug}-{secrets.token_hex(3)}"


@router.get("/api/programs", summary="List programs")
def list_programs() -> list[Program]:
    caller(router)
    return store().list_programs()


@router.post("/api/programs", summary="Open a program (coordinators)")
def create_program(body: ProgramIn) -> Response[Program]:
    who = require_coordinator(router)

    def create() -> dict:
        program = Program(**body.model_dump(), program_id=new_program_id(body.name),
                          created_at=datetime.now(UTC), created_by=who.email)
        store().create_program(program)
        return program.model_dump(mode="json", by_alias=True)

    created = once(router, "create_program", who.sub, body.model_dump(mode="json"), create)
    return Response(201, content_types.APPLICATION_JSON, created,
                    headers={"Location": f"/api/programs/{created['programId']}"})


@router.get("/api/programs/<programId>", summary="Read a program")
def get_program(programId: ProgramId) -> Program:  # noqa: N803 - the API's name for it
    caller(router)
    return store().get_program(programId)


@router.patch("/api/programs/<programId>", summary="Change a program (coordinators)")
def update_program(programId: ProgramId, body: ProgramPatch) -> Program:  # noqa: N803
    require_coordinator(router)
    programs = store()
    current = programs.get_program(programId)
    changed = Program.model_validate({**current.model_dump(), **body.model_dump(exclude_unset=True)})
    programs.replace_program(changed)
    return changed

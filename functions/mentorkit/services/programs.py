"""Programs: coordinators open and change them; every signed-in employee can read them."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from pydantic import ValidationError

from mentorkit.domain.errors import InvalidInput
from mentorkit.domain.models import Program, ProgramIn, ProgramPatch
from mentorkit.domain.people import Person
from mentorkit.store import Store


def new_program_id(name: str) -> str:
    """Readable in a URL, unique without a lookup: 'spring-2027-cohort-3f9a1c'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "program"
    return f"{slug}-{secrets.token_hex(3)}"


def list_programs(store: Store) -> list[Program]:
    return store.list_programs()


def get_program(store: Store, program_id: str) -> Program:
    return store.get_program(program_id)


def create_program(store: Store, who: Person, body: ProgramIn) -> Program:
    program = Program(**body.model_dump(), program_id=new_program_id(body.name),
                      created_at=datetime.now(UTC), created_by=who.email)
    store.create_program(program)
    return program


def update_program(store: Store, program_id: str, patch: ProgramPatch) -> Program:
    """Apply the fields sent; the result must still be a valid program (window in order)."""
    current = store.get_program(program_id)
    try:
        changed = Program.model_validate({**current.model_dump(), **patch.model_dump(exclude_unset=True)})
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from None
    store.replace_program(changed)
    return changed


def forget_person(store: Store, program_ids: set[str], email: str) -> None:
    """"Delete my data" removes the person from programs' pins and never-pairs too."""
    email = email.casefold()
    for program_id in program_ids:
        program = store.get_program(program_id)
        keep = [[p for p in pairs if email not in (str(x).casefold() for x in p)]
                for pairs in (program.pins, program.forbidden)]
        if keep != [program.pins, program.forbidden]:
            store.replace_program(program.model_copy(update={"pins": keep[0], "forbidden": keep[1]}))

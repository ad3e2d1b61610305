"""A demo program so that a newcomer has something to sign up for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mentorkit.resources import store
from mentorkit.domain.errors import NotFound
from mentorkit.domain.models import Program

DEMO_PROGRAM_ID = "demo-cohort"


def seed_demo_program(now: datetime | None = None) -> Program:
    """Create the demo program once; later runs leave it (and its sign-ups) as they are."""
    db = store()
    try:
        return db.get_program(DEMO_PROGRAM_ID)
    except NotFound:
        pass
    now = now or datetime.now(UTC)
    program = Program(
        program_id=DEMO_PROGRAM_ID, name="Demo mentoring cohort",
        description="A one-to-one program to try mentorkit with: sign up as a mentee or a mentor.",
        format="one_to_one", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=365),
        skills=["Public speaking", "Project management", "Data analysis", "Leadership", "Negotiation",
                "Writing", "Career planning", "Product thinking"],
        created_at=now, created_by="demo@mentorkit.local",
    )
    db.create_program(program)
    return program

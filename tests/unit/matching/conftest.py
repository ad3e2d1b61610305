"""A small, realistic world for matching tests: one factory, sensible defaults."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mentorkit.domain.matching import Participant


@pytest.fixture
def person() -> Callable[..., Participant]:
    """Build a participant; only what a test is about needs saying."""

    def make(id: str, role: str = "mentee", **fields) -> Participant:
        defaults = {
            "email": f"{id}@example.org",
            "name": id.title(),
            "job_level": 6 if role == "mentor" else 3,
            "languages": ["english"],
            "timezone": "Europe/London",
            "skills_wanted": ["python"] if role in ("mentee", "peer") else [],
            "skills_offered": ["python"] if role in ("mentor", "both", "peer") else [],
            "department": "sales" if role == "mentee" else "engineering",
        }
        return Participant(id=id, role=role, **{**defaults, **fields})

    return make

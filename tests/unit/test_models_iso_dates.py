"""Payload models accept what the OpenAPI document they generate says, and nothing looser."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from mentorkit.domain.models import ProgramIn, ProgramPatch

PROGRAM = {"name": "Spring", "opensAt": "2027-01-01T00:00:00Z", "closesAt": "2027-03-01T00:00:00Z"}


@pytest.mark.parametrize("value", [0, 1798761600, 1.5e9])
@pytest.mark.parametrize("model", [ProgramIn, ProgramPatch])
def test_a_number_is_not_a_date(model: Any, value: float) -> None:
    with pytest.raises(ValidationError, match="ISO 8601"):
        model.model_validate({**PROGRAM, "opensAt": value})


def test_iso_8601_text_is_a_date() -> None:
    assert ProgramIn.model_validate(PROGRAM).opens_at.year == 2027
    assert ProgramPatch.model_validate({"closesAt": "2027-03-01T09:00:00+01:00"}).closes_at.hour == 9

"""The payload models refuse what a person could not have meant, and carry the program's settings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from mentorkit.domain.runs import RunRequest
from mentorkit.domain.models import Program, ProgramIn, ProgramPatch, Signup, SignupIn, WeightsIn

WINDOW = {"opensAt": "2027-01-01T00:00:00Z", "closesAt": "2027-02-01T00:00:00Z"}


def program_in(**changes: Any) -> dict[str, Any]:
    return {"name": "Spring 2027 cohort", **WINDOW, **changes}


def errors_of(model: type, body: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize("name", ["Spring\x00cohort", "Spring\ncohort", "Spring\x1b[31m cohort", "Tab\there"])
def test_a_program_name_with_control_characters_is_refused(name: str) -> None:
    (problem,) = errors_of(ProgramIn, program_in(name=name))
    assert problem[0] == "name" and "control characters" in problem[1]
    assert errors_of(ProgramPatch, {"name": name})[0][0] == "name"


def test_a_description_keeps_its_line_breaks_but_not_other_control_characters() -> None:
    assert ProgramIn.model_validate(program_in(description="Line one\nLine two")).description == "Line one\nLine two"
    assert errors_of(ProgramIn, program_in(description="bell\x07"))[0][0] == "description"


@pytest.mark.parametrize("when", ["0134-03-01T00:00:00Z", "1999-12-31T23:59:59Z", "2101-01-01T00:00:00Z"])
def test_program_dates_outside_2000_to_2100_are_refused(when: str) -> None:
    problems = errors_of(ProgramIn, program_in(opensAt=when, closesAt="2100-06-01T00:00:00Z"))
    assert ("opensAt" in problems[0][0] or "opens_at" in problems[0][0]) and "between 2000 and 2100" in problems[0][1]
    assert "between 2000 and 2100" in errors_of(ProgramPatch, {"closesAt": when})[0][1]


def test_a_program_has_matching_settings_with_defaults_that_a_coordinator_can_change() -> None:
    default = ProgramIn.model_validate(program_in())
    assert (default.weights, default.min_score, default.default_capacity) == (WeightsIn(), 40, 1)
    tuned = ProgramIn.model_validate(program_in(weights={"skills": 50, "languages": 10}, minScore=55,
                                                defaultCapacity=3))
    assert tuned.weights.skills == 50 and tuned.weights.goals is None
    assert tuned.model_dump(mode="json", by_alias=True)["minScore"] == 55
    # The program's weights have the shape a run request's weights have: one can be sent as the other.
    assert RunRequest.model_validate({"weights": tuned.weights.model_dump(by_alias=True)}).weights == tuned.weights
    for bad in ({"minScore": 101}, {"defaultCapacity": 0}, {"weights": {"skills": -1}}, {"weights": {"luck": 5}}):
        assert errors_of(ProgramIn, program_in(**bad))


def test_goal_themes_are_optional_limited_and_refused_with_the_field_named() -> None:
    assert ProgramIn.model_validate(program_in()).goal_themes == []
    themed = ProgramIn.model_validate(program_in(goalThemes=[{"name": " Leadership ", "keywords": ["lead a team"]}]))
    assert themed.model_dump(mode="json", by_alias=True)["goalThemes"] == [{"name": "Leadership",
                                                                          "keywords": ["lead a team"]}]
    too_many = [{"name": f"Theme {i}"} for i in range(21)]
    for bad, field in [([{"name": ""}], "goalThemes.0.name"), ([{"name": "x" * 61}], "goalThemes.0.name"),
                       ([{"name": "A", "keywords": ["k" * 41]}], "goalThemes.0.keywords.0"),
                       ([{"name": "A", "keywords": [f"k{i}" for i in range(13)]}], "goalThemes.0.keywords"),
                       ([{"name": "A", "keywords": ["line\nbreak"]}], "goalThemes.0.keywords.0"),
                       ([{"name": "A", "colour": "red"}], "goalThemes.0.colour"),
                       ([{"name": "Lead"}, {"name": "lead"}], "goalThemes"), (too_many, "goalThemes")]:
        assert errors_of(ProgramIn, program_in(goalThemes=bad))[0][0] == field, bad
        assert errors_of(ProgramPatch, {"goalThemes": bad})[0][0] == field, bad
    patch = ProgramPatch.model_validate({"goalThemes": [{"name": "Sales"}]})
    assert patch.model_dump(exclude_unset=True) == {"goal_themes": [{"name": "Sales"}]}
    program = Program.model_validate({**program_in(), "programId": "p", "createdAt": "2027-01-01T00:00:00Z",
                                      "createdBy": "cy@example.org", **patch.model_dump(exclude_unset=True)})
    assert [(t.name, t.keywords) for t in program.goal_themes] == [("Sales", [])]


def test_a_program_can_be_archived_and_its_patch_carries_the_settings() -> None:
    patch = ProgramPatch.model_validate({"status": "archived", "minScore": 30, "weights": {"goals": 20}})
    assert patch.model_dump(exclude_unset=True) == {"status": "archived", "min_score": 30, "weights": {"goals": 20}}
    program = Program.model_validate({**program_in(), "programId": "p", "status": "archived",
                                      "createdAt": "2027-01-01T00:00:00Z", "createdBy": "cy@example.org"})
    assert not program.accepts_signups(datetime(2027, 1, 15, tzinfo=UTC))
    assert errors_of(ProgramPatch, {"status": "deleted"})


SIGNUP = {"role": "mentee", "department": "Finance", "jobLevel": 3, "timeZone": "Europe/London",
          "languages": ["English"], "consent": True}


def test_a_person_sets_their_own_name_and_notes_on_the_sign_up() -> None:
    signup = SignupIn.model_validate({**SIGNUP, "name": "Ana Ruiz", "notes": "Mornings suit me.\nNot Fridays."})
    assert (signup.name, signup.notes) == ("Ana Ruiz", "Mornings suit me.\nNot Fridays.")
    stored = Signup(**signup.model_dump(), program_id="p", sub="s", email="ana@example.org",
                    created_at=datetime.now(UTC), updated_at=datetime.now(UTC))
    assert stored.name == "Ana Ruiz"
    assert errors_of(SignupIn, {**SIGNUP, "name": "x" * 121})[0][0] == "name"
    assert errors_of(SignupIn, {**SIGNUP, "notes": "x" * 1001})[0][0] == "notes"
    assert errors_of(SignupIn, {**SIGNUP, "name": "Ana\x00"})[0][0] == "name"


def test_the_sign_up_schema_tells_the_form_what_to_say_when_a_field_is_empty() -> None:
    schema = SignupIn.model_json_schema(by_alias=True)["properties"]
    assert schema["languages"]["x-missing"] == "Choose at least one language"
    assert schema["timeZone"]["x-widget"] == "time-zone"
    assert schema["consent"]["x-link"] == "privacy/"
    assert schema["notes"]["maxLength"] == 1000

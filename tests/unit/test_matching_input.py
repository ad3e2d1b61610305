"""The adapter from stored sign-ups and run requests to the matching engine's input."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from mentorkit.domain.matching import Format, Role, match
from mentorkit.domain.matching_input import config_from_program, participant_from_signup
from mentorkit.domain.runs import RunRequest
from mentorkit.domain.models import Program, Signup

NOW = datetime(2027, 3, 1, tzinfo=UTC)


def program(**overrides: Any) -> Program:
    return Program(**{"name": "Spring", "format": "one_to_one", "opens_at": NOW, "closes_at": NOW.replace(year=2028),
                      "program_id": "spring-1", "created_at": NOW, "created_by": "cy@example.org", **overrides})


def signup(email: str, **overrides: Any) -> Signup:
    body = {"role": "mentee", "goals": ["Lead a retro"], "department": "Finance", "job_level": 3,
            "languages": ["English"], "time_zone": "Europe/London", "consent": True, "program_id": "spring-1",
            "sub": f"sub-{email.split('@')[0]}", "email": email, "created_at": NOW, "updated_at": NOW}
    return Signup(**{**body, **overrides})


def test_a_signup_becomes_a_participant_with_the_same_profile() -> None:
    p = participant_from_signup(signup("Ana@Example.org", role="mentor", skills_offered=["Data Analysis"],
                                       capacity=3, manager_email="Boss@example.org", never_pair=["x@example.org"],
                                       meeting_format="virtual", availability_hours=4, location="Leeds"))
    assert p.id == "sub-Ana"
    assert p.email == "ana@example.org"
    assert p.role is Role.MENTOR
    assert p.format is None                          # follows the program
    assert p.skills_offered == ["data analysis"]
    assert p.capacity == 3
    assert p.manager_email == "boss@example.org"
    assert p.never_pair == ["x@example.org"]
    assert p.timezone == "Europe/London"
    assert p.meeting_format.value == "virtual"
    assert p.availability_hours == 4
    assert p.location == "leeds"


def test_a_mentee_capacity_is_ignored() -> None:
    assert participant_from_signup(signup("ana@example.org", capacity=5)).capacity == 1


def test_mixed_programs_keep_each_persons_own_format_else_one_to_one() -> None:
    grouped = signup("ana@example.org", answers={"format": "group"})
    assert participant_from_signup(grouped, "mixed").format is Format.GROUP
    assert participant_from_signup(signup("ben@example.org", answers={"format": "lunch"}), "mixed").format is None
    assert participant_from_signup(grouped, "one_to_one").format is None     # only mixed programs read it
    assert config_from_program(program(format="mixed"), RunRequest()).format is Format.ONE_TO_ONE
    assert config_from_program(program(format="reverse"), RunRequest()).format is Format.REVERSE


def test_run_request_pins_become_ids_and_weights_merge_with_defaults() -> None:
    request = RunRequest.model_validate({"pins": [["Ana@example.org", "max@example.org"],
                                                  ["ghost@example.org", "max@example.org"]],
                                         "forbidden": [["Ben@example.org", "zoe@example.org"]],
                                         "weights": {"skills": 50, "meetingFormat": 0}, "minScore": 55})
    config = config_from_program(program(), request, {"ana@example.org": "sub-ana", "max@example.org": "sub-max"})
    assert config.pins == [("sub-ana", "sub-max"), ("ghost@example.org", "sub-max")]
    assert config.forbidden == [("ben@example.org", "zoe@example.org")]
    assert config.weights.skills == 50 and config.weights.meeting_format == 0 and config.weights.goals == 15
    assert config.min_score == 55


def test_the_programs_goal_themes_reach_the_engine_and_score_a_themed_goal() -> None:
    themed = program(goal_themes=[{"name": "Agile delivery", "keywords": ["retrospective", "scrum"]}])
    config = config_from_program(themed, RunRequest())
    assert [(t.name, t.keywords) for t in config.goal_themes] == [("Agile delivery", ["retrospective", "scrum"])]
    assert config_from_program(program(), RunRequest()).goal_themes == []
    people = [participant_from_signup(signup("ana@example.org", goals=["Run my first retrospective"])),
              participant_from_signup(signup("max@example.org", role="mentor", job_level=6, skills_offered=["Scrum"],
                                             goals=[], department="Sales"))]
    pair = match(people, config).pairs[0]
    assert any("Agile delivery" in reason for reason in pair.reasons_for_mentee)


def test_bad_run_requests_are_refused() -> None:
    with pytest.raises(ValidationError):
        RunRequest.model_validate({"minScore": 101})
    with pytest.raises(ValidationError):
        RunRequest.model_validate({"weights": {"luck": 1}})
    with pytest.raises(ValidationError):
        RunRequest.model_validate({"pins": [["a@example.org"]]})


def test_adapted_signups_run_through_the_engine() -> None:
    people = [participant_from_signup(signup("ana@example.org", skills_wanted=["Writing"])),
              participant_from_signup(signup("zoe@example.org", role="mentor", skills_offered=["Writing"],
                                             job_level=6, department="Legal"))]
    result = match(people, config_from_program(program(), RunRequest()))
    assert [(p.mentee_id, p.mentor_id) for p in result.pairs] == [("sub-ana", "sub-zoe")]



def test_one_address_with_two_signups_is_one_participant_the_sign_in_one() -> None:
    from mentorkit.services.run_execution import participants_from

    roster = signup("ana@example.org", sub="roster:ana@example.org", role="mentor")
    own = signup("ana@example.org", sub="sub-ana", role="mentee")
    people, excluded = participants_from([roster, own], program())
    assert [p.id for p in people] == ["sub-ana"]
    assert [(e["id"], e["reasonCode"]) for e in excluded] == [("roster:ana@example.org", "duplicate")]

"""Issue 4 over real HTTP on DynamoDB Local: the full profile, control over one's data,
coordinators' lists and roster imports, and retries that never duplicate."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from mentorkit.domain import training
from tests.integration.conftest import scan_all


def _program_items(table: Any, program_id: str) -> list[dict]:
    return table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}"))["Items"]


@pytest.mark.parametrize(("change", "field", "why"), [
    ({"skillsWanted": ["Juggling"]}, "skillsWanted[0]", "not one of this program's skills"),
    ({"role": "mentor", "skillsOffered": ["Writing", "Origami"]}, "skillsOffered[1]", "Origami"),
    ({"role": "peer"}, "role", "only for peer programs"),
    ({"timeZone": "Europe/Atlantis"}, "timeZone", "IANA"),
    ({"goals": ["x" * 281]}, "goals[0]", "280"),
    ({"department": "d" * 121}, "department", "120"),
    ({"capacity": 0}, "capacity", "greater than or equal to 1"),
    ({"managerEmail": "not-an-email"}, "managerEmail", "email"),
    ({"neverPair": ["ok@example.org"] * 11}, "neverPair", "10"),
    ({"answers": {"office": "Leeds"}}, "answers.office", "not one of this program's questions"),
])
def test_bad_profiles_get_422_naming_the_field_and_write_nothing(
        employee: Any, program: dict, table: Any, signup_body: Any, change: dict, field: str, why: str) -> None:
    before = _program_items(table, program["programId"])
    reply = employee.put(f"/api/programs/{program['programId']}/signup", signup_body(**change))
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == field
    assert why in reply.body["error"]["message"]
    assert _program_items(table, program["programId"]) == before


def test_self_as_manager_or_never_pair_is_refused(as_user: Any, program: dict, signup_body: Any, table: Any) -> None:
    me = as_user("self-aware@example.org")
    path = f"/api/programs/{program['programId']}/signup"
    reply = me.put(path, signup_body(managerEmail="Self-Aware@example.org"))
    assert (reply.status, reply.body["error"]["field"]) == (422, "managerEmail")
    reply = me.put(path, signup_body(neverPair=["boss@example.org", "self-aware@example.org"]))
    assert (reply.status, reply.body["error"]["field"]) == (422, "neverPair[1]")
    assert me.get(path).status == 404


def test_program_questions_are_asked_and_required_ones_enforced(
        coordinator: Any, employee: Any, program_body: Any, signup_body: Any) -> None:
    program = coordinator.post("/api/programs", program_body(questions=[
        {"id": "office", "label": "Which office are you in?", "required": True}])).body
    path = f"/api/programs/{program['programId']}/signup"
    assert employee.put(path, signup_body()).body["error"]["field"] == "answers.office"
    assert employee.put(path, signup_body(answers={"office": "Leeds"})).body["answers"] == {"office": "Leeds"}


def test_full_profile_is_kept_and_editable(employee: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    profile = signup_body(role="both", skillsWanted=["Leadership"], skillsOffered=["Writing"], capacity=2,
                          interests=["running"], managerEmail="boss@example.org", location="Leeds",
                          availabilityHours=4, ergs=["Women in Tech"], preferOutsideDepartment=True,
                          neverPair=["rival@example.org"], otherSkills="Budgeting")
    saved = employee.put(path, profile).body
    assert {k: saved[k] for k in profile} == profile
    edited = employee.put(path, {**profile, "capacity": 3}).body
    assert edited["capacity"] == 3
    assert edited["createdAt"] == saved["createdAt"]


def test_delete_my_data_removes_every_item_about_me(
        as_user: Any, coordinator: Any, program_body: Any, signup_body: Any, table: Any) -> None:
    me = as_user(f"leaver-{uuid.uuid4().hex[:6]}@example.org")
    programs = [coordinator.post("/api/programs", program_body()).body for _ in range(2)]
    for program in programs:
        assert me.put(f"/api/programs/{program['programId']}/signup", signup_body()).status == 200
    quiz = training.load("first-meeting")
    assert me.put("/api/me/training/first-meeting", {"answers": {q.id: q.answer for q in quiz.questions}}).status == 200
    sub = me.get(f"/api/programs/{programs[0]['programId']}/signup").body["sub"]
    assert len(me.get("/api/me/signups").body) == 2

    reply = me.delete("/api/me")
    assert reply.status == 200
    assert reply.body["deleted"] == 3
    everything = scan_all(table)
    assert not [i for i in everything if sub in str(i.values())]
    assert me.get("/api/me/signups").body == []
    assert me.get("/api/me/training").body == {"completed": []}


def test_coordinator_filters_counts_and_exports(coordinator: Any, as_user: Any, program: dict,
                                               signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}"
    people = [("a", "mentee", "Finance"), ("b", "mentee", "Sales"), ("c", "mentor", "finance")]
    for name, role, department in people:
        as_user(f"{name}-{uuid.uuid4().hex[:4]}@example.org").put(
            f"{path}/signup", signup_body(role=role, department=department))
    everyone = coordinator.get(f"{path}/signups").body
    assert everyone["total"] == 3
    assert everyone["counts"]["role"] == {"mentee": 2, "mentor": 1}
    finance = coordinator.get(f"{path}/signups?department=FINANCE").body
    assert finance["total"] == 2
    assert coordinator.get(f"{path}/signups?role=mentor&department=finance").body["total"] == 1
    assert coordinator.get(f"{path}/signups?role=boss").status == 422

    csv = coordinator.get(f"{path}/signups?format=csv")
    assert csv.status == 200
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.body.strip().splitlines()
    assert lines[0].startswith("email,name,role,goals")
    assert len(lines) == 4


def test_retried_create_with_the_same_key_makes_one_program(coordinator: Any, program_body: Any, table: Any) -> None:
    body = program_body()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = coordinator.post("/api/programs", body, headers=key)
    retry = coordinator.post("/api/programs", body, headers=key)
    assert first.status == retry.status == 201
    assert first.body["programId"] == retry.body["programId"]
    named = [p for p in coordinator.get("/api/programs").body if p["name"] == body["name"]]
    assert len(named) == 1
    other = coordinator.post("/api/programs", body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert other.body["programId"] != first.body["programId"]


def test_two_people_sending_the_same_body_get_their_own_answers(as_user: Any, program: dict,
                                                                signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    key = {"Idempotency-Key": "same-key-for-both"}
    one = as_user("twin-one@example.org").put(path, signup_body(), headers=key)
    two = as_user("twin-two@example.org").put(path, signup_body(), headers=key)
    assert one.body["email"] == "twin-one@example.org"
    assert two.body["email"] == "twin-two@example.org"


def test_a_knowledge_check_is_recorded_only_when_the_server_finds_every_answer_right(as_user: Any) -> None:
    me = as_user(f"trainee-{uuid.uuid4().hex[:6]}@example.org")
    quiz = training.load("feedback")
    right = {q.id: q.answer for q in quiz.questions}
    second = quiz.questions[1]
    wrong = {**right, second.id: next(o.id for o in second.options if o.id != second.answer)}

    for body in ({"score": 4, "total": 4}, {"answers": wrong}, {"answers": {quiz.questions[0].id: quiz.questions[0].answer}}):
        reply = me.put("/api/me/training/feedback", body)
        assert reply.status == 422, body
    assert reply.body["error"]["field"] == f"answers.{second.id}"
    assert me.put("/api/me/training/no-such-module", {"answers": right}).status == 404
    assert me.get("/api/me/training").body == {"completed": []}

    assert me.put("/api/me/training/feedback", {"answers": right}).status == 200
    assert [c["moduleId"] for c in me.get("/api/me/training").body["completed"]] == ["feedback"]

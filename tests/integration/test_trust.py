"""What people rely on: only what the token proves counts, one person is one identity, delete
means delete, retries never lie, and no input gets a 5xx. Each test was a reproduced failure."""

from __future__ import annotations

import gzip
import time
import uuid
from typing import Any

import jwt
import pytest

from tests.conftest import Client
from tests.integration.conftest import scan_all
from tests.integration.test_matching_runs import start, wait_for
from tests.integration.test_roster_import import csv_of, import_roster

MENTORS = ["Max,mentor,,,Legal,7", "Zoe,mentor,,,Marketing,6"]


def roster_program(coordinator: Any, program_body: Any, tag: str, *people: str) -> str:
    """A program whose people come from a roster: `name,role,goals,skillsWanted,department,jobLevel` each."""
    pid = coordinator.post("/api/programs", program_body()).body["programId"]
    rows = [f"{p.split(',')[0].lower()}-{tag}@example.org,{p},Europe/London,English,true" for p in people]
    assert import_roster(coordinator, pid, csv_of(rows))["status"] == "succeeded"
    return pid


# Identity --------------------------------------------------------------------------------
def test_an_unverified_email_claims_nothing(stack: Any, coordinator: Any, program_body: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    pid = roster_program(coordinator, program_body, tag, "Ana,mentee,,Writing,Finance,3", *MENTORS)
    thief = Client(stack.url, stack.issuer.mint(f"ana-{tag}@example.org", verified=False))
    for method, path in (("GET", f"/api/programs/{pid}/signup"), ("GET", "/api/me/matches"),
                         ("DELETE", "/api/me"), ("GET", "/api/programs")):
        reply = thief.call(method, path)
        assert (reply.status, reply.body["error"]["code"]) == (401, "unauthorized"), path
    listed = coordinator.get(f"/api/programs/{pid}/signups").body["signups"]
    assert [s["sub"] for s in listed if s["email"] == f"ana-{tag}@example.org"] == [f"roster:ana-{tag}@example.org"]


def test_a_token_without_an_email_gets_a_clear_401(stack: Any) -> None:
    now = int(time.time())
    access = jwt.encode({"iss": stack.issuer.issuer, "client_id": stack.issuer.client_id, "sub": "abc",
                         "token_use": "access", "iat": now, "exp": now + 600, "scope": "openid"},
                        stack.issuer.key, algorithm="RS256", headers={"kid": stack.issuer.kid})
    reply = Client(stack.url, access).get("/api/programs")
    assert reply.status == 401
    assert "ID token" in reply.body["error"]["message"]


def test_an_imported_person_sees_the_match_published_before_they_first_signed_in(
        stack: Any, as_user: Any, coordinator: Any, program_body: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    pid = roster_program(coordinator, program_body, tag, "Ana,mentee,,Writing,Finance,3", *MENTORS)
    run = wait_for(coordinator, pid, start(coordinator, pid))
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish").body["pairs"] == 1
    ana = as_user(f"ana-{tag}@example.org")
    (match,) = ana.get("/api/me/matches").body["matches"]
    assert match["role"] == "mentee" and match["partnerEmail"].endswith(f"-{tag}@example.org")
    partner = as_user(match["partnerEmail"])
    assert [m["partnerEmail"] for m in partner.get("/api/me/matches").body["matches"]] == [f"ana-{tag}@example.org"]


def test_signing_in_between_a_run_and_its_publish_keeps_the_pair(
        stack: Any, as_user: Any, coordinator: Any, program_body: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    pid = roster_program(coordinator, program_body, tag, "Ana,mentee,,Writing,Finance,3", *MENTORS)
    run = wait_for(coordinator, pid, start(coordinator, pid))
    ana = as_user(f"ana-{tag}@example.org")
    assert not ana.get(f"/api/programs/{pid}/signup").body["sub"].startswith("roster:")   # adopted now
    published = coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish").body
    assert (published["pairs"], published["skippedPairs"]) == (1, 0)
    assert len(ana.get("/api/me/matches").body["matches"]) == 1


def test_nobody_is_paired_with_themselves(as_user: Any, coordinator: Any, program_body: Any,
                                          signup_body: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    pid = coordinator.post("/api/programs", program_body()).body["programId"]
    both = as_user(f"both-{tag}@example.org")
    both.put(f"/api/programs/{pid}/signup", signup_body(role="mentee", skillsWanted=["Writing"]))
    job = import_roster(coordinator, pid, csv_of([f"both-{tag}@example.org,Both,mentor,,,Sales,7,Europe/London,"
                                                  "English,true"]))
    assert job["kept"] == 1
    run = wait_for(coordinator, pid, start(coordinator, pid))
    assert run["pairs"] == []


# Delete means delete ---------------------------------------------------------------------
def test_after_delete_no_table_holds_anything_of_the_person(stack: Any, as_user: Any, coordinator: Any,
                                                            program_body: Any) -> None:
    from mentorkit.resources import dynamodb

    tag = uuid.uuid4().hex[:6]
    email = f"ana-{tag}@example.org"
    pid = roster_program(coordinator, program_body, tag, "Ana,mentee,Run a workshop by May,Writing,Finance,3",
                         *MENTORS)
    ghost = f"ghost-{tag}@example.org"   # a pin naming someone who never signed up comes back rejected
    run = wait_for(coordinator, pid, start(coordinator, pid, {"pins": [[email, ghost]]}))
    assert run["rejectedPins"]
    coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish")
    stack.lambdas.wait()
    ana = as_user(email)
    sub = ana.get(f"/api/programs/{pid}/signup").body["sub"]
    marks = [email, f"roster:{email}", sub, "Run a workshop by May"]

    def traces() -> list[str]:
        found = []
        for name in stack.tables.values():
            items = scan_all(dynamodb().Table(name))
            parts: dict[str, list[dict[str, Any]]] = {}
            for item in items:
                if str(item.get("SK", "")).startswith(("RUNPART#", "IMPORTPART#")):
                    parts.setdefault(item["SK"].rsplit("#", 1)[0], []).append(item)
                elif any(m.casefold() in str(item).casefold() for m in marks):
                    found.append(f"{name}: {item.get('SK', item.get('id'))}")
            for key, chunks in parts.items():
                blob = gzip.decompress(b"".join(bytes(c["data"]) for c in sorted(chunks, key=lambda c: c["SK"])))
                if any(m.casefold().encode() in blob.lower() for m in marks):
                    found.append(f"{name}: {key}")
        return found

    assert traces()
    assert ana.delete("/api/me").status == 200
    assert traces() == []


# Retries that never lie ----------------------------------------------------------------
def test_signing_up_again_after_withdrawing_really_signs_up(employee: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    key = {"Idempotency-Key": "one-form"}
    assert employee.put(path, signup_body(), headers=key).body["status"] == "active"
    assert employee.delete(path).body["status"] == "withdrawn"
    again = employee.put(path, signup_body(), headers=key)
    assert (again.status, again.body["status"]) == (200, "active")
    assert employee.get(path).body["status"] == "active"


def test_the_same_body_twice_without_a_key_makes_two_programs(coordinator: Any, program_body: Any) -> None:
    body = program_body()
    ids = {coordinator.post("/api/programs", body).body["programId"] for _ in range(2)}
    assert len(ids) == 2


def test_a_key_reused_with_another_body_is_refused(coordinator: Any, program_body: Any) -> None:
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert coordinator.post("/api/programs", program_body(), headers=key).status == 201
    name = f"Another {uuid.uuid4().hex[:6]}"
    reply = coordinator.post("/api/programs", program_body(name=name), headers=key)
    assert (reply.status, reply.body["error"]["field"]) == (422, "Idempotency-Key")
    assert not [p for p in coordinator.get("/api/programs").body if p["name"] == name]


# Hostile input ---------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [b'{"role": "mentee", "department": "\xff\xfe"}', b"[" * 5000 + b"]" * 5000,
                                 b'[{"role": "mentee"}]', b'"a string"', b'{"a":' * 50 + b"1" + b"}" * 50])
def test_bodies_that_are_not_json_objects_get_a_4xx_and_write_nothing(employee: Any, coordinator: Any,
                                                                      program: dict, raw: bytes) -> None:
    for client, method, path in ((employee, "PUT", f"/api/programs/{program['programId']}/signup"),
                                 (coordinator, "POST", "/api/programs")):
        before = len(coordinator.get("/api/programs").body)
        reply = client.call(method, path, raw=raw)
        assert reply.status == 422, (path, reply.body)
        assert reply.body["error"]["message"]
        assert len(coordinator.get("/api/programs").body) == before
    assert employee.get(f"/api/programs/{program['programId']}/signup").status == 404


def test_a_valid_signup_inside_an_array_is_not_a_signup(employee: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    import json

    assert employee.call("PUT", path, raw=json.dumps([signup_body()]).encode()).status == 422
    assert employee.get(path).status == 404


def test_patching_a_program_into_nonsense_is_refused(coordinator: Any, program: dict) -> None:
    path = f"/api/programs/{program['programId']}"
    for body in ({"name": None}, {"opensAt": None}, {"closesAt": "2020-01-01T00:00:00Z"}):
        reply = coordinator.patch(path, body)
        assert reply.status == 422, body
        assert reply.body["error"]["details"]
    assert coordinator.get(path).body == program


def test_an_unknown_method_is_a_404_like_api_gateway(coordinator: Any, program: dict) -> None:
    for method in ("OPTIONS", "TRACE", "PROPFIND"):
        reply = coordinator.call(method, f"/api/programs/{program['programId']}")
        assert reply.status == 404, method


# What the partner sees -----------------------------------------------------------------
def test_reasons_shown_to_the_partner_never_reveal_location_or_resource_groups(
        as_user: Any, coordinator: Any, program_body: Any, signup_body: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    pid = coordinator.post("/api/programs", program_body()).body["programId"]
    mentee = as_user(f"mentee-{tag}@example.org")
    mentor = as_user(f"mentor-{tag}@example.org")
    mentee.put(f"/api/programs/{pid}/signup", signup_body(skillsWanted=["Writing"], ergs=["Pride"],
                                                          department="Finance", location="Leeds"))
    mentor.put(f"/api/programs/{pid}/signup", signup_body(role="mentor", skillsOffered=["Writing"], ergs=["Pride"],
                                                          department="Legal", jobLevel=7, location="Leeds"))
    run = wait_for(coordinator, pid, start(coordinator, pid))
    coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish")
    for person in (mentee, mentor):
        (match,) = person.get("/api/me/matches").body["matches"]
        said = " ".join(match["reasons"]).casefold()
        assert match["reasons"] and "writing" in said
        for private in ("pride", "leeds", "group", "location", "office"):
            assert private not in said, private

"""Matching runs over real HTTP on DynamoDB Local: start (202), poll, review, publish, read my match.

The matching function runs in the local server's Lambda emulator, invoked by the API with
boto3 exactly as in AWS.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from tests.integration.conftest import scan_all

Roster = dict[str, Any]


def wait_for(coordinator: Any, pid: str, run_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll a run until it has finished (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = coordinator.get(f"/api/programs/{pid}/matching-runs/{run_id}")
        assert reply.status == 200, reply.body
        if reply.body["status"] in ("succeeded", "failed"):
            return reply.body
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {reply.body['status']} after {timeout} s")


def start(coordinator: Any, pid: str, body: dict[str, Any] | None = None) -> str:
    reply = coordinator.post(f"/api/programs/{pid}/matching-runs", body if body is not None else {})
    assert reply.status == 202, reply.body
    assert reply.body["status"] == "queued"
    return reply.body["runId"]


@pytest.fixture
def roster(as_user: Any, program: dict, signup_body: Any) -> Roster:
    """Three mentees and two mentors (one takes two) in the program; unique e-mails per test."""
    tag = uuid.uuid4().hex[:6]
    pid = program["programId"]
    people: dict[str, Any] = {}
    specs = {
        "ana": dict(role="mentee", skillsWanted=["Leadership"], department="Finance", jobLevel=2),
        "ben": dict(role="mentee", skillsWanted=["Writing"], department="Sales", jobLevel=3),
        "cat": dict(role="mentee", skillsWanted=["Data analysis"], department="Finance", jobLevel=2),
        "max": dict(role="mentor", skillsOffered=["Leadership", "Data analysis"], department="Legal",
                    jobLevel=7, capacity=2),
        "zoe": dict(role="mentor", skillsOffered=["Writing"], department="Marketing", jobLevel=6),
    }
    for name, spec in specs.items():
        client = as_user(f"{name}-{tag}@example.org")
        reply = client.put(f"/api/programs/{pid}/signup", signup_body(**spec))
        assert reply.status == 200, reply.body
        people[name] = client
    return {"pid": pid, "name": program["name"], "tag": tag, "people": people,
            "email": lambda n: f"{n}-{tag}@example.org"}


def test_a_run_answers_202_then_succeeds_with_explained_pairs(coordinator: Any, roster: Roster) -> None:
    pid, email = roster["pid"], roster["email"]
    reply = coordinator.post(f"/api/programs/{pid}/matching-runs", {})
    assert reply.status == 202
    assert reply.headers["location"].endswith(reply.body["runId"])
    run = wait_for(coordinator, pid, reply.body["runId"])
    assert run["status"] == "succeeded", run.get("reason")
    assert run["summary"]["matched"] == 3
    assert run["summary"]["matchedShare"] == 1.0
    pairs = {(p["mentee"]["email"], p["mentor"]["email"]) for p in run["pairs"]}
    assert (email("ben"), email("zoe")) in pairs
    for pair in run["pairs"]:
        assert pair["reasons"] and pair["breakdown"]
        assert {"criterion", "points", "maxPoints", "sentence"} <= set(pair["breakdown"][0])
    listed = coordinator.get(f"/api/programs/{pid}/matching-runs").body
    assert listed["runs"][0]["runId"] == run["runId"]


def test_pairs_respect_capacity_never_pair_and_pins(coordinator: Any, roster: Roster, signup_body: Any) -> None:
    pid, email, people = roster["pid"], roster["email"], roster["people"]
    # Ana will never be paired with Max; Cat is pinned to Zoe.
    people["ana"].put(f"/api/programs/{pid}/signup", signup_body(
        role="mentee", skillsWanted=["Leadership"], department="Finance", jobLevel=2, neverPair=[email("max")]))
    run = wait_for(coordinator, pid, start(coordinator, pid, {"pins": [[email("cat"), email("zoe")]]}))
    assert run["status"] == "succeeded", run.get("reason")
    pairs = [(p["mentee"]["email"], p["mentor"]["email"]) for p in run["pairs"]]
    assert (email("ana"), email("max")) not in pairs
    assert (email("cat"), email("zoe")) in pairs
    assert [p["pinned"] for p in run["pairs"] if p["mentee"]["email"] == email("cat")] == [True]
    assert sum(1 for _, m in pairs if m == email("zoe")) <= 1          # Zoe's capacity is 1
    assert len({a for a, _ in pairs}) == len(pairs)                   # nobody matched twice
    assert run["unmatched"], "someone must be left over, with a reason"
    assert all(u["reason"] for u in run["unmatched"])


def test_who_may_call_each_route(as_user: Any, employee: Any, coordinator: Any, roster: Roster) -> None:
    pid = roster["pid"]
    run_id = start(coordinator, pid)
    wait_for(coordinator, pid, run_id)
    anonymous = as_user(None)
    coordinator_only = [("POST", f"/api/programs/{pid}/matching-runs"), ("GET", f"/api/programs/{pid}/matching-runs"),
                        ("GET", f"/api/programs/{pid}/matching-runs/{run_id}"),
                        ("POST", f"/api/programs/{pid}/matching-runs/{run_id}/publish")]
    for method, path in coordinator_only:
        assert anonymous.call(method, path, {} if method == "POST" else None).status == 401, path
        reply = employee.call(method, path, {} if method == "POST" else None)
        assert reply.status == 403, path
        assert reply.body["error"]["code"] == "forbidden"
    assert anonymous.get("/api/me/matches").status == 401
    assert employee.get("/api/me/matches").status == 200


def test_publish_shows_each_person_their_partner_and_reasons(coordinator: Any, roster: Roster) -> None:
    pid, email, people = roster["pid"], roster["email"], roster["people"]
    run = wait_for(coordinator, pid, start(coordinator, pid))
    assert people["ben"].get("/api/me/matches").body["matches"] == []      # nothing before publishing
    reply = coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish")
    assert reply.status == 200, reply.body
    assert reply.body["pairs"] == 3
    assert "Notifications are off" in reply.body["notifications"]
    ben = people["ben"].get("/api/me/matches").body["matches"]
    assert [(m["partnerEmail"], m["role"], m["partnerRole"]) for m in ben] == [(email("zoe"), "mentee", "mentor")]
    assert ben[0]["reasons"] and ben[0]["programName"] == roster["name"]
    zoe = people["zoe"].get("/api/me/matches").body["matches"]
    assert [(m["partnerEmail"], m["role"]) for m in zoe] == [(email("ben"), "mentor")]
    max_ = people["max"].get("/api/me/matches").body["matches"]
    assert sorted(m["partnerEmail"] for m in max_) == [email("ana"), email("cat")]
    assert coordinator.get(f"/api/programs/{pid}/matching-runs").body["publishedRunId"] == run["runId"]


def _failed_run(pid: str) -> str:
    """A run carried out by the worker's own code with an engine that breaks (fault injection in-process)."""
    from mentorkit.domain.runs import MatchingRun, new_run_id, now
    from mentorkit.resources import store
    from mentorkit.services.run_execution import execute_run

    at = now()
    run = MatchingRun(program_id=pid, run_id=new_run_id(at), status="queued", created_at=at,
                      created_by="coordinator@example.org")
    store().put_run(run, expect=None)
    with pytest.raises(RuntimeError):
        execute_run(store(), pid, run.run_id, matcher=_broken_engine)
    return run.run_id


def test_publishing_a_run_that_has_not_succeeded_is_409_and_writes_nothing(
        coordinator: Any, roster: Roster, table: Any) -> None:
    pid = roster["pid"]
    run = wait_for(coordinator, pid, _failed_run(pid))
    assert run["status"] == "failed"
    before = _program_items(table, pid)
    reply = coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish")
    assert reply.status == 409
    assert reply.body["error"]["field"] == "runId"
    assert _program_items(table, pid) == before
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/no-such-run/publish").status == 404


def test_a_failed_run_says_why_and_leaves_published_matches_alone(
        coordinator: Any, roster: Roster, stack: Any) -> None:
    pid, people = roster["pid"], roster["people"]
    first = wait_for(coordinator, pid, start(coordinator, pid))
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{first['runId']}/publish").status == 200
    stack.lambdas.wait()
    published = {name: client.get("/api/me/matches").body for name, client in people.items()}

    failed = wait_for(coordinator, pid, _failed_run(pid))
    assert failed["status"] == "failed"
    assert "run id" in failed["reason"] and "Traceback" not in failed["reason"]
    assert failed["pairs"] == []
    assert {name: client.get("/api/me/matches").body for name, client in people.items()} == published


def test_a_publish_that_breaks_midway_leaves_the_old_matches(coordinator: Any, roster: Roster, stack: Any) -> None:
    from mentorkit.domain.people import Person
    from mentorkit.resources import store
    from mentorkit.services import runs
    from mentorkit.store import Store

    pid, people, email = roster["pid"], roster["people"], roster["email"]
    first = wait_for(coordinator, pid, start(coordinator, pid))
    coordinator.post(f"/api/programs/{pid}/matching-runs/{first['runId']}/publish")
    stack.lambdas.wait()
    before = {name: client.get("/api/me/matches").body for name, client in people.items()}
    second = wait_for(coordinator, pid, start(coordinator, pid, {"pins": [[email("ben"), email("max")]]}))

    class Crashing(Store):
        def publish_match_set(self, *args: Any, **kwargs: Any) -> None:
            raise RuntimeError("the connection dropped")   # the new version is written, the flip fails

    with pytest.raises(RuntimeError):
        runs.publish(Crashing(store().table), Person("c", "c@example.org"), pid, second["runId"],
                     lambda payload: "not sent")
    assert {name: client.get("/api/me/matches").body for name, client in people.items()} == before


def test_two_runs_racing_to_publish_leave_one_consistent_set(
        coordinator: Any, roster: Roster, table: Any, stack: Any) -> None:
    """Two publishes, as from two Lambda sandboxes: both read the pointer before either flips it."""
    import boto3

    from mentorkit.domain.errors import Conflict
    from mentorkit.domain.people import Person
    from mentorkit.services import runs
    from mentorkit.settings import get_settings
    from mentorkit.store import Store

    pid, people, email = roster["pid"], roster["people"], roster["email"]
    ids = [start(coordinator, pid), start(coordinator, pid, {"pins": [[email("ben"), email("max")]]})]
    results = {run_id: wait_for(coordinator, pid, run_id) for run_id in ids}
    both_written = threading.Barrier(2, timeout=30)

    class Sandbox(Store):
        def write_match_set(self, *args: Any, **kwargs: Any) -> None:
            super().write_match_set(*args, **kwargs)
            both_written.wait()            # neither flips the pointer before both have written

    outcomes: dict[str, Any] = {}

    def publish(run_id: str) -> None:
        settings = get_settings()
        own = boto3.resource("dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint)
        try:
            outcomes[run_id] = runs.publish(Sandbox(own.Table(settings.table_name)), Person("c", "c@example.org"),
                                            pid, run_id, lambda payload: "not sent")
        except Conflict as error:
            outcomes[run_id] = error

    threads = [threading.Thread(target=publish, args=(run_id,)) for run_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [run_id for run_id, outcome in outcomes.items() if not isinstance(outcome, Conflict)]
    assert len(winners) == 1, outcomes
    winner = winners[0]
    assert coordinator.get(f"/api/programs/{pid}/matching-runs").body["publishedRunId"] == winner
    expected = {(p["mentee"]["email"], p["mentor"]["email"]) for p in results[winner]["pairs"]}
    seen = set()
    for name, client in people.items():
        for m in client.get("/api/me/matches").body["matches"]:
            seen.add((email(name), m["partnerEmail"]) if m["role"] == "mentee" else (m["partnerEmail"], email(name)))
    assert seen == expected
    # The loser removed its own version: only the published version's items remain.
    versions = {i["version"] for i in _match_items(table, stack, people, email)}
    assert len(versions) == 1 and next(iter(versions)).startswith(winner)


def test_publishing_again_replaces_the_set_and_tidies_the_old_version(
        coordinator: Any, roster: Roster, table: Any, stack: Any) -> None:
    pid, people, email = roster["pid"], roster["people"], roster["email"]
    first = wait_for(coordinator, pid, start(coordinator, pid))
    second = wait_for(coordinator, pid, start(coordinator, pid, {"pins": [[email("ben"), email("max")]]}))
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{first['runId']}/publish").status == 200
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{first['runId']}/publish").status == 409
    assert coordinator.post(f"/api/programs/{pid}/matching-runs/{second['runId']}/publish").status == 200
    assert stack.lambdas.wait()
    ben = people["ben"].get("/api/me/matches").body["matches"]
    assert [m["partnerEmail"] for m in ben] == [email("max")]
    versions = {i["version"] for i in _match_items(table, stack, people, email)}
    assert len(versions) == 1 and next(iter(versions)).startswith(second["runId"])


def test_delete_my_data_removes_my_published_matches(coordinator: Any, roster: Roster, table: Any, stack: Any) -> None:
    from mentorkit.resources import store

    pid, people, email = roster["pid"], roster["people"], roster["email"]
    run = wait_for(coordinator, pid, start(coordinator, pid))
    coordinator.post(f"/api/programs/{pid}/matching-runs/{run['runId']}/publish")
    stack.lambdas.wait()
    ben_sub = stack.issuer.subject(email("ben"))
    zoe_sub = stack.issuer.subject(email("zoe"))
    assert any(k["SK"].startswith("MATCH#") for k in store().items_about(zoe_sub))   # as mentor, via GSI1
    store().delete_person(ben_sub)
    assert people["zoe"].get("/api/me/matches").body["matches"] == []
    assert not [i for i in _match_items(table, stack, people, email) if ben_sub in (i["PK"], i.get("GSI1PK"))]


def test_run_request_is_validated_before_anything_is_written(coordinator: Any, roster: Roster, table: Any) -> None:
    pid = roster["pid"]
    before = _program_items(table, pid)
    zero = {k: 0 for k in ("skills", "goals", "interests", "languages", "timezone", "seniority", "department",
                           "meetingFormat", "ergs", "availability")}
    for body in ({"minScore": 120}, {"pins": [["not-an-email", "x@example.org"]]}, {"weights": zero},
                 {"weights": {"luck": 5}}):
        reply = coordinator.post(f"/api/programs/{pid}/matching-runs", body)
        assert reply.status == 422, body
        assert reply.body["error"]["message"]
    assert _program_items(table, pid) == before
    assert coordinator.post("/api/programs/no-such-program/matching-runs", {}).status == 404


# -----------------------------------------------------------------------------------
def _broken_engine(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the engine broke")


def _program_items(table: Any, pid: str) -> list[dict[str, Any]]:
    return sorted(table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{pid}"))["Items"],
                  key=lambda i: i["SK"])


def _match_items(table: Any, stack: Any, people: dict[str, Any], email: Any) -> list[dict[str, Any]]:
    """Every published-pair item in the mentees' and mentors' partitions (each pair is in the mentee's)."""
    items = []
    for name in people:
        sub = stack.issuer.subject(email(name))
        items += table.query(KeyConditionExpression=Key("PK").eq(f"USER#{sub}") & Key("SK").begins_with("MATCH#"),
                             ConsistentRead=True)["Items"]
    return items


def test_a_retried_start_makes_one_run_but_a_new_click_makes_another(coordinator: Any, roster: Roster) -> None:
    pid = roster["pid"]
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = coordinator.post(f"/api/programs/{pid}/matching-runs", {}, headers=key)
    retry = coordinator.post(f"/api/programs/{pid}/matching-runs", {}, headers=key)
    assert first.status == retry.status == 202
    assert first.body["runId"] == retry.body["runId"]
    again = coordinator.post(f"/api/programs/{pid}/matching-runs", {}, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert again.body["runId"] != first.body["runId"]
    for run_id in (first.body["runId"], again.body["runId"]):
        wait_for(coordinator, pid, run_id)
    assert len(coordinator.get(f"/api/programs/{pid}/matching-runs").body["runs"]) == 2


def test_delete_my_data_leaves_nothing_of_me_in_runs_or_matches(coordinator: Any, roster: Roster, table: Any,
                                                                stack: Any) -> None:
    """Every item, and every stored run result unpacked, is searched for the person's id and e-mail."""
    import gzip

    from mentorkit.resources import store

    pid, people, email = roster["pid"], roster["people"], roster["email"]
    first = wait_for(coordinator, pid, start(coordinator, pid, {"pins": [[email("ben"), email("zoe")]]}))
    wait_for(coordinator, pid, start(coordinator, pid, {"forbidden": [[email("ana"), email("max")]]}))
    coordinator.post(f"/api/programs/{pid}/matching-runs/{first['runId']}/publish")
    stack.lambdas.wait()
    ben_sub = stack.issuer.subject(email("ben"))

    def traces() -> list[str]:
        found = []
        for item in table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{pid}"))["Items"] \
                + scan_all(store().table):
            text = str(item)
            if "data" in item and item["SK"].startswith("RUNPART#"):
                text += gzip.decompress(bytes(item["data"])).decode()   # a one-part result
            if ben_sub in text or email("ben") in text:
                found.append(item["SK"])
        return found

    assert traces()   # the runs and the published match do mention Ben before
    assert people["ben"].delete("/api/me").status == 200
    assert traces() == []
    review = coordinator.get(f"/api/programs/{pid}/matching-runs/{first['runId']}").body
    assert review["status"] == "succeeded"
    assert email("zoe") not in [p["mentor"]["email"] for p in review["pairs"] if p["mentee"]["email"] is None]
    assert len(review["pairs"]) == 2


def test_the_review_comes_in_pages_that_add_up_to_the_whole_run(coordinator: Any, roster: Roster) -> None:
    pid = roster["pid"]
    whole = wait_for(coordinator, pid, start(coordinator, pid))
    assert (whole["pairsTotal"], whole["nextOffset"]) == (3, None)
    path = f"/api/programs/{pid}/matching-runs/{whole['runId']}"
    pages, offset = [], 0
    while offset is not None:
        page = coordinator.get(f"{path}?offset={offset}&limit=2").body
        pages.append(page)
        offset = page["nextOffset"]
    assert [len(p["pairs"]) for p in pages] == [2, 1]
    assert [p["pairs"] for p in pages][0] + pages[1]["pairs"] == whole["pairs"]
    assert sum(len(p["unmatched"]) for p in pages) == whole["unmatchedTotal"]
    bare = coordinator.get(f"{path}?limit=0").body
    assert (bare["pairs"], bare["status"]) == ([], "succeeded")
    assert coordinator.get(f"{path}?limit=5000").status == 422

"""Relationships over real HTTP on DynamoDB Local: request → accept → goals → meetings → close,
the invariants under parallel accepts, and who may call each route."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from mentorkit.domain.errors import Conflict
from mentorkit.domain.people import Person
from mentorkit.services import relationships
from mentorkit.services.notifications import NotificationReport
from mentorkit.settings import get_settings
from mentorkit.store import Store


TODAY = datetime.now(UTC).date()
YESTERDAY = TODAY - timedelta(days=1)


def no_mail(batch: list) -> NotificationReport:
    return NotificationReport(sent=0, failed=0)


class World:
    """A self-match program with people who sign up on demand, each with a client and a `sub`."""

    def __init__(self, stack: Any, as_user: Any, coordinator: Any, program_body: Any, signup_body: Any,
                 **program: Any) -> None:
        self.stack, self.as_user, self.signup_body = stack, as_user, signup_body
        self.tag = uuid.uuid4().hex[:6]
        reply = coordinator.post("/api/programs", program_body(**{"matchingMode": "both", **program}))
        assert reply.status == 201, reply.body
        self.pid = reply.body["programId"]
        self.name = reply.body["name"]

    def email(self, name: str) -> str:
        return f"{name}-{self.tag}@example.org"

    def sub(self, name: str) -> str:
        return self.stack.issuer.subject(self.email(name))

    def person(self, name: str) -> Person:
        return Person(sub=self.sub(name), email=self.email(name))

    def client(self, name: str) -> Any:
        return self.as_user(self.email(name))

    def join(self, name: str, role: str = "mentee", **spec: Any) -> Any:
        client = self.client(name)
        extra = ({"skillsOffered": ["Leadership"], "jobLevel": 7, "department": "Legal"} if role == "mentor"
                 else {"skillsWanted": ["Leadership"], "jobLevel": 2})
        reply = client.put(f"/api/programs/{self.pid}/signup", self.signup_body(role=role, **{**extra, **spec}))
        assert reply.status == 200, reply.body
        return client

    def request(self, mentee: str, mentor: str) -> str:
        reply = self.client(mentee).post(f"/api/programs/{self.pid}/requests",
                                         {"mentorId": self.sub(mentor), "message": "Hello, could you mentor me?"})
        assert reply.status == 201, reply.body
        return reply.body["requestId"]

    def pair(self, mentee: str = "ana", mentor: str = "max", capacity: int = 2) -> str:
        """Sign both up, request, accept: the new relationship's id."""
        self.join(mentee)
        self.join(mentor, "mentor", capacity=capacity)
        reply = self.client(mentor).post(f"/api/requests/{self.request(mentee, mentor)}/accept")
        assert reply.status == 200, reply.body
        return reply.body["relationshipId"]


@pytest.fixture
def world(stack: Any, as_user: Any, coordinator: Any, program_body: Any, signup_body: Any) -> Any:
    def make(**program: Any) -> World:
        return World(stack, as_user, coordinator, program_body, signup_body, **program)
    return make


def thread_store() -> Store:
    """A Store on its own boto3 session: sessions are not safe to share between threads."""
    settings = get_settings()
    resource = boto3.session.Session().resource("dynamodb", region_name=settings.region,
                                                endpoint_url=settings.dynamodb_endpoint)
    return Store(resource.Table(settings.table_name))


def items(table: Any, pk: str) -> list[dict[str, Any]]:
    return table.query(KeyConditionExpression=Key("PK").eq(pk), ConsistentRead=True)["Items"]


# The journey ---------------------------------------------------------------------------
def test_an_accepted_request_becomes_one_relationship_both_see(world: Any) -> None:
    w = world()
    w.join("ana")
    w.join("max", "mentor", capacity=2)
    w.join("zoe", "mentor")
    to_max, to_zoe = w.request("ana", "max"), w.request("ana", "zoe")
    received = w.client("max").get("/api/me/requests").body
    assert [r["requestId"] for r in received["received"]] == [to_max]
    assert received["received"][0]["partnerEmail"] == w.email("ana")
    reply = w.client("max").post(f"/api/requests/{to_max}/accept")
    assert reply.status == 200, reply.body
    rid = reply.body["relationshipId"]
    mine = w.client("ana").get("/api/me/relationships").body["relationships"]
    assert [(r["relationshipId"], r["role"], r["partnerEmail"], r["status"], r["health"]) for r in mine] == [
        (rid, "mentee", w.email("max"), "active", "healthy")]
    assert w.client("max").get("/api/me/relationships").body["relationships"][0]["role"] == "mentor"
    partner = w.client("max").get(f"/api/relationships/{rid}").body["partner"]
    assert (partner["role"], partner["department"], partner["skills"], partner["goals"]) == (
        "mentee", "Finance", ["Leadership"], ["Lead a project of five people by June"])
    assert "neverPair" not in partner and "managerEmail" not in partner
    sent = {r["requestId"]: r for r in w.client("ana").get("/api/me/requests").body["sent"]}
    assert sent[to_max]["status"] == "accepted" and sent[to_max]["relationshipId"] == rid
    assert sent[to_zoe]["status"] == "withdrawn", "accepting one request withdraws the mentee's others"
    again = w.client("max").post(f"/api/requests/{to_max}/accept")
    assert (again.status, again.body["relationshipId"]) == (200, rid), "a retried accept is the same pair"
    late = w.client("zoe").post(f"/api/requests/{to_zoe}/accept")
    assert late.status == 409 and late.body["error"]["reasonCode"] == "request_closed"


def test_a_mentee_has_at_most_three_open_requests_and_one_per_mentor(world: Any, table: Any) -> None:
    w = world()
    w.join("ana")
    for mentor in ("m1", "m2", "m3", "m4"):
        w.join(mentor, "mentor")
    for mentor in ("m1", "m2", "m3"):
        w.request("ana", mentor)
    before = w.client("ana").get("/api/me/requests").body["sent"]
    fourth = w.client("ana").post(f"/api/programs/{w.pid}/requests", {"mentorId": w.sub("m4"), "message": "Hi"})
    assert fourth.status == 409 and fourth.body["error"]["field"] == "mentorId"
    again = w.client("ana").post(f"/api/programs/{w.pid}/requests", {"mentorId": w.sub("m1"), "message": "Hi"})
    assert again.status == 409
    assert w.client("ana").get("/api/me/requests").body["sent"] == before, "nothing was written"
    assert items(table, f"USER#{w.sub('m4')}") == []


def test_bad_requests_name_the_field_and_write_nothing(world: Any, coordinator: Any, program_body: Any) -> None:
    w = world()
    w.join("ana")
    w.join("max", "mentor")
    w.join("bea", "mentor", neverPair=[w.email("ana")])
    ana = w.client("ana")
    cases = [({"mentorId": w.sub("max")}, 422, "message"),
             ({"mentorId": w.sub("max"), "message": "x" * 1001}, 422, "message"),
             ({"mentorId": w.sub("nobody"), "message": "Hi"}, 422, "mentorId"),
             ({"mentorId": w.sub("ana"), "message": "Hi"}, 422, "mentorId"),
             ({"mentorId": w.sub("bea"), "message": "Hi"}, 422, "mentorId"),
             ({"mentorId": w.sub("max"), "message": "Hi", "extra": 1}, 422, "extra")]
    for body, status, field in cases:
        reply = ana.post(f"/api/programs/{w.pid}/requests", body)
        assert (reply.status, reply.body["error"]["field"]) == (status, field), body
    assert ana.get("/api/me/requests").body == {"sent": [], "received": []}
    # A mentor cannot request, and a coordinator-only program has nothing to request.
    assert w.client("max").post(f"/api/programs/{w.pid}/requests",
                                {"mentorId": w.sub("bea"), "message": "Hi"}).status == 403
    other = coordinator.post("/api/programs", program_body()).body["programId"]
    assert ana.post(f"/api/programs/{other}/requests", {"mentorId": w.sub("max"), "message": "Hi"}).status == 409


def test_a_declined_request_tells_the_mentee_why(world: Any) -> None:
    w = world()
    w.join("ana")
    w.join("max", "mentor")
    request_id = w.request("ana", "max")
    assert w.client("max").post(f"/api/requests/{request_id}/decline", {}).body["error"]["field"] == "reason"
    reply = w.client("max").post(f"/api/requests/{request_id}/decline", {"reason": "I am full this quarter."})
    assert reply.status == 200, reply.body
    sent = w.client("ana").get("/api/me/requests").body["sent"]
    assert (sent[0]["status"], sent[0]["reason"]) == ("declined", "I am full this quarter.")
    assert w.client("max").post(f"/api/requests/{request_id}/accept").status == 409
    w.request("ana", "max")   # a declined request frees its place: asking again is allowed


# Invariants under concurrency ----------------------------------------------------------
def test_parallel_accepts_never_exceed_a_mentors_capacity(world: Any, table: Any) -> None:
    """48 mentees ask one mentor of capacity 3; 48 threads accept at once: exactly 3 pairs."""
    w = world()
    w.join("max", "mentor", capacity=3)
    mentees = [f"m{n:02d}" for n in range(48)]
    requests = []
    for name in mentees:
        w.join(name)
        requests.append(w.request(name, "max"))
    mentor = w.person("max")
    barrier = threading.Barrier(len(requests))

    def accept(request_id: str) -> str:
        db = thread_store()
        barrier.wait()
        try:
            return relationships.accept(db, mentor, request_id, no_mail).relationship_id
        except Conflict as error:
            return f"409:{error.extra.get('reasonCode')}"

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        outcomes = list(pool.map(accept, requests))
    started = [o for o in outcomes if o.startswith("rel-")]
    assert len(started) == 3
    assert sorted(set(outcomes) - set(started)) == ["409:mentor_full"]
    load = table.get_item(Key={"PK": f"PROGRAM#{w.pid}", "SK": f"LOAD#{mentor.sub}"}, ConsistentRead=True)["Item"]
    assert load["active"] == 3
    program_items = items(table, f"PROGRAM#{w.pid}")
    assert len([i for i in program_items if i["SK"].startswith("ACTIVE#")]) == 3
    for rid in started:   # each started pair is whole: relationship, both memberships, accepted request
        assert items(table, f"REL#{rid}")[0]["status"] == "active"
    memberships = [i for i in items(table, f"USER#{mentor.sub}") if i["SK"].startswith("REL#")]
    assert sorted(i["SK"] for i in memberships) == sorted(f"REL#{r}" for r in started)
    statuses = [thread_store().get_request(r).status for r in requests]
    assert statuses.count("accepted") == 3 and statuses.count("open") == 45
    # Over HTTP too: the next accept is a clear 409.
    reply = w.client("max").post(f"/api/requests/{requests[statuses.index('open')]}/accept")
    assert reply.status == 409 and reply.body["error"]["reasonCode"] == "mentor_full"
    assert "as many mentees" in reply.body["error"]["message"]


def test_a_mentee_asking_three_mentors_at_once_gets_exactly_one(world: Any, table: Any) -> None:
    """12 mentees each ask 3 mentors; all 36 accepts race: every mentee ends with one pair, no more."""
    w = world()
    mentors = ["x1", "x2", "x3"]
    for name in mentors:
        w.join(name, "mentor", capacity=10)
    work = []
    for n in range(12):
        mentee = f"e{n:02d}"
        w.join(mentee)
        work += [(w.person(mentor), w.request(mentee, mentor)) for mentor in mentors]
    barrier = threading.Barrier(len(work))

    def accept(job: tuple[Person, str]) -> str:
        db = thread_store()
        barrier.wait()
        try:
            return relationships.accept(db, job[0], job[1], no_mail).relationship_id
        except Conflict as error:
            return f"409:{error.extra.get('reasonCode')}"

    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        outcomes = list(pool.map(accept, work))
    assert len([o for o in outcomes if o.startswith("rel-")]) == 12
    assert set(o for o in outcomes if not o.startswith("rel-")) <= {"409:mentee_taken", "409:request_closed"}
    markers = [i for i in items(table, f"PROGRAM#{w.pid}") if i["SK"].startswith("ACTIVE#")]
    assert len(markers) == 12
    loads = sum(int(thread_store().mentor_load(w.pid, w.sub(m))) for m in mentors)
    assert loads == 12
    left_open = [r for _, r in work if thread_store().get_request(r).status == "open"]
    assert left_open == [], "the other requests of a matched mentee are withdrawn"


# Goals, meetings, hours, closing -------------------------------------------------------
def test_goals_are_for_the_pair_and_coordinators_see_only_counts(world: Any, coordinator: Any) -> None:
    w = world()
    rid = w.pair()
    ana, max_ = w.client("ana"), w.client("max")
    goal_ids = []
    for n in range(1, 3):
        reply = ana.post(f"/api/relationships/{rid}/goals", {"title": f"Goal {n}: present to the board by June"})
        assert reply.status == 201, reply.body
        goal_ids.append(reply.body["goalId"])
    retry = {"Idempotency-Key": uuid.uuid4().hex}
    assert ana.post(f"/api/relationships/{rid}/goals", {"title": "Goal 0: present to the board by June"},
                    headers=retry).status == 201
    goal_ids.append(ana.post(f"/api/relationships/{rid}/goals", {"title": "Goal 0: present to the board by June"},
                             headers=retry).body["goalId"])   # the retry adds nothing
    fourth = max_.post(f"/api/relationships/{rid}/goals", {"title": "One more"})
    assert fourth.status == 409 and fourth.body["error"]["field"] == "goals"
    reply = max_.patch(f"/api/relationships/{rid}/goals/{goal_ids[-1]}",
                       {"status": "in_progress", "note": "First draft done"})
    assert reply.status == 200 and reply.body["notes"] == ["First draft done"]
    assert max_.patch(f"/api/relationships/{rid}/goals/{goal_ids[-1]}", {"status": "won"}).status == 422
    seen = ana.get(f"/api/relationships/{rid}").body
    assert [g["status"] for g in seen["goalList"]] == ["not_started", "not_started", "in_progress"]
    as_coordinator = coordinator.get(f"/api/relationships/{rid}").body
    assert as_coordinator["goals"] == 3
    assert as_coordinator.get("goalList") is None and as_coordinator.get("meetingList") is None
    assert "board" not in str(as_coordinator)


def test_a_retried_meeting_is_one_meeting_and_hours_roll_up(world: Any, table: Any) -> None:
    w = world()
    rid = w.pair()
    ana, max_ = w.client("ana"), w.client("max")
    body = {"heldOn": TODAY.isoformat(), "minutes": 45, "note": "Ana's private thought",
            "nextAt": "2099-04-01T09:30:00Z"}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = ana.post(f"/api/relationships/{rid}/meetings", body, headers=key)
    again = ana.post(f"/api/relationships/{rid}/meetings", body, headers=key)
    assert first.status == again.status == 201, first.body
    assert again.body["meetingId"] == first.body["meetingId"]
    late = max_.post(f"/api/relationships/{rid}/meetings", {"heldOn": YESTERDAY.isoformat(), "minutes": 30})
    assert late.status == 201, late.body
    mine = ana.get(f"/api/relationships/{rid}").body
    assert (mine["meetings"], mine["minutesLogged"]) == (2, 75)
    assert mine["lastMeetingOn"] == TODAY.isoformat(), "a meeting logged late does not move the last meeting back"
    assert sum(mine["hoursByMonth"].values()) == 1.25
    assert mine["hoursByMonth"][TODAY.strftime("%Y-%m")] >= 0.75
    assert [m["note"] for m in mine["meetingList"]] == ["Ana's private thought", None]   # newest first
    theirs = max_.get(f"/api/relationships/{rid}").body
    assert "private thought" not in str(theirs), "a private note is only for its author"
    hours = table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{w.pid}") & Key("SK").begins_with("HOURS#"),
                        ConsistentRead=True)["Items"]
    assert (sum(h["minutes"] for h in hours), sum(h["meetings"] for h in hours)) == (75, 2)
    ics = max_.get(f"/api/relationships/{rid}/next-meeting.ics")
    assert ics.status == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "DTSTART:20990401T093000Z" in ics.body and w.email("ana") in ics.body


def test_bad_meetings_name_the_field_and_write_nothing(world: Any) -> None:
    w = world()
    rid = w.pair()
    ana = w.client("ana")
    day = TODAY.isoformat()
    for body, field in [({"heldOn": day, "minutes": 0}, "minutes"),
                        ({"heldOn": "2999-01-01", "minutes": 30}, "heldOn"),
                        ({"heldOn": "2020-01-01", "minutes": 30}, "heldOn"),
                        ({"heldOn": "not a day", "minutes": 30}, "heldOn"),
                        ({"heldOn": day, "minutes": 30, "nextAt": "2099-01-01T10:00:00"}, "nextAt")]:
        reply = ana.post(f"/api/relationships/{rid}/meetings", body)
        assert (reply.status, reply.body["error"]["field"]) == (422, field), body
    assert ana.get(f"/api/relationships/{rid}/next-meeting.ics").status == 404
    seen = ana.get(f"/api/relationships/{rid}").body
    assert (seen["meetings"], seen["minutesLogged"], seen["meetingList"]) == (0, 0, [])


def test_closing_frees_the_mentors_place_at_once(world: Any, coordinator: Any) -> None:
    w = world()
    rid = w.pair(capacity=1)
    w.join("ben")
    waiting = w.request("ben", "max")
    assert w.client("max").post(f"/api/requests/{waiting}/accept").body["error"]["reasonCode"] == "mentor_full"
    assert w.client("ana").post(f"/api/relationships/{rid}/close", {"outcome": "done", "reason": "x"}).status == 422
    reply = w.client("ana").post(f"/api/relationships/{rid}/close", {"outcome": "completed", "reason": "Goals met."})
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["closeReason"], reply.body["health"]) == ("completed", "Goals met.",
                                                                                         "closed")
    assert w.client("max").post(f"/api/requests/{waiting}/accept").status == 200
    again = coordinator.post(f"/api/relationships/{rid}/close", {"outcome": "cancelled", "reason": "Again"})
    assert again.status == 409
    assert w.client("ana").post(f"/api/relationships/{rid}/meetings",
                                {"heldOn": TODAY.isoformat(), "minutes": 30}).status == 409


def test_coordinators_list_pairs_by_health(world: Any, coordinator: Any, as_user: Any) -> None:
    w = world()
    rid = w.pair()
    listed = coordinator.get(f"/api/programs/{w.pid}/relationships").body
    assert [r["relationshipId"] for r in listed["relationships"]] == [rid]
    assert listed["relationships"][0]["menteeEmail"] == w.email("ana")
    assert listed["counts"] == {"healthy": 1}
    assert coordinator.get(f"/api/programs/{w.pid}/relationships?health=quiet").body["relationships"] == []
    assert coordinator.get(f"/api/programs/{w.pid}/relationships?health=sad").status == 422


def test_deleting_my_data_keeps_my_partners_records(world: Any, table: Any) -> None:
    w = world()
    rid = w.pair()
    w.client("max").post(f"/api/relationships/{rid}/goals", {"title": "Ship the report"})
    w.client("max").post(f"/api/relationships/{rid}/meetings",
                         {"heldOn": TODAY.isoformat(), "minutes": 30, "note": "Max's own note"})
    w.client("ana").post(f"/api/relationships/{rid}/meetings",
                         {"heldOn": TODAY.isoformat(), "minutes": 30, "note": "Ana's own note"})
    assert w.client("ana").delete("/api/me").status == 200
    seen = w.client("max").get(f"/api/relationships/{rid}").body
    assert seen["partnerEmail"] == "removed" and seen["status"] == "cancelled"
    assert [g["title"] for g in seen["goalList"]] == ["Ship the report"]
    assert sorted(m["note"] or "" for m in seen["meetingList"]) == ["", "Max's own note"]
    everything = str(items(table, f"REL#{rid}"))
    assert "Ana's own note" not in everything and w.sub("ana") not in everything and w.email("ana") not in everything
    assert w.client("ana").get("/api/me/relationships").body["relationships"] == []
    assert thread_store().mentor_load(w.pid, w.sub("max")) == 0, "her leaving frees the mentor's place"


# Who may call each route ---------------------------------------------------------------
def test_who_may_call_each_route(world: Any, as_user: Any, employee: Any, coordinator: Any) -> None:
    w = world()
    rid = w.pair()
    goal = w.client("ana").post(f"/api/relationships/{rid}/goals", {"title": "Speak up in meetings"}).body["goalId"]
    w.join("ben")
    w.join("zoe", "mentor")
    pending = w.request("ben", "zoe")
    anonymous, partner = as_user(None), w.client("max")
    meeting = {"heldOn": TODAY.isoformat(), "minutes": 30, "nextAt": "2099-01-01T10:00:00Z"}
    pair_routes = [("GET", f"/api/relationships/{rid}", None),
                   ("POST", f"/api/relationships/{rid}/goals", {"title": "Another goal"}),
                   ("PATCH", f"/api/relationships/{rid}/goals/{goal}", {"status": "in_progress"}),
                   ("POST", f"/api/relationships/{rid}/meetings", meeting),
                   ("GET", f"/api/relationships/{rid}/next-meeting.ics", None)]
    for method, path, body in pair_routes:
        assert anonymous.call(method, path, body).status == 401, path
        assert employee.call(method, path, body).status == 404, path   # existence is private
        assert partner.call(method, path, body).status in (200, 201), path
    for method, path, body in pair_routes[1:]:
        assert coordinator.call(method, path, body).status == 403, path
    assert coordinator.get(f"/api/relationships/{rid}").status == 200
    for method, path, body in [("POST", f"/api/requests/{pending}/accept", None),
                               ("POST", f"/api/requests/{pending}/decline", {"reason": "No"})]:
        assert anonymous.call(method, path, body).status == 401, path
        assert employee.call(method, path, body).status == 404, path
        assert coordinator.call(method, path, body).status == 404, path
        assert w.client("ben").call(method, path, body).status == 403, path   # the mentee cannot answer
    assert anonymous.post(f"/api/programs/{w.pid}/requests", {"mentorId": w.sub("zoe"), "message": "Hi"}).status == 401
    assert employee.post(f"/api/programs/{w.pid}/requests",
                         {"mentorId": w.sub("zoe"), "message": "Hi"}).status == 403   # not signed up
    for path in ("/api/me/requests", "/api/me/relationships"):
        assert anonymous.get(path).status == 401
        assert employee.get(path).status == 200
    listing = f"/api/programs/{w.pid}/relationships"
    assert anonymous.get(listing).status == 401
    assert employee.get(listing).status == 403 and partner.get(listing).status == 403
    assert coordinator.get(listing).status == 200
    close = f"/api/relationships/{rid}/close"
    assert anonymous.post(close, {"outcome": "cancelled", "reason": "x"}).status == 401
    assert employee.post(close, {"outcome": "cancelled", "reason": "x"}).status == 404
    assert coordinator.post(close, {"outcome": "cancelled", "reason": "Coordinator ends it"}).status == 200


def test_every_new_route_is_in_the_openapi_document(as_user: Any) -> None:
    paths = as_user(None).get("/api/openapi.json").body["paths"]
    for path in ("/api/programs/{programId}/recommendations", "/api/programs/{programId}/requests",
                 "/api/me/requests", "/api/requests/{requestId}/accept",
                 "/api/requests/{requestId}/decline", "/api/me/relationships", "/api/relationships/{relationshipId}",
                 "/api/relationships/{relationshipId}/goals", "/api/relationships/{relationshipId}/goals/{goalId}",
                 "/api/relationships/{relationshipId}/meetings",
                 "/api/relationships/{relationshipId}/next-meeting.ics",
                 "/api/relationships/{relationshipId}/close", "/api/programs/{programId}/relationships"):
        assert path in paths, path


def test_withdrawing_with_a_live_pair_asks_first_then_ends_it_with_the_reason(world: Any, coordinator: Any) -> None:
    w = world()
    rid = w.pair()
    ana = w.client("ana")
    asked = ana.delete(f"/api/programs/{w.pid}/signup")
    assert asked.status == 409 and asked.body["error"]["relationships"] == [rid]
    assert ana.get(f"/api/programs/{w.pid}/signup").body["status"] == "active", "nothing changed yet"
    reply = ana.delete(f"/api/programs/{w.pid}/signup?reason=Moving%20teams")
    assert reply.status == 200 and reply.body["status"] == "withdrawn"
    seen = coordinator.get(f"/api/programs/{w.pid}/relationships").body["relationships"][0]
    assert (seen["status"], seen["closeReason"]) == ("cancelled", "Withdrew from the program: Moving teams")
    assert thread_store().mentor_load(w.pid, w.sub("max")) == 0


# Published matches become relationships ------------------------------------------------
def test_a_publish_starts_relationships_and_a_republish_changes_only_what_changed(
        world: Any, coordinator: Any, stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.test_matching_runs import start, wait_for

    w = world(matchingMode="coordinator")
    w.join("ana")
    w.join("ben", skillsWanted=["Writing"])
    w.join("max", "mentor", capacity=2)
    w.join("zoe", "mentor", skillsOffered=["Writing"])
    first = wait_for(coordinator, w.pid, start(coordinator, w.pid, {"minScore": 0,
                                                                    "forbidden": [[w.email("ben"), w.email("zoe")]]}))
    reply = coordinator.post(f"/api/programs/{w.pid}/matching-runs/{first['runId']}/publish")
    assert (reply.status, reply.body["relationshipsStarted"]) == (200, 2), reply.body
    stack.lambdas.wait()
    ana_pair = w.client("ana").get("/api/me/relationships").body["relationships"]
    assert [(r["partnerEmail"], r["status"]) for r in ana_pair] == [(w.email("max"), "active")]
    assert w.client("max").get(f"/api/relationships/{ana_pair[0]['relationshipId']}").body["reasons"]

    second = wait_for(coordinator, w.pid, start(coordinator, w.pid, {"minScore": 0,
                                                                     "pins": [[w.email("ben"), w.email("zoe")]]}))
    reply = coordinator.post(f"/api/programs/{w.pid}/matching-runs/{second['runId']}/publish")
    assert reply.status == 200, reply.body
    assert (reply.body["relationshipsStarted"], reply.body["relationshipsKept"],
            reply.body["relationshipsEnded"]) == (1, 1, 1)
    stack.lambdas.wait()
    assert [r["relationshipId"] for r in w.client("ana").get("/api/me/relationships").body["relationships"]] == [
        ana_pair[0]["relationshipId"]], "Ana's pair is untouched"
    ben = w.client("ben").get("/api/me/relationships").body["relationships"]
    assert [(r["partnerEmail"], r["status"]) for r in ben] == [(w.email("zoe"), "active"), (w.email("max"), "cancelled")]
    # Who the second publish e-mails (the worker's own code, SES in moto): only Ben and Zoe (a new pair)
    # and Max (one of his pairs ended). Ana, whose pair did not change, hears nothing.
    assert sent_by_after_publish(monkeypatch, w.pid, second["runId"]) == {
        w.email("ben"): [f"Your match in {w.name}"], w.email("zoe"): [f"Your match in {w.name}"],
        w.email("max"): [f"Your match in {w.name} has changed"]}


def sent_by_after_publish(monkeypatch: pytest.MonkeyPatch, program_id: str, run_id: str) -> dict[str, list[str]]:
    """Run the matching worker's after-publish step with a sender set and SES in moto (DynamoDB Local
    passes through); who got which subjects."""

    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from mentorkit import resources
    from mentorkit.workers import matching

    sender = "mentoring@example.org"
    settings = get_settings()._replace(notification_sender=sender)
    monkeypatch.setattr(matching, "get_settings", lambda: settings)
    with mock_aws(config={"core": {"passthrough": {"services": ["dynamodb", "lambda"]}}}):
        resources.ses_client.cache_clear()
        try:
            boto3.client("ses", region_name=settings.region).verify_email_identity(EmailAddress=sender)
            matching.after_publish(program_id, run_id)
            sent: dict[str, list[str]] = {}
            for message in ses_backends[DEFAULT_ACCOUNT_ID][settings.region].sent_messages:
                sent.setdefault(message.destinations["ToAddresses"][0], []).append(message.subject)
        finally:
            resources.ses_client.cache_clear()
    return sent


# The health job ------------------------------------------------------------------------
def test_mentorkit_nudge_reports_quiet_pairs_as_of_a_day(world: Any, stack: Any, coordinator: Any) -> None:
    import os

    from typer.testing import CliRunner

    from mentorkit.cli import app

    w = world()
    rid = w.pair()
    args = ["nudge", "--table", stack.tables["Table"], "--endpoint", os.environ["DYNAMODB_ENDPOINT"]]
    later = (TODAY + timedelta(days=30)).isoformat()
    result = CliRunner().invoke(app, [*args, "--as-of", later])
    assert result.exit_code == 0, result.output
    assert f"Nudges as of {later}" in result.output and "quiet pairs nudged" in result.output
    assert thread_store().get_relationship(rid).quiet_nudged_on == TODAY + timedelta(days=30)
    assert CliRunner().invoke(app, [*args, "--as-of", "someday"]).exit_code == 2


# Self-match recommendations ------------------------------------------------------------
def test_recommendations_rank_allowed_mentors_with_reasons_and_free_places(world: Any, coordinator: Any) -> None:
    w = world()
    w.join("ana", skillsWanted=["Writing"], managerEmail=w.email("boss"))
    w.join("wes", "mentor", skillsOffered=["Writing"], capacity=2)      # the best fit
    w.join("lee", "mentor", skillsOffered=["Leadership"])                # allowed, a weaker fit
    w.join("boss", "mentor", skillsOffered=["Writing"])                  # Ana's manager: never
    w.join("jun", "mentor", skillsOffered=["Writing"], jobLevel=1)       # junior to Ana: never
    w.join("full", "mentor", skillsOffered=["Writing"], capacity=1)      # no free place
    w.join("bob")
    accepted = w.client("full").post(f"/api/requests/{w.request('bob', 'full')}/accept")
    assert accepted.status == 200, accepted.body
    w.request("ana", "lee")
    reply = w.client("ana").get(f"/api/programs/{w.pid}/recommendations")
    assert reply.status == 200, reply.body
    found = reply.body["recommendations"]
    assert [r["email"] for r in found] == [w.email("wes"), w.email("lee")]
    wes = found[0]
    assert (wes["mentorId"], wes["freePlaces"], wes["requested"]) == (w.sub("wes"), 2, False)
    assert wes["score"] > found[1]["score"] and wes["reasons"]
    assert found[1]["requested"] is True and reply.body["openRequests"] == 1
    # Only mentees of a self-match program get recommendations.
    assert w.client("wes").get(f"/api/programs/{w.pid}/recommendations").status == 403
    assert w.as_user(None).get(f"/api/programs/{w.pid}/recommendations").status == 401
    plain = world(matchingMode="coordinator")
    plain.join("ana")
    assert plain.client("ana").get(f"/api/programs/{plain.pid}/recommendations").status == 409


def test_an_unmatched_person_reads_why_kindly_and_what_happens_next(world: Any, coordinator: Any, stack: Any) -> None:
    from tests.integration.test_matching_runs import start, wait_for

    w = world(matchingMode="coordinator")
    w.join("ana")
    w.join("ben")
    w.join("max", "mentor", capacity=1)
    run = wait_for(coordinator, w.pid, start(coordinator, w.pid, {"minScore": 0}))
    assert coordinator.post(f"/api/programs/{w.pid}/matching-runs/{run['runId']}/publish").status == 200
    stack.lambdas.wait()
    left = [n for n in ("ana", "ben") if not w.client(n).get("/api/me/matches").body["matches"]]
    assert len(left) == 1
    waiting = w.client(left[0]).get("/api/me/matches").body["waiting"]
    assert [(x["programId"], x["reason"].startswith("There were more people looking than places")) for x in waiting] \
        == [(w.pid, True)]
    assert "waitlist" in waiting[0]["nextSteps"]
    assert "never" not in waiting[0]["reason"].lower()


# Coordinators adjust by hand -----------------------------------------------------------
def test_a_coordinator_pairs_anyone_by_hand_and_rematches_one_person(world: Any, coordinator: Any,
                                                                       employee: Any) -> None:
    w = world(matchingMode="coordinator")
    w.join("ana")
    w.join("ben")
    w.join("max", "mentor", capacity=2)
    w.join("zoe", "mentor")
    path = f"/api/programs/{w.pid}/relationships"
    body = {"menteeEmail": w.email("ana"), "mentorEmail": w.email("max"), "reason": "Both new to Finance."}
    assert employee.post(path, body).status == 403
    assert w.client("max").post(path, body).status == 403
    assert w.as_user(None).post(path, body).status == 401
    first = coordinator.post(path, body)
    assert first.status == 201, first.body
    assert coordinator.post(path, {**body, "mentorEmail": w.email("zoe")}).body["error"]["reasonCode"] == "mentee_taken"
    bad = coordinator.post(path, {**body, "mentorEmail": w.email("ben")})
    assert (bad.status, bad.body["error"]["field"]) == (422, "mentorEmail")
    ben = coordinator.post(path, {"menteeEmail": w.email("ben"), "mentorEmail": w.email("max")}).body["relationshipId"]
    # Re-match Ana alone: close her pair, pair her with Zoe; Ben's pair is untouched.
    rid = first.body["relationshipId"]
    assert coordinator.post(f"/api/relationships/{rid}/close",
                            {"outcome": "cancelled", "reason": "Re-matched by the coordinator"}).status == 200
    assert coordinator.post(path, {**body, "mentorEmail": w.email("zoe")}).status == 201
    ana = w.client("ana").get("/api/me/relationships").body["relationships"]
    assert [(r["partnerEmail"], r["status"]) for r in ana] == [(w.email("zoe"), "active"), (w.email("max"), "cancelled")]
    assert w.client("ben").get(f"/api/relationships/{ben}").body["status"] == "active"
    assert thread_store().mentor_load(w.pid, w.sub("max")) == 1


def test_pins_and_never_pairs_kept_on_the_program_hold_for_every_run(world: Any, coordinator: Any) -> None:
    from tests.integration.test_matching_runs import start, wait_for

    w = world(matchingMode="coordinator")
    w.join("ana")
    w.join("max", "mentor")
    w.join("zoe", "mentor", skillsOffered=["Writing"])
    reply = coordinator.patch(f"/api/programs/{w.pid}", {"pins": [[w.email("ana"), w.email("zoe")]],
                                                         "forbidden": [[w.email("ana"), w.email("max")]]})
    assert reply.status == 200, reply.body
    assert coordinator.get(f"/api/programs/{w.pid}").body["pins"] == [[w.email("ana"), w.email("zoe")]]
    for _ in range(2):   # the next run too: nothing to send again
        run = wait_for(coordinator, w.pid, start(coordinator, w.pid, {"minScore": 0}))
        assert [(p["mentee"]["email"], p["mentor"]["email"], p["pinned"]) for p in run["pairs"]] == [
            (w.email("ana"), w.email("zoe"), True)]
    assert coordinator.patch(f"/api/programs/{w.pid}", {"pins": [["not-an-email", w.email("zoe")]]}).status == 422

"""The first slice over real HTTP on DynamoDB Local: programs, sign-ups, who may do what."""

from __future__ import annotations

from typing import Any

import pytest


def test_anonymous_calls_get_401_from_the_authorizer(as_user: Any, program: dict) -> None:
    anonymous = as_user(None)
    pid = program["programId"]
    for method, path in [("GET", "/api/programs"), ("POST", "/api/programs"), ("GET", f"/api/programs/{pid}"),
                         ("PATCH", f"/api/programs/{pid}"), ("PUT", f"/api/programs/{pid}/signup"),
                         ("GET", f"/api/programs/{pid}/signup"), ("DELETE", f"/api/programs/{pid}/signup"),
                         ("GET", f"/api/programs/{pid}/signups"), ("GET", "/api/me/training"),
                         ("PUT", "/api/me/training/first-meeting")]:
        assert anonymous.call(method, path, {} if method in ("POST", "PUT", "PATCH") else None).status == 401, path


def test_tampered_or_foreign_tokens_get_401(stack: Any, as_user: Any) -> None:
    from tests.conftest import Client

    good = stack.issuer.mint("ana@example.org")
    header, payload, signature = good.split(".")
    tampered = ".".join([header, payload, signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")])
    expired = stack.issuer.mint("ana@example.org", lifetime=-60)
    for token in (tampered, expired, "not-a-jwt"):
        assert Client(stack.url, token).get("/api/programs").status == 401


def test_employees_get_403_on_coordinator_routes(employee: Any, program: dict, program_body: Any) -> None:
    pid = program["programId"]
    assert employee.post("/api/programs", program_body()).status == 403
    assert employee.patch(f"/api/programs/{pid}", {"name": "Mine now"}).status == 403
    reply = employee.get(f"/api/programs/{pid}/signups")
    assert reply.status == 403
    assert reply.body["error"]["code"] == "forbidden"


def test_coordinator_creates_a_program_that_employees_see(coordinator: Any, employee: Any, program_body: Any) -> None:
    created = coordinator.post("/api/programs", program_body(name="Autumn leaders"))
    assert created.status == 201
    assert created.headers["location"] == f"/api/programs/{created.body['programId']}"
    listed = employee.get("/api/programs")
    assert created.body["programId"] in [p["programId"] for p in listed.body]
    one = employee.get(f"/api/programs/{created.body['programId']}")
    assert one.body["name"] == "Autumn leaders"


def test_coordinator_closes_a_program(coordinator: Any, program: dict) -> None:
    reply = coordinator.patch(f"/api/programs/{program['programId']}", {"status": "closed"})
    assert reply.status == 200
    assert reply.body["status"] == "closed"
    assert reply.body["name"] == program["name"]


def test_employee_signs_up_sees_it_and_withdraws(employee: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    saved = employee.put(path, signup_body())
    assert saved.status == 200
    assert saved.body["role"] == "mentee"
    assert saved.body["email"].startswith("employee-")
    assert employee.get(path).body["goals"] == signup_body()["goals"]
    withdrawn = employee.delete(path)
    assert (withdrawn.status, withdrawn.body["status"]) == (200, "withdrawn")
    assert employee.get(path).body["status"] == "withdrawn"
    assert employee.delete(path).status == 404
    assert employee.put(path, signup_body()).body["status"] == "active"


def test_second_signup_updates_the_first(employee: Any, coordinator: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    first = employee.put(path, signup_body()).body
    second = employee.put(path, signup_body(role="mentor")).body
    assert second["createdAt"] == first["createdAt"]
    mine = [s for s in coordinator.get(f"/api/programs/{program['programId']}/signups").body["signups"]
            if s["sub"] == first["sub"]]
    assert [s["role"] for s in mine] == ["mentor"]


def test_identity_comes_from_the_token_not_the_body(employee: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    reply = employee.put(path, signup_body(email="someone-else@example.org"))
    assert reply.status == 422
    assert reply.body["error"]["field"] == "email"


def test_employee_cannot_read_another_employees_signup(as_user: Any, program: dict, signup_body: Any) -> None:
    path = f"/api/programs/{program['programId']}/signup"
    as_user("first@example.org").put(path, signup_body())
    assert as_user("second@example.org").get(path).status == 404


def test_openapi_document_is_public_and_describes_the_signup_model(as_user: Any) -> None:
    reply = as_user(None).get("/api/openapi.json")
    assert reply.status == 200
    schema = reply.body["components"]["schemas"]["SignupIn"]
    assert {"role", "goals", "timeZone", "consent"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert "/api/programs/{programId}/signup" in reply.body["paths"]


def test_unknown_route_gets_404_from_the_gateway(employee: Any) -> None:
    assert employee.get("/api/nothing-here").status == 404


def _items(table: Any, program_id: str) -> list[dict]:
    from boto3.dynamodb.conditions import Key

    return table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}"))["Items"]


@pytest.mark.parametrize(("raw", "field", "why"), [
    (b'{"role": "mentee", ', "body", "not valid JSON"),
    (b'{"role": "mentee", "goals": [], "department": "X", "jobLevel": "three", "languages": ["English"],'
     b' "timeZone": "Europe/London", "consent": true}', "jobLevel", "integer"),
    (b'{"role": "boss", "department": "X", "jobLevel": 3, "languages": ["English"],'
     b' "timeZone": "Europe/London", "consent": true}', "role", "mentee"),
    (b'{"role": "mentee", "department": "X", "jobLevel": 3, "languages": ["English"],'
     b' "timeZone": "Europe/London", "consent": true, "salary": 1}', "salary", "not a field"),
    (b'{"role": "mentee", "department": "X", "jobLevel": 3, "languages": ["English"],'
     b' "timeZone": "Europe/London", "consent": false}', "consent", ""),
    (b'{"role": "mentee", "goals": ["a", "b", "c", "d"], "department": "X", "jobLevel": 3,'
     b' "languages": ["English"], "timeZone": "Europe/London", "consent": true}', "goals", "3"),
    (b'[1, 2, 3]', "body", ""),
])
def test_bad_signup_gets_422_naming_the_field_and_writes_nothing(
        employee: Any, program: dict, table: Any, raw: bytes, field: str, why: str) -> None:
    before = _items(table, program["programId"])
    reply = employee.put(f"/api/programs/{program['programId']}/signup", raw=raw)
    assert reply.status == 422, reply.body
    assert reply.body["error"]["field"] == field
    assert why in reply.body["error"]["message"]
    assert _items(table, program["programId"]) == before


def test_oversized_body_gets_413_and_writes_nothing(employee: Any, program: dict, table: Any,
                                                     signup_body: Any) -> None:
    before = _items(table, program["programId"])
    reply = employee.put(f"/api/programs/{program['programId']}/signup",
                         signup_body(department="x" * 100, goals=["y" * 200_000]))
    assert reply.status == 413
    assert reply.body["error"]["field"] == "body"
    assert _items(table, program["programId"]) == before


def test_signup_to_a_missing_program_is_404(employee: Any, signup_body: Any) -> None:
    reply = employee.put("/api/programs/no-such-program/signup", signup_body())
    assert reply.status == 404
    assert reply.body["error"]["field"] == "programId"


def test_signup_outside_the_window_is_409_with_the_dates(employee: Any, coordinator: Any, program_body: Any,
                                                         table: Any, signup_body: Any) -> None:
    closed = coordinator.post("/api/programs", program_body(opensAt="2020-01-01T00:00:00Z",
                                                            closesAt="2020-02-01T00:00:00Z")).body
    before = _items(table, closed["programId"])
    reply = employee.put(f"/api/programs/{closed['programId']}/signup", signup_body())
    assert reply.status == 409
    assert reply.body["error"]["closesAt"].startswith("2020-02-01")
    assert "01 Feb 2020" in reply.body["error"]["message"]
    assert _items(table, closed["programId"]) == before


def test_signup_to_a_closed_program_is_409(employee: Any, coordinator: Any, program: dict, signup_body: Any) -> None:
    coordinator.patch(f"/api/programs/{program['programId']}", {"status": "closed"})
    assert employee.put(f"/api/programs/{program['programId']}/signup", signup_body()).status == 409


def test_bad_program_gets_422(coordinator: Any, program_body: Any) -> None:
    reply = coordinator.post("/api/programs", program_body(closesAt="2025-01-01T00:00:00Z"))
    assert reply.status == 422
    assert "closesAt must be after opensAt" in reply.body["error"]["message"]
    assert coordinator.post("/api/programs", program_body(format="speed-dating")).body["error"]["field"] == "format"


def test_simultaneous_requests_each_get_their_own_answer(as_user: Any, program: dict, signup_body: Any) -> None:
    """Lambda runs one request per sandbox; the local gateway must not mix two up."""
    from concurrent.futures import ThreadPoolExecutor

    path = f"/api/programs/{program['programId']}/signup"
    people = [as_user(f"at-once-{i}@example.org") for i in range(8)]

    def sign_up(i: int) -> tuple[int, Any]:
        reply = people[i].put(path, signup_body(jobLevel=i + 1, department=f"Team {i}"))
        return reply.status, reply.body

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(sign_up, range(8)))
    assert [(status, body["email"], body["jobLevel"]) for status, body in results] == [
        (200, f"at-once-{i}@example.org", i + 1) for i in range(8)]

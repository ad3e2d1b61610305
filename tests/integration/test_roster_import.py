"""Roster imports through the API: a job (202), all rows or none, nothing that existed deleted."""

from __future__ import annotations

import time
import uuid
from typing import Any

from boto3.dynamodb.conditions import Key

HEADER = "email,name,role,goals,skillsWanted,department,jobLevel,timeZone,languages,consent"


def csv_of(rows: list[str]) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def import_roster(coordinator: Any, pid: str, body: bytes, *, dry_run: bool = False) -> dict[str, Any]:
    """Start an import and wait for its job to finish (bounded)."""
    reply = coordinator.call("POST", f"/api/programs/{pid}/roster?dryRun={str(dry_run).lower()}", raw=body,
                             headers={"Content-Type": "text/csv"})
    assert reply.status == 202, reply.body
    assert reply.headers["location"].endswith(reply.body["importId"])
    deadline = time.monotonic() + 60
    job = reply.body
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = coordinator.get(f"/api/programs/{pid}/roster-imports/{job['importId']}").body
    return job


def signup_items(table: Any, pid: str) -> list[dict[str, Any]]:
    items = table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{pid}") & Key("SK").begins_with("SIGNUP#"),
                        ConsistentRead=True)["Items"]
    return sorted(items, key=lambda i: i["SK"])


def import_parts(table: Any, pid: str) -> list[dict[str, Any]]:
    return table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{pid}") & Key("SK").begins_with("IMPORTPART#"),
                       ConsistentRead=True)["Items"]


def test_an_import_with_bad_rows_writes_nothing_and_reports_every_row(coordinator: Any, program: dict,
                                                                       table: Any) -> None:
    pid = program["programId"]
    job = import_roster(coordinator, pid, csv_of([
        "ana@example.org,Ana,mentee,Speak at a conference by June,Writing,Finance,3,Europe/London,English,true",
        "bo@example.org,Bo,mentee,,Juggling,Sales,2,Europe/London,English,true",
        "not-an-email,Cy,mentor,,,Sales,7,Europe/London,English,true",
        "ana@example.org,Ana again,mentor,,,Sales,7,Europe/London,English,true",
        "di@example.org,Di,mentor,,,Sales,eleven,Europe/London,English,true",
    ]))
    assert job["status"] == "failed"
    assert [(r["line"], r["field"]) for r in job["rejected"]] == [
        (3, "skillsWanted[0]"), (4, "email"), (5, "email"), (6, "jobLevel")]
    assert "not-an-email" not in str(job) and "ana@example.org" not in str(job)   # the report names no one
    assert signup_items(table, pid) == []
    assert import_parts(table, pid) == []           # the uploaded CSV is gone once the job is done


def test_a_good_import_checks_then_writes_every_row(coordinator: Any, program: dict, table: Any) -> None:
    pid = program["programId"]
    good = csv_of([
        "ana@example.org,Ana,mentee,Speak at a conference by June;Write a blog post,Writing,Finance,3,Europe/London,"
        "English;Spanish,true",
        "bo@example.org,Bo,mentor,,,Sales,7,America/New_York,English,yes",
    ])
    dry = import_roster(coordinator, pid, good, dry_run=True)
    assert (dry["status"], dry["imported"], dry["rows"]) == ("succeeded", 0, 2)
    assert signup_items(table, pid) == []
    done = import_roster(coordinator, pid, good)
    assert (done["status"], done["imported"]) == ("succeeded", 2)
    listed = coordinator.get(f"/api/programs/{pid}/signups").body
    ana = next(s for s in listed["signups"] if s["email"] == "ana@example.org")
    assert ana["goals"] == ["Speak at a conference by June", "Write a blog post"]
    assert ana["languages"] == ["English", "Spanish"]
    assert import_parts(table, pid) == []


def test_someone_already_signed_up_keeps_their_sign_up_and_is_never_in_twice(
        coordinator: Any, as_user: Any, program: dict, signup_body: Any, table: Any) -> None:
    pid = program["programId"]
    email = f"self-{uuid.uuid4().hex[:6]}@example.org"
    mine = as_user(email).put(f"/api/programs/{pid}/signup", signup_body(department="Legal"))
    assert mine.status == 200
    job = import_roster(coordinator, pid, csv_of([
        f"{email},Self,mentor,,,Sales,7,Europe/London,English,true",
        "new@example.org,New,mentee,,Writing,Sales,2,Europe/London,English,true"]))
    assert (job["status"], job["imported"], job["kept"]) == ("succeeded", 1, 1)
    people = [i for i in signup_items(table, pid) if i["email"] == email]
    assert [(i["sub"], i["department"]) for i in people] == [(mine.body["sub"], "Legal")]


def test_imported_person_finds_their_signup_when_they_sign_in(coordinator: Any, as_user: Any, program: dict) -> None:
    email = f"imported-{uuid.uuid4().hex[:6]}@example.org"
    assert import_roster(coordinator, program["programId"], csv_of(
        [f"{email},Imo,mentee,,,Finance,3,Europe/London,English,true"]))["status"] == "succeeded"
    person = as_user(email)
    mine = person.get(f"/api/programs/{program['programId']}/signup")
    assert mine.status == 200
    assert mine.body["name"] == "Imo"
    assert not mine.body["sub"].startswith("roster:")
    listed = coordinator.get(f"/api/programs/{program['programId']}/signups").body["signups"]
    assert [s["sub"] for s in listed if s["email"] == email] == [mine.body["sub"]]


def test_cells_a_spreadsheet_would_run_are_escaped_on_export_and_restored_on_import(
        coordinator: Any, program: dict) -> None:
    pid = program["programId"]
    job = import_roster(coordinator, pid, csv_of(
        ["eve@example.org,'=HYPERLINK(1),mentee,'+Grow my team,,Sales,3,Europe/London,English,true"]))
    assert job["status"] == "succeeded", job
    listed = coordinator.get(f"/api/programs/{pid}/signups").body["signups"]
    assert (listed[0]["name"], listed[0]["goals"]) == ("=HYPERLINK(1)", ["+Grow my team"])
    exported = coordinator.get(f"/api/programs/{pid}/signups?format=csv").body
    assert "'=HYPERLINK(1)" in exported and "'+Grow my team" in exported


def test_unreadable_rosters_get_a_4xx_and_nothing_is_written(coordinator: Any, program: dict, table: Any) -> None:
    pid = program["programId"]
    not_utf8 = coordinator.call("POST", f"/api/programs/{pid}/roster", raw=HEADER.encode() + b"\n\xff\xfe,x",
                                headers={"Content-Type": "text/csv"})
    assert (not_utf8.status, not_utf8.body["error"]["code"]) == (422, "invalid")
    huge = coordinator.call("POST", f"/api/programs/{pid}/roster", raw=csv_of([
        f"big@example.org,{'x' * (128 * 1024 + 1)},mentee,,,Sales,3,Europe/London,English,true"]),
        headers={"Content-Type": "text/csv"})
    assert huge.status == 422 and "Line 2" in huge.body["error"]["message"]
    long_name = import_roster(coordinator, pid, csv_of([f"long@example.org,{'x' * 200},mentee,,,Sales,3,"
                                                        "Europe/London,English,true"]))
    assert [(r["line"], r["field"]) for r in long_name["rejected"]] == [(2, "name")]
    assert signup_items(table, pid) == []


def test_employees_cannot_import_rosters_or_read_imports(employee: Any, coordinator: Any, program: dict) -> None:
    pid = program["programId"]
    reply = employee.call("POST", f"/api/programs/{pid}/roster", raw=csv_of([]), headers={"Content-Type": "text/csv"})
    assert reply.status == 403
    job = import_roster(coordinator, pid, csv_of(["z@example.org,Z,mentee,,,Sales,3,Europe/London,English,true"]))
    assert employee.get(f"/api/programs/{pid}/roster-imports/{job['importId']}").status == 403

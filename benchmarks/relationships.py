"""Benchmark the relationship invariants and the daily health job, on DynamoDB Local.

    python benchmarks/relationships.py [--accepts 1000] [--threads 100] [--pairs 10000]

1. One mentor of capacity 3 receives `--accepts` requests, all accepted at once from
   `--threads` threads (each its own boto3 session): exactly 3 may succeed, the rest must get
   the clear 409 ("mentor_full"), and no item may be left half-written.
2. The nudge job over `--pairs` relationships (a third healthy, a third quiet, a third
   stalled): wall time and the DynamoDB read and write units it consumed.

DynamoDB Local is slower per call than DynamoDB itself, so times are upper bounds; capacity
units are what DynamoDB Local reports for each call (ReturnConsumedCapacity).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from _page import ROOT, machine, write_section

sys.path.insert(0, str(ROOT / "infra"))

import boto3  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PAGE = ROOT / "content" / "coordinators" / "matching-performance.md"
READS = {"GetItem", "Query", "Scan", "BatchGetItem"}
LOCAL = {"region_name": "eu-west-1", "aws_access_key_id": "local", "aws_secret_access_key": "local"}


class Units:
    """Counts the capacity units every DynamoDB call of a session consumed (asks for them on each call)."""

    def __init__(self) -> None:
        self.read = self.write = 0.0
        self.calls = 0
        self._lock = threading.Lock()

    def attach(self, session: boto3.session.Session) -> None:
        events = session.events
        events.register("provide-client-params.dynamodb.*", self._ask)
        events.register("after-call.dynamodb.*", self._count)

    def _ask(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def _count(self, parsed: dict[str, Any], event_name: str, **_: Any) -> None:
        consumed = parsed.get("ConsumedCapacity") or []
        total = sum(float(e.get("CapacityUnits") or 0) for e in (consumed if isinstance(consumed, list) else [consumed]))
        reading = event_name.rsplit(".", 1)[-1] in READS
        with self._lock:
            self.calls += 1
            if reading:
                self.read += total
            else:
                self.write += total


def store_on(endpoint: str, table: str, units: Units | None = None) -> Any:
    from mentorkit.store import Store

    session = boto3.session.Session(**LOCAL)
    if units is not None:
        units.attach(session)
    return Store(session.resource("dynamodb", endpoint_url=endpoint).Table(table))


def signup(program_id: str, sub: str, role: str, capacity: int, now: datetime) -> Any:
    from mentorkit.domain.models import Signup

    return Signup(program_id=program_id, sub=sub, email=f"{sub}@example.org", role=role, department="Bench",
                  job_level=7 if role == "mentor" else 2, time_zone="Europe/London", languages=["English"],
                  capacity=capacity, consent=True, created_at=now, updated_at=now)


def accepts(endpoint: str, table: str, count: int, threads: int) -> dict[str, Any]:
    """`count` requests to one mentor of capacity 3, accepted from `threads` threads at once."""
    from mentorkit.domain.errors import Conflict
    from mentorkit.domain.models import Program
    from mentorkit.domain.people import Person
    from mentorkit.domain.relationships import MentorRequest
    from mentorkit.services import relationships
    from mentorkit.services.notifications import NotificationReport

    db = store_on(endpoint, table)
    now = datetime.now(UTC)
    db.create_program(Program(program_id="bench-accepts", name="Bench", matching_mode="self", opens_at=now,
                              closes_at=now + timedelta(days=30), created_at=now, created_by="c@example.org"))
    db.put_signups([signup("bench-accepts", "mentor", "mentor", 3, now),
                    *(signup("bench-accepts", f"mentee-{n}", "mentee", 1, now) for n in range(count))])
    ids = []
    for n in range(count):
        request = MentorRequest(request_id=f"req-bench-{n:05d}", program_id="bench-accepts", program_name="Bench",
                                mentee_sub=f"mentee-{n}", mentee_email=f"mentee-{n}@example.org", mentor_sub="mentor",
                                mentor_email="mentor@example.org", message="Hello", created_at=now,
                                expires_at=now + timedelta(days=7))
        db.open_request(request, 3)
        ids.append(request.request_id)
    mentor = Person(sub="mentor", email="mentor@example.org")
    local = threading.local()
    gate = threading.Barrier(threads)

    def accept(request_id: str) -> str:
        if not hasattr(local, "db"):
            local.db = store_on(endpoint, table)
            gate.wait()   # every thread has its session: now they all start together
        try:
            relationships.accept(local.db, mentor, request_id, lambda batch: NotificationReport(0, 0))
            return "accepted"
        except Conflict as error:
            return f"409 {error.extra.get('reasonCode')}"
        except Exception as error:  # noqa: BLE001 - counted, never expected
            detail = getattr(error, "response", {}).get("Error", {})
            return f"error {type(error).__name__} {detail.get('Code', '')} {detail.get('Message', '')[:80]}"

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        outcomes = Counter(pool.map(accept, ids))
    seconds = time.perf_counter() - started
    found = [db.get_relationship(r.relationship_id) for r in db.relationships_of("mentor")]
    requests = Counter(db.get_request(i).status for i in ids)
    whole = all(db.active_relationship_of("bench-accepts", r.mentee_sub) == r.relationship_id for r in found)
    return {"outcomes": outcomes, "seconds": seconds, "load": db.mentor_load("bench-accepts", "mentor"),
            "relationships": len(found), "requests": requests, "whole": whole}


def nudge(endpoint: str, table: str, pairs: int) -> dict[str, Any]:
    """The health job over `pairs` relationships, a third each healthy, quiet and stalled."""
    from mentorkit.domain.models import Program
    from mentorkit.domain.relationships import Relationship
    from mentorkit.services import nudges
    from mentorkit.services.notifications import NotificationReport

    db = store_on(endpoint, table)
    now = datetime.now(UTC)
    mentors = max(1, pairs // 100)
    db.create_program(Program(program_id="bench-nudges", name="Bench", opens_at=now, closes_at=now + timedelta(days=30),
                              created_at=now, created_by="c@example.org"))

    def start(n: int) -> None:
        if not hasattr(local, "db"):
            local.db = store_on(endpoint, table)
        age = (5, 40, 120)[n % 3]
        local.db.start_relationship(Relationship(
            relationship_id=f"rel-bench-{n:06d}", program_id="bench-nudges", program_name="Bench", source="match",
            mentee_sub=f"m-{n}", mentee_email=f"m-{n}@example.org", mentor_sub=f"t-{n % mentors}",
            mentor_email=f"t-{n % mentors}@example.org", started_at=now - timedelta(days=age)), 100)

    local = threading.local()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(start, range(pairs)))
    setup = time.perf_counter() - started
    letters: list[int] = []
    units = Units()
    measured = store_on(endpoint, table, units)
    started = time.perf_counter()
    report = nudges.run(measured, lambda batch: letters.append(len(batch)) or NotificationReport(len(batch), 0),
                        now.date())
    seconds = time.perf_counter() - started
    return {"report": report, "seconds": seconds, "setup": setup, "units": units, "letters": sum(letters)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accepts", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=10_000)
    args = parser.parse_args()

    from devstack.dynamodb import DynamoDBLocal, client, free_port
    from devstack.tables import ensure_tables

    database = DynamoDBLocal(free_port(), data_dir=None).start()
    try:
        table = ensure_tables(client(database.endpoint))["Table"]
        race = accepts(database.endpoint, table, args.accepts, args.threads)
        job = nudge(database.endpoint, table, args.pairs)
    finally:
        database.stop()

    ok = (race["outcomes"]["accepted"] == 3 and race["outcomes"]["409 mentor_full"] == args.accepts - 3
          and race["load"] == 3 and race["relationships"] == 3 and race["whole"]
          and race["requests"]["accepted"] == 3 and race["requests"]["open"] == args.accepts - 3)
    console = Console()
    shown = Table("outcome", "count", title=f"{args.accepts:,} accepts, one mentor of capacity 3, {args.threads} threads")
    for outcome, n in sorted(race["outcomes"].items()):
        shown.add_row(outcome, f"{n:,}")
    console.print(shown)
    console.print(f"{race['seconds']:.1f} s · mentor load {race['load']} · relationships {race['relationships']} · "
                  f"requests {dict(race['requests'])} · every pair whole: {race['whole']} · invariants hold: {ok}")
    report, units = job["report"], job["units"]
    shown = Table("measure", "value", title=f"nudge job over {args.pairs:,} relationships")
    rows = [("wall time", f"{job['seconds']:.1f} s"), ("read units", f"{units.read:,.0f}"),
            ("write units", f"{units.write:,.0f}"), ("DynamoDB calls", f"{units.calls:,}"),
            ("health", ", ".join(f"{k} {v:,}" for k, v in sorted(report.health.items()))),
            ("quiet pairs nudged", f"{report.quiet_nudged:,}"), ("stalled pairs reported", f"{report.stalled_reported:,}"),
            ("e-mails", f"{job['letters']:,}")]
    for name, value in rows:
        shown.add_row(name, value)
    console.print(shown)
    console.print(f"(writing the {args.pairs:,} relationships took {job['setup']:.0f} s) · {machine()}")
    if not ok:
        raise SystemExit("the invariants did not hold")

    outcome_lines = [f"| {o} | {n:,} |" for o, n in sorted(race["outcomes"].items())]
    write_section("relationships", "\n".join([
        "## Relationships under load", "",
        f"Measured on {datetime.now(UTC):%d %B %Y} by `benchmarks/relationships.py` on DynamoDB Local, on "
        f"{machine()}, load average {os.getloadavg()[0]:.1f} when it finished (a shared machine: times are "
        "upper bounds).", "",
        f"**{args.accepts:,} accepts at once against one mentor of capacity 3** ({args.threads} threads, each its own "
        f"connection; {race['seconds']:.1f} s in all): exactly 3 succeed and every other one gets a 409 saying the "
        "mentor is full. Afterwards the mentor's load is 3, there are 3 relationships, each with its mentee's "
        "active marker and its accepted request, and the other requests are still open: nothing half-written.", "",
        "| outcome | accepts |", "|---|--:|", *outcome_lines, "",
        f"**The daily nudge job over {args.pairs:,} relationships** (a third each healthy, quiet and stalled):", "",
        "| measure | value |", "|---|--:|", *[f"| {name} | {value} |" for name, value in rows], "",
        "Read units are those DynamoDB Local reports per call; the job reads each program's pairs through "
        "the GSI1 index (eventually consistent, half a unit per 4 KB) and writes one small update per pair it "
        "tells, so a second run the same day reads the same and writes nothing."]))


if __name__ == "__main__":
    main()

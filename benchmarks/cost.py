"""What one program costs to run on AWS, from units measured on DynamoDB Local.

    python benchmarks/cost.py [--people 200 1000]

Runs a program's whole life through the same services the API and the matching worker call
(sign-ups, a roster import, a matching run, publish, reads of My mentoring, delete my data),
with `ReturnConsumedCapacity` on every DynamoDB call, and counts read and write units, Lambda
invocations and their duration per participant. Those turn into a monthly cost at list prices
(dated below), for 200, 1,000 and 10,000 participants, with the always-free tier shown apart.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from _page import ROOT, write_section
from roster_import import SKILLS, roster

sys.path.insert(0, str(ROOT / "infra"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PAGE = ROOT / "content" / "it" / "cold-start-and-cost.md"
# US East (N. Virginia) on-demand list prices, as AWS published them in November 2024. Check the
# pricing pages before you rely on them: they change, and other regions cost a little more.
PRICES_AS_OF = "November 2024, US East (N. Virginia)"
PRICE = {
    "write_unit": 0.625 / 1e6,       # DynamoDB on-demand, per write request unit
    "read_unit": 0.125 / 1e6,        # DynamoDB on-demand, per read request unit
    "lambda_request": 0.20 / 1e6,    # per invocation
    "lambda_gb_second": 0.0000133334,  # arm64
    "http_api_request": 1.00 / 1e6,  # first 300 million a month
}
FREE = {"lambda_request": 1_000_000, "lambda_gb_second": 400_000}   # Lambda's always-free tier, per month
API_MB, MATCHING_MB = 512, 2048
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
READS_OF_MY_MENTORING_PER_MONTH = 8


@dataclass
class Meter:
    """Counts what DynamoDB says each call consumed, and each Lambda invocation with its duration."""

    read: float = 0.0
    write: float = 0.0
    invocations: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)

    def attach(self, client: Any) -> None:
        client.meta.events.register("provide-client-params.dynamodb.*", self._ask)
        client.meta.events.register("after-call.dynamodb.*", self._count)

    @staticmethod
    def _ask(params: dict[str, Any], model: Any, **_: Any) -> None:
        if "ReturnConsumedCapacity" in model.input_shape.members:
            params["ReturnConsumedCapacity"] = "TOTAL"

    def _count(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        used = parsed.get("ConsumedCapacity")
        for item in used if isinstance(used, list) else [used] if used else []:
            read, write = item.get("ReadCapacityUnits") or 0, item.get("WriteCapacityUnits") or 0
            if not read and not write:   # only the total is reported: the operation says which kind
                total = item.get("CapacityUnits") or 0
                write, read = (total, 0) if model.name in WRITES else (0, total)
            self.read += read
            self.write += write

    def invoke(self, function: str, work: Any) -> Any:
        started = time.perf_counter()
        try:
            return work()
        finally:
            self.invocations[function] += 1
            self.seconds[function] += time.perf_counter() - started


def life(people: int, store: Any, meter: Meter) -> None:
    """One program from opening to a delete, through the application layer, metered."""
    from mentorkit.domain.models import Program, SignupIn
    from mentorkit.domain.people import Person
    from mentorkit.domain.roster import parse_roster
    from mentorkit.domain.runs import RunRequest
    from mentorkit.services import people as people_service
    from mentorkit.services import programs, runs, signups
    from mentorkit.services.run_execution import execute_run
    from mentorkit.services.signups import SignupFilter

    now = datetime.now(UTC)
    coordinator = Person("coordinator", "coordinator@example.org", frozenset({"coordinators"}))
    program = meter.invoke("api", lambda: store.create_program(Program(
        program_id="cost", name="Cost", format="one_to_one", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30), skills=SKILLS, created_at=now, created_by=coordinator.email)))
    text = roster(people)
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    imported, selves = body[: people // 2], body[people // 2:]
    as_csv = io.StringIO()
    csv.writer(as_csv, lineterminator="\n").writerows([header, *imported])
    meter.invoke("api", lambda: signups.import_roster(store, "cost", as_csv.getvalue(), dry_run=False))
    program = store.get_program("cost")
    report = parse_roster(text, program, now)
    for signup in report.accepted[people // 2:]:
        who = Person(f"sub-{signup.email}", str(signup.email))
        meter.invoke("api", lambda: programs.list_programs(store))
        body_in = SignupIn.model_validate(signup.model_dump(include=set(SignupIn.model_fields)))
        meter.invoke("api", lambda: signups.save_signup(store, who, "cost", body_in))
    for signup in report.accepted[: people // 2]:   # imported people sign in and find their sign-up
        who = Person(f"sub-{signup.email}", str(signup.email))
        meter.invoke("api", lambda: signups.get_own_signup(store, "cost", who))
    for _ in range(3):
        meter.invoke("api", lambda: signups.list_signups(store, "cost", SignupFilter()))
    started = meter.invoke("api", lambda: runs.start_run(store, coordinator, "cost", RunRequest(), lambda p: None))
    meter.invoke("matching", lambda: execute_run(store, "cost", started.run_id))
    for _ in range(10):   # the console polls while the run works
        meter.invoke("api", lambda: runs.list_runs(store, "cost"))
    meter.invoke("api", lambda: runs.review(store, "cost", started.run_id))
    meter.invoke("api", lambda: runs.publish(store, coordinator, "cost", started.run_id, lambda p: "queued"))
    meter.invoke("matching", lambda: runs.remove_retired_sets(store, "cost"))
    everyone = [Person(f"sub-{s.email}", str(s.email)) for s in report.accepted]
    for who in everyone:
        for _ in range(READS_OF_MY_MENTORING_PER_MONTH):
            meter.invoke("api", lambda: runs.my_matches(store, who))
    for who in everyone[:: 20]:   # one person in twenty deletes their data
        meter.invoke("api", lambda: people_service.delete_me(store, who))


def measure(people: int) -> dict[str, float]:
    import boto3

    from devstack.dynamodb import DynamoDBLocal, client, free_port
    from devstack.tables import ensure_tables
    from mentorkit.store import Store

    database = DynamoDBLocal(free_port(), data_dir=None).start()
    try:
        names = ensure_tables(client(database.endpoint))
        resource = boto3.resource("dynamodb", endpoint_url=database.endpoint, region_name="eu-west-1",
                                  aws_access_key_id="local", aws_secret_access_key="local")
        meter = Meter()
        meter.attach(resource.meta.client)
        life(people, Store(resource.Table(names["Table"])), meter)
    finally:
        database.stop()
    return {"read": meter.read / people, "write": meter.write / people,
            "api_calls": meter.invocations["api"] / people, "matching_calls": meter.invocations["matching"] / people,
            "api_seconds": meter.seconds["api"] / people, "matching_seconds": meter.seconds["matching"] / people}


def monthly(per_person: dict[str, float], people: int) -> dict[str, float]:
    """A month in which the program's whole life happens, for `people` participants (US dollars)."""
    requests = (per_person["api_calls"] + per_person["matching_calls"]) * people
    gb_seconds = (per_person["api_seconds"] * API_MB + per_person["matching_seconds"] * MATCHING_MB) / 1024 * people
    return {
        "dynamodb": per_person["write"] * people * PRICE["write_unit"] + per_person["read"] * people * PRICE["read_unit"],
        "lambda": requests * PRICE["lambda_request"] + gb_seconds * PRICE["lambda_gb_second"],
        "lambda_after_free_tier": max(0, requests - FREE["lambda_request"]) * PRICE["lambda_request"]
        + max(0, gb_seconds - FREE["lambda_gb_second"]) * PRICE["lambda_gb_second"],
        "http_api": per_person["api_calls"] * people * PRICE["http_api_request"],
        "requests": requests, "gb_seconds": gb_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[200, 1000])
    args = parser.parse_args()
    measured = {n: measure(n) for n in args.people}
    console = Console()
    units = Table("participants measured", "read units", "write units", "API calls", "matching calls",
                  "API s", "matching s", title="per participant, one program's whole life")
    for n, m in measured.items():
        units.add_row(f"{n:,}", f"{m['read']:.1f}", f"{m['write']:.1f}", f"{m['api_calls']:.1f}",
                      f"{m['matching_calls']:.3f}", f"{m['api_seconds']:.3f}", f"{m['matching_seconds']:.4f}")
    console.print(units)
    basis = measured[max(measured)]
    costs = Table("participants", "DynamoDB $", "Lambda $", "HTTP API $", "total $", "Lambda after free tier $",
                  title=f"a month with the whole program in it, list prices of {PRICES_AS_OF}")
    lines = ["| participants | DynamoDB | Lambda | HTTP API | total | Lambda after the free tier |",
             "|---:|---:|---:|---:|---:|---:|"]
    for n in (200, 1_000, 10_000):
        c = monthly(basis, n)
        total = c["dynamodb"] + c["lambda"] + c["http_api"]
        costs.add_row(f"{n:,}", f"{c['dynamodb']:.4f}", f"{c['lambda']:.4f}", f"{c['http_api']:.4f}", f"{total:.4f}",
                      f"{c['lambda_after_free_tier']:.4f}")
        lines.append(f"| {n:,} | ${c['dynamodb']:.4f} | ${c['lambda']:.4f} | ${c['http_api']:.4f} | ${total:.4f} | "
                     f"${c['lambda_after_free_tier']:.4f} |")
    console.print(costs)
    unit_lines = ["| participants measured | read units | write units | API calls | matching calls |",
                  "|---:|---:|---:|---:|---:|"]
    unit_lines += [f"| {n:,} | {m['read']:.1f} | {m['write']:.1f} | {m['api_calls']:.1f} | {m['matching_calls']:.3f} |"
                   for n, m in measured.items()]
    write_section("cost", "\n".join([
        f"Measured on {datetime.now(UTC).day} {datetime.now(UTC):%B %Y} by `benchmarks/cost.py`: one program's whole life (half the "
        "people sign up on the site, half come from a roster import and then sign in; a matching run; publish; "
        f"{READS_OF_MY_MENTORING_PER_MONTH} visits to My mentoring each; one person in twenty deletes their data) "
        "through the same services the API and the matching function run, on DynamoDB Local with "
        "`ReturnConsumedCapacity`. Per participant:", "", *unit_lines, "",
        f"In dollars for a month in which all of that happens, at the list prices of {PRICES_AS_OF} "
        f"(DynamoDB on demand ${PRICE['write_unit'] * 1e6:.3f} per million writes and ${PRICE['read_unit'] * 1e6:.3f} per "
        f"million reads; Lambda arm64 ${PRICE['lambda_request'] * 1e6:.2f} per million requests and "
        f"${PRICE['lambda_gb_second']:.10f} per GB-second; HTTP API ${PRICE['http_api_request'] * 1e6:.2f} per million), "
        f"from the {max(measured):,}-person measurement. Lambda's duration here is this machine's, in one process, "
        "so treat it as a rough figure:", "", *lines, "",
        "Lambda's always-free tier (a million requests and 400,000 GB-seconds a month) covers the Lambda column "
        "in every row: the last column is what remains after it. Not in the table: CloudFront and S3 for the site "
        "(cents for a few thousand readers; CloudFront's always-free tier covers 1 TB and 10 million requests), "
        "Cognito (free up to 10,000 monthly active users on the Lite and Essentials tiers), CloudWatch logs and "
        "alarms (a few cents), SES ($0.10 per thousand e-mails), and storage (DynamoDB's first 25 GB are free).",
    ]), PAGE)


if __name__ == "__main__":
    main()

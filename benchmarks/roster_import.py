"""Benchmark `mentorkit roster import` on a generated 20,000-row roster, on DynamoDB Local.

    python benchmarks/roster_import.py [--rows 20000]

Times the two halves separately: checking every row with the sign-up model and the
program's rules, and writing the sign-ups (batched) into DynamoDB Local. DynamoDB Local
is slower per write than DynamoDB itself, so the write figure is an upper bound.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _page import ROOT, machine, peak_rss_mb, write_section

sys.path.insert(0, str(ROOT / "infra"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PAGE = ROOT / "content" / "coordinators" / "roster-import.md"
SKILLS = ["Public speaking", "Project management", "Data analysis", "Leadership", "Negotiation", "Writing"]
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore", "Australia/Sydney"]


def roster(rows: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["email", "name", "role", "goals", "skillsWanted", "skillsOffered", "department", "jobLevel",
                     "managerEmail", "timeZone", "languages", "capacity", "consent"])
    for i in range(rows):
        mentor = rng.random() < 0.35
        writer.writerow([
            f"person{i}@example.org", f"Person {i}", "mentor" if mentor else "mentee",
            "" if mentor else "Lead a cross-team project by Q3;Present at the all-hands",
            "" if mentor else ";".join(rng.sample(SKILLS, 2)), ";".join(rng.sample(SKILLS, 3)) if mentor else "",
            f"Department {rng.randrange(20)}", rng.randint(5, 9) if mentor else rng.randint(1, 5),
            f"person{(i + 1 + rng.randrange(rows - 1)) % rows}@example.org", rng.choice(ZONES), "English",
            rng.randint(1, 3) if mentor else 1, "true",
        ])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()

    from devstack.dynamodb import DynamoDBLocal, client, free_port
    from devstack.tables import ensure_tables
    from mentorkit.domain.models import Program
    from mentorkit.domain.roster import parse_roster
    from mentorkit.store import Store

    import boto3

    text = roster(args.rows)
    now = datetime.now(UTC)
    program = Program(program_id="bench", name="Benchmark", format="one_to_one", opens_at=now - timedelta(days=1),
                      closes_at=now + timedelta(days=1), skills=SKILLS, created_at=now, created_by="bench@example.org")
    database = DynamoDBLocal(free_port(), data_dir=None).start()
    try:
        names = ensure_tables(client(database.endpoint))
        table = boto3.resource("dynamodb", endpoint_url=database.endpoint, region_name="eu-west-1",
                               aws_access_key_id="local", aws_secret_access_key="local").Table(names["Table"])
        started = time.perf_counter()
        report = parse_roster(text, program, now)
        checked = time.perf_counter() - started
        assert report.ok, report.rejected[:3]
        started = time.perf_counter()
        Store(table).put_signups(report.accepted)
        written = time.perf_counter() - started
        assert len(Store(table).list_signups("bench")) == args.rows
    finally:
        database.stop()

    results = [("check every row (model + program rules)", checked, args.rows / checked),
               ("write to DynamoDB Local (batched)", written, args.rows / written),
               ("total", checked + written, args.rows / (checked + written))]
    shown = Table("step", "seconds", "rows/s", title=f"roster import, {args.rows:,} rows")
    for step, seconds, rate in results:
        shown.add_row(step, f"{seconds:.1f}", f"{rate:,.0f}")
    Console().print(shown)
    Console().print(f"peak memory {peak_rss_mb():.0f} MB · {machine()}")

    lines = ["| step | seconds | rows per second |", "|---|--:|--:|"]
    lines += [f"| {step} | {seconds:.1f} | {rate:,.0f} |" for step, seconds, rate in results]
    write_section("roster-import", "\n".join([
        f"Measured on {datetime.now(UTC):%d %B %Y} by `benchmarks/roster_import.py` with {args.rows:,} rows "
        f"(peak memory {peak_rss_mb():.0f} MB), on {machine()}:", "", *lines]), page=PAGE)


if __name__ == "__main__":
    main()

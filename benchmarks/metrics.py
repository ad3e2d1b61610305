"""Benchmark `GET /api/programs/{programId}/metrics` on a 10,000-person program, on DynamoDB Local.

    python benchmarks/metrics.py [--people 10000] [--repeat 5]

Seeds one program through the store: sign-ups (a generated roster), a published run whose
pairs cover every mentee, training completions, three monthly check-ins answered by about
70% of people, and an anonymous end-of-program survey. Then times the metrics route over
HTTP through the local API emulator (as the dashboard calls it), its CSV form, and the
service alone. DynamoDB Local reads more slowly than DynamoDB, so these are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _page import ROOT, machine, peak_rss_mb, write_section
from roster_import import roster

sys.path.insert(0, str(ROOT / "infra"))

import boto3  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from mentorkit.store import Store  # noqa: E402

PAGE = ROOT / "content" / "coordinators" / "surveys-and-metrics.md"
MODULES = ["first-meeting", "smart-goals", "active-listening", "feedback", "mentoring-styles"]


def in_parallel(writes: list, threads: int = 6) -> int:  # noqa: ANN001
    """Run single-item writes on a few threads, each with its own Store (boto3 resources are not
    shared between threads): DynamoDB Local answers one write at a time per connection."""
    from mentorkit.resources import dynamodb
    from mentorkit.settings import get_settings

    local = threading.local()

    def run(write) -> None:  # noqa: ANN001
        if not hasattr(local, "store"):
            settings = get_settings()
            resource = boto3.session.Session().resource("dynamodb", region_name=settings.region,
                                                        endpoint_url=settings.dynamodb_endpoint)
            local.store = Store(resource.Table(settings.table_name))
        write(local.store)

    dynamodb()   # settings read once, before the threads start
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(run, writes))
    return len(writes)


def seed(store, people: int, now: datetime, key: bytes) -> dict[str, int]:  # noqa: ANN001 - a Store
    """Write the program and everything its metrics read; returns counts of what was written."""
    from mentorkit.domain.models import Program, TrainingCompletion
    from mentorkit.domain.roster import parse_roster
    from mentorkit.domain.runs import MatchingRun, Published
    from mentorkit.domain.surveys import SurveyResponse, SurveyWindow, answer_mark

    rng = random.Random(11)
    program = Program(program_id="bench-metrics", name="Metrics benchmark", format="one_to_one",
                      opens_at=now - timedelta(days=200), closes_at=now + timedelta(days=1),
                      skills=["Public speaking", "Project management", "Data analysis", "Leadership", "Negotiation",
                              "Writing"], created_at=now, created_by="bench@example.org")
    store.create_program(program)
    report = parse_roster(roster(people), program, now)
    store.put_signups(report.accepted)
    mentees = [s.sub for s in report.accepted if s.role == "mentee"]
    mentors = [s.sub for s in report.accepted if s.role == "mentor"]
    pairs = [{"mentee_id": m, "mentor_id": mentors[i % len(mentors)], "format": "one_to_one", "track": "",
              "score": round(rng.uniform(40, 100), 1), "pinned": False, "reasons": ["Shares goals."],
              "breakdown": []} for i, m in enumerate(mentees)]
    run = MatchingRun(program_id=program.program_id, run_id="20260101T000000Z-bench", status="succeeded",
                      created_at=now, created_by="bench@example.org")
    parts, size = store.put_run_result(program.program_id, run.run_id,
                                       {"pairs": pairs, "unmatched": [], "rejected_pins": []})
    store.put_run(run.model_copy(update={"result_parts": parts, "result_bytes": size}), expect=None)
    store.publish_match_set(Published(program_id=program.program_id, run_id=run.run_id, published_at=now,
                                      published_by="bench@example.org", pairs=len(pairs)), "v1", expected=None)
    writes = [lambda s, sub=signup.sub, m=module: s.put_training(sub, TrainingCompletion(module_id=m, completed_at=now))
              for signup in report.accepted for module in rng.sample(MODULES, rng.randint(0, 3))]
    completions = in_parallel(writes)
    writes = []
    for month in range(3):
        opened = now - timedelta(days=90 - 30 * month)
        window = SurveyWindow(program_id=program.program_id, survey_id="monthly-check-in", window_id=f"m{month}",
                              opened_at=opened, closes_at=opened + timedelta(days=14), closed_at=None)
        store.put_window(window, new=True)
        for signup in report.accepted:
            if rng.random() < 0.7:
                met = rng.random() < 0.85
                writes.append(lambda s, r=SurveyResponse(
                    program_id=program.program_id, survey_id="monthly-check-in", window_id=window.window_id,
                    role=signup.role, submitted_at=opened + timedelta(days=rng.randint(0, 13)), sub=signup.sub,
                    answers={"met": "yes" if met else "no", "minutes": rng.choice([30, 45, 60, 90]) if met else 0,
                             "useful": rng.randint(2, 5), "goal-progress": rng.randint(1, 5)}):
                    s.put_named_response(r, replace=True))
    end = SurveyWindow(program_id=program.program_id, survey_id="end-of-program", window_id="end",
                       opened_at=now - timedelta(days=5), closes_at=now + timedelta(days=9))
    store.put_window(end, new=True)
    for signup in report.accepted[: people // 2]:
        writes.append(lambda s, r=SurveyResponse(
            program_id=program.program_id, survey_id="end-of-program", window_id="end", role=signup.role,
            submitted_at=now, answers={"satisfaction": rng.randint(3, 5), "recommend": rng.randint(5, 10),
                                       "goals-achieved": "some", "continue": "yes"}),
            mark=answer_mark(key, program.program_id, "end-of-program", "end", signup.sub):
            s.put_anonymous_response(r, mark))
    responses = in_parallel(writes)
    return {"signups": len(report.accepted), "pairs": len(pairs), "training": completions, "responses": responses}


def timed(call, repeat: int) -> list[float]:  # noqa: ANN001
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from devstack.dynamodb import free_port
    from devstack.stack import LocalStack
    from mentorkit.resources import store
    from mentorkit.services import metrics
    from mentorkit.settings import get_settings

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as site, LocalStack(free_port(), persist=False, site_dir=Path(site)) as stack:
        started = time.perf_counter()
        written = seed(store(), args.people, now, get_settings().survey_hmac_key)
        seeding = time.perf_counter() - started
        token = stack.issuer.mint("coordinator@example.org", True)
        sizes = {}

        def get(query: str) -> None:
            request = urllib.request.Request(f"{stack.url}/api/programs/bench-metrics/metrics{query}",
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=600) as response:
                body = response.read()
            sizes[query] = len(body)
            if not query:
                found = json.loads(body)
                assert found["signups"]["active"] == args.people and found["activity"]["pairs"] == written["pairs"]

        get("")   # a warm sandbox: imports and connections are made once, as in a warm Lambda
        rows = [("GET …/metrics (JSON, over HTTP)", timed(lambda: get(""), args.repeat)),
                ("GET …/metrics?format=csv", timed(lambda: get("?format=csv"), args.repeat)),
                ("metrics service alone (no HTTP)",
                 timed(lambda: metrics.program_metrics(store(), "bench-metrics", now), args.repeat))]
        load = os.getloadavg()[0]
        cpu = time.process_time()
        metrics.program_metrics(store(), "bench-metrics", now)
        cpu = time.process_time() - cpu   # this process's own CPU: parsing and arithmetic, no waiting

    shown = Table("call", "median s", "min s", "max s",
                  title=f"program metrics, {args.people:,} people ({written['pairs']:,} pairs, "
                        f"{written['responses']:,} survey responses, {written['training']:,} training completions)")
    for name, seconds in rows:
        shown.add_row(name, f"{statistics.median(seconds):.2f}", f"{min(seconds):.2f}", f"{max(seconds):.2f}")
    Console().print(shown)
    Console().print(f"one service call used {cpu:.1f} s of this process's CPU (the rest is waiting on DynamoDB Local)")
    Console().print(f"seeding {seeding:.0f} s · JSON {sizes[''] / 1024:.1f} KB · peak memory {peak_rss_mb():.0f} MB "
                    f"· {machine()}")

    lines = ["| call | median (s) | fastest (s) | slowest (s) |", "|---|--:|--:|--:|"]
    lines += [f"| {name} | {statistics.median(s):.2f} | {min(s):.2f} | {max(s):.2f} |" for name, s in rows]
    write_section("metrics-benchmark", "\n".join([
        f"Measured on {datetime.now(UTC):%d %B %Y} by `benchmarks/metrics.py`: a program of {args.people:,} people "
        f"with {written['pairs']:,} published pairs, {written['responses']:,} survey responses and "
        f"{written['training']:,} training completions, {args.repeat} calls each after one warm-up, on DynamoDB "
        f"Local (peak memory {peak_rss_mb():.0f} MB; the JSON answer is {sizes[''] / 1024:.1f} KB), on {machine()}, "
        f"shared with other work (load average {load:.1f}):",
        "", *lines, "",
        f"Of one service call, {cpu:.1f} s was this process's own CPU (reading DynamoDB's answers, the "
        "arithmetic); the rest was waiting for DynamoDB Local on the shared cores."]), page=PAGE)


if __name__ == "__main__":
    main()

"""Load on loopback: 1,000 sign-ups from 50 concurrent clients against the whole local stack.

    python benchmarks/load.py [--signups 1000] [--clients 50] [--time-limit 300]

Starts its own stack (DynamoDB Local in memory, the gateway, the API function from its build),
opens one program, and has 50 threads (urllib, one connection per request) each sign up
distinct employees with their own ID tokens until 1,000 have. Then it checks the table:
every employee's sign-up stored exactly once, nothing else, and no 5xx. Beside the API's
latencies it measures raw `PutItem` calls of the same items straight into the same DynamoDB
Local, from the same number of threads, so the gap is what the API adds (HTTP, the gateway's
token check, the function, validation). Figures are for this machine and the local stack
(at most four API sandboxes at once, as `devstack.functions` runs them), not for AWS.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _page import ROOT, machine, write_section

sys.path.insert(0, str(ROOT / "infra"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PAGE = ROOT / "content" / "it" / "reliability-and-security.md"
SIGNUP = {"role": "mentee", "goals": ["Chair a cross-team meeting by June"], "department": "Sales", "jobLevel": 3,
          "languages": ["English"], "timeZone": "Europe/London", "meetingFormat": "either",
          "skillsWanted": ["Leadership"], "consent": True}


NO_ANSWER: Counter[str] = Counter()   # requests that got no HTTP answer, by the error the client saw


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (milliseconds)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def run_clients(jobs: list[str], clients: int, time_limit: float, work: Callable[[str], int],
                setup: Callable[[], None] = lambda: None) -> tuple[list[float], Counter[int], int, float]:
    """`clients` threads (each first runs `setup`, untimed) start together and take jobs until none
    are left or `time_limit` seconds have passed. Returns the latencies (ms), the statuses, how many
    jobs were never run, and the seconds the run took."""
    todo: queue.Queue[str] = queue.Queue()
    for job in jobs:
        todo.put(job)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def client() -> None:
        setup()
        ready.wait()
        while time.monotonic() < began + time_limit:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            status = work(job)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1

    ready = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=client, name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    ready.wait()
    for thread in threads:
        thread.join(max(0.0, began + time_limit - time.monotonic()) + 30)
    return latencies, statuses, todo.qsize(), time.monotonic() - began


def put_signup(base: str, program_id: str, token: str) -> int:
    request = urllib.request.Request(f"{base}/api/programs/{program_id}/signup", method="PUT",
                                     data=json.dumps(SIGNUP).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        NO_ANSWER[type(error).__name__] += 1
        return 599   # no answer at all (refused, reset, timed out): counted with the 5xx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for each of the two runs")
    args = parser.parse_args()

    import boto3
    from boto3.dynamodb.conditions import Key

    from devstack.dynamodb import free_port
    from devstack.stack import LocalStack

    with tempfile.TemporaryDirectory() as site, LocalStack(free_port(), persist=False, site_dir=Path(site)) as stack:
        from mentorkit.resources import dynamodb
        from mentorkit.settings import get_settings

        table = dynamodb().Table(get_settings().table_name)
        coordinator = stack.issuer.mint("load-coordinator@example.org", coordinator=True)
        request = urllib.request.Request(f"{stack.url}/api/programs", method="POST", data=json.dumps({
            "name": "Load", "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
            "closesAt": "2099-01-01T00:00:00Z", "skills": ["Leadership"]}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {coordinator}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            program_id = json.loads(response.read())["programId"]

        load_before = os.getloadavg()[0]
        emails = [f"load-{n:05d}@example.org" for n in range(args.signups)]
        tokens = {email: stack.issuer.mint(email) for email in emails}
        print(f"{args.signups:,} sign-ups from {args.clients} clients to {stack.url} …", flush=True)
        api, statuses, left, api_seconds = run_clients(emails, args.clients, args.time_limit,
                                                       lambda email: put_signup(stack.url, program_id, tokens[email]))

        stored = table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                             & Key("SK").begins_with("SIGNUP#"), ConsistentRead=True)
        items = stored["Items"]
        while "LastEvaluatedKey" in stored:
            stored = table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program_id}")
                                 & Key("SK").begins_with("SIGNUP#"), ConsistentRead=True,
                                 ExclusiveStartKey=stored["LastEvaluatedKey"])
            items += stored["Items"]
        per_email = Counter(item["email"] for item in items)
        sample = next(iter(items))

        # The same items, straight into DynamoDB Local: one client per thread, as boto3 wants.
        local = threading.local()

        def connect() -> None:
            local.client = boto3.session.Session().resource(
                "dynamodb", region_name="eu-west-1", endpoint_url=get_settings().dynamodb_endpoint).Table(table.name)

        def raw_put(email: str) -> int:
            local.client.put_item(Item={**sample, "PK": "LOAD#raw", "SK": f"SIGNUP#{email}", "email": email})
            return 200

        raw, _, raw_left, raw_seconds = run_clients(emails, args.clients, args.time_limit, raw_put, setup=connect)

    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    exactly_once = sum(1 for email in emails if per_email[email] == 1)
    rows = [("PUT …/signup through the API", api, api_seconds),
            ("raw DynamoDB Local PutItem", raw, raw_seconds)]
    shown = Table("path", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms", "per second",
                  title=f"{args.signups:,} sign-ups, {args.clients} concurrent clients")
    lines = ["| path | requests | p50 ms | p95 ms | p99 ms | max ms | requests per second |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for name, latencies, seconds in rows:
        figures = [f"{percentile(latencies, q):.0f}" for q in (0.50, 0.95, 0.99)] + [f"{max(latencies):.0f}"]
        rate = f"{len(latencies) / seconds:,.0f}"
        shown.add_row(name, f"{len(latencies):,}", *figures, rate)
        lines.append(f"| {name} | {len(latencies):,} | {' | '.join(figures)} | {rate} |")
    console = Console()
    console.print(shown)
    verdict = (f"statuses {dict(sorted(statuses.items()))} (599: no answer, {dict(NO_ANSWER)}); 5xx: {server_errors}; stored exactly once: "
               f"{exactly_once:,} of {args.signups:,}; items in the program: {len(items):,}; "
               f"not sent before the time limit: {left} (raw: {raw_left})")
    console.print(verdict)
    console.print(f"mean through the API {statistics.fmean(api):.0f} ms · {machine()}")

    write_section("load", "\n".join([
        f"Measured on {datetime.now(UTC):%d %B %Y} by `benchmarks/load.py`: {args.signups:,} employees sign up "
        f"to one program from {args.clients} concurrent clients over loopback, against the local stack "
        f"(at most four API sandboxes), on {machine()}, with a load average of {load_before:.1f} from other "
        "work when it started.", "",
        *lines, "",
        f"Outcome: {verdict}."]), page=PAGE)
    if server_errors or exactly_once != args.signups or len(items) != args.signups:
        sys.exit("FAILED: a 5xx, or a sign-up missing or stored more than once")


if __name__ == "__main__":
    main()

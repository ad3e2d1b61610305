"""Time a matching run through the local stack: 202, the worker, the stored result, publish.

    python benchmarks/matching_run.py [--people 2000]

Seeds a program with generated sign-ups on DynamoDB Local (in memory), then drives the
API over HTTP as a coordinator and prints the timings and the stored result's size.
DynamoDB Local is slower per write than DynamoDB, so write-heavy figures are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "infra"), str(ROOT / "functions")]

SKILLS = ["Public speaking", "Project management", "Data analysis", "Leadership", "Negotiation", "Writing",
          "Career planning", "Product thinking"]
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore"]


def call(base: str, token: str, method: str, path: str, body: object = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()

    from devstack.dynamodb import free_port
    from devstack.stack import LocalStack
    from mentorkit.resources import store
    from mentorkit.domain.models import Program, Signup

    rng = random.Random(7)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as site, LocalStack(free_port(), persist=False, site_dir=Path(site)) as stack:
        db = store()
        program = Program(program_id="bench", name="Benchmark cohort", format="one_to_one", opens_at=now,
                          closes_at=now + timedelta(days=30), skills=SKILLS, created_at=now, created_by="bench")
        db.create_program(program)
        signups = []
        for i in range(args.people):
            mentor = rng.random() < 0.4
            signups.append(Signup(
                program_id="bench", sub=stack.issuer.subject(f"p{i}@example.org"), email=f"p{i}@example.org",
                role="mentor" if mentor else "mentee", goals=["Lead a cross-team project by Q3"],
                skills_wanted=[] if mentor else rng.sample(SKILLS, 2),
                skills_offered=rng.sample(SKILLS, 3) if mentor else [], department=f"Dept {rng.randrange(20)}",
                job_level=rng.randint(5, 9) if mentor else rng.randint(1, 5), time_zone=rng.choice(ZONES),
                languages=["English"], capacity=rng.randint(1, 3) if mentor else 1, consent=True,
                created_at=now, updated_at=now))
        db.put_signups(signups)
        token = stack.issuer.mint("coordinator@example.org", coordinator=True)
        t0 = time.perf_counter()
        status, body = call(stack.url, token, "POST", "/api/programs/bench/matching-runs", {})
        accepted = time.perf_counter() - t0
        run_id = json.loads(body)["runId"]
        while True:
            _, body = call(stack.url, token, "GET", f"/api/programs/bench/matching-runs/{run_id}")
            run = json.loads(body)
            if run["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.5)
        finished = time.perf_counter() - t0
        t1 = time.perf_counter()
        _, body = call(stack.url, token, "GET", f"/api/programs/bench/matching-runs/{run_id}")
        review = time.perf_counter() - t1
        t2 = time.perf_counter()
        _, published = call(stack.url, token, "POST", f"/api/programs/bench/matching-runs/{run_id}/publish")
        publish = time.perf_counter() - t2
        stack.lambdas.wait(300)
        print(f"people {args.people}: status {run['status']} ({run.get('reason') or 'ok'})")
        print(f"  202 answered in {accepted * 1000:.0f} ms; run finished after {finished:.1f} s")
        print(f"  pairs {len(run['pairs'])}, matched share {run['summary']['matchedShare']:.3f}, "
              f"mean score {run['summary']['meanScore']}")
        print(f"  stored result {run['resultBytes'] / 1024:.0f} KiB gzip in {run['resultParts']} part(s); "
              f"review response {len(body) / 1024:.0f} KiB in {review * 1000:.0f} ms")
        print(f"  publish {json.loads(published)['pairs']} pairs in {publish:.1f} s")


if __name__ == "__main__":
    main()

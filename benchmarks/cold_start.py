"""How long the API function takes to import, against the bare import of its frameworks.

    python benchmarks/cold_start.py [--runs 15] [--before REV]

Each figure is a whole new interpreter (`python -I -S`) holding only the function's build and
the runtime's boto3 on its path, as a Lambda sandbox does on a cold start; the interpreter's own
start-up is measured alongside and taken off. Runs are interleaved and the median kept, so the
rows are measured side by side in one run. `--before REV` adds the API of an older revision,
imported beside the matching function's build (the only build that holds what it imported).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _page import ROOT, write_section

sys.path.insert(0, str(ROOT / "infra"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

PAGE = ROOT / "content" / "it" / "cold-start-and-cost.md"
# The frameworks as the API uses them: boto3, pydantic's BaseModel, Powertools' Logger and its
# HTTP API resolver with request validation switched on.
FRAMEWORKS = ("import boto3; from pydantic import BaseModel; from aws_lambda_powertools import Logger; "
              "from aws_lambda_powertools.event_handler import APIGatewayHttpResolver; "
              "APIGatewayHttpResolver(enable_validation=True)")
GOAL = 1.2


def timed(paths: list[Path], code: str) -> float:
    script = f"import sys; sys.path[:0] = {[str(p) for p in paths]!r}\n{code}"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-S", "-c", script], check=True, env={"AWS_REGION": "eu-west-1"})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", help="also measure the API of this git revision (e.g. c84a31a)")
    args = parser.parse_args()

    from devstack.functions import build

    builds = build()
    runtime = builds / "runtime"
    rows = {
        "Python itself (subtracted)": ([runtime], "pass"),
        "Frameworks alone (boto3, pydantic, Powertools resolver with validation, Logger)": ([builds / "ApiFunction", runtime],
                                                                              FRAMEWORKS),
        "API handler (`mentorkit.api.app`)": ([builds / "ApiFunction", runtime], "import mentorkit.api.app"),
    }
    scratch = tempfile.TemporaryDirectory()
    if args.before:
        old = Path(scratch.name)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before, "functions/mentorkit"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        rows[f"API handler at {args.before} (needs the engine)"] = (
            [old / "functions", builds / "MatchingFunction", runtime], "import mentorkit.api.app")
    samples: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, (paths, code) in rows.items():
            samples[name].append(timed(paths, code))
    scratch.cleanup()
    base = statistics.median(samples["Python itself (subtracted)"])
    medians = {name: statistics.median(values) - base for name, values in samples.items() if "subtracted" not in name}
    frameworks = medians["Frameworks alone (boto3, pydantic, Powertools resolver with validation, Logger)"]
    api = medians["API handler (`mentorkit.api.app`)"]

    table = Table(title=f"Cold import, median of {args.runs} new interpreters")
    for column in ("what is imported", "seconds", "× frameworks"):
        table.add_column(column)
    lines = ["| what is imported | seconds | × frameworks |", "|---|---:|---:|"]
    for name, seconds in medians.items():
        table.add_row(name, f"{seconds:.3f}", f"{seconds / frameworks:.2f}")
        lines.append(f"| {name} | {seconds:.3f} | {seconds / frameworks:.2f} |")
    Console().print(table)
    verdict = "met" if api <= GOAL * frameworks else "NOT met"
    print(f"Goal: the API handler within {GOAL}× its frameworks: {verdict} ({api / frameworks:.2f}×).")
    write_section("cold-start", "\n".join([
        f"Measured by `benchmarks/cold_start.py` ({args.runs} new interpreters per row, interleaved, median; "
        f"Python's own start-up of {base:.3f} s taken off), on {_machine()}.", "", *lines, "",
        f"The goal is the API handler within {GOAL}× the bare import of its frameworks: **{verdict}** "
        f"({api / frameworks:.2f}×)."]), PAGE)


def _machine() -> str:
    import os
    import platform

    return f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


if __name__ == "__main__":
    main()

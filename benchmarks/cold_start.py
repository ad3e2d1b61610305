"""How long the API function takes to import, against the bare import of its frameworks.

    python benchmarks/cold_start.py [--runs 15] [--before REV] [--instructions]

Each figure is a whole new interpreter (`python -I -S`) holding only the function's build and
the runtime's boto3 on its path, as a Lambda sandbox does on a cold start; the interpreter's own
start-up is measured alongside and taken off, and every script ends in `os._exit(0)`: a sandbox
keeps its interpreter, so tearing it down (freeing every object, a last full garbage collection,
about a fifth of the frameworks' figure) is no part of a cold start. Runs are interleaved and the
median kept, so the rows are measured side by side in one run. The API loads an area (its routes,
services and models) on the area's first request: a row per area gives the import plus that.
`--before REV` adds the API of an older revision, imported beside the matching function's build
(the only build that holds what it imported).
`--instructions` also counts the instructions each import executes under Valgrind: unlike
seconds, that count does not move with whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import re
import shutil
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

from mentorkit.api.areas import AREAS  # noqa: E402

PAGE = ROOT / "content" / "it" / "cold-start-and-cost.md"
# The frameworks as the API uses them: boto3, pydantic's BaseModel, Powertools' Logger and its
# HTTP API resolver with request validation switched on.
FRAMEWORKS = ("import boto3; from pydantic import BaseModel; from aws_lambda_powertools import Logger; "
              "from aws_lambda_powertools.event_handler import APIGatewayHttpResolver; "
              "APIGatewayHttpResolver(enable_validation=True)")
GOAL = 1.2
FRAMEWORKS_ROW = "Frameworks alone (boto3, pydantic, Powertools resolver with validation, Logger)"
API_ROW = "API handler (`mentorkit.api.app`)"
AREA_ROW = "… then its first request loads the area"
ALL_ROW = "API handler with every area loaded (what each cold start imported before areas)"


def _script(paths: list[Path], code: str) -> str:
    return f"import os, sys; sys.path[:0] = {[str(p) for p in paths]!r}\n{code}\nos._exit(0)"


def timed(paths: list[Path], code: str) -> float:
    script = _script(paths, code)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-S", "-c", script], check=True, env={"AWS_REGION": "eu-west-1"})
    return time.perf_counter() - started


def instructions(paths: list[Path], code: str) -> int:
    """Instructions one new interpreter executes for `code` (Valgrind's callgrind; deterministic)."""
    script = _script(paths, code)
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                          "-I", "-S", "-c", script], check=True, capture_output=True, text=True,
                         env={"AWS_REGION": "eu-west-1"})
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", help="also measure the API of this git revision (e.g. c84a31a)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions (needs valgrind)")
    args = parser.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind (Debian: apt-get install valgrind)")

    from devstack.functions import build

    builds = build()
    runtime = builds / "runtime"
    rows = {
        "Python itself (subtracted)": ([runtime], "pass"),
        FRAMEWORKS_ROW: ([builds / "ApiFunction", runtime], FRAMEWORKS),
        API_ROW: ([builds / "ApiFunction", runtime], "import mentorkit.api.app"),
        **{f"{AREA_ROW} {area}": ([builds / "ApiFunction", runtime],
                                  f"import mentorkit.api.app as api; api.areas.load({area!r})") for area in AREAS},
        ALL_ROW: ([builds / "ApiFunction", runtime], "import mentorkit.api.app as api; api.areas.load_all()"),
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
    counts: dict[str, int] = {}
    if args.instructions:
        counts = {name: instructions(paths, code) for name, (paths, code) in rows.items()}
    scratch.cleanup()
    base = statistics.median(samples["Python itself (subtracted)"])
    medians = {name: statistics.median(values) - base for name, values in samples.items() if "subtracted" not in name}
    frameworks = medians[FRAMEWORKS_ROW]
    api = medians[API_ROW]
    own = {name: counts[name] - counts["Python itself (subtracted)"] for name in medians} if counts else {}

    headers = ["what is imported", "seconds", "× frameworks"] + (["million instructions", "× frameworks"] if own else [])
    table = Table(*headers, title=f"Cold import, median of {args.runs} new interpreters")
    lines = ["| " + " | ".join(headers) + " |", "|---|" + "---:|" * (len(headers) - 1)]
    for name, seconds in medians.items():
        cells = [name, f"{seconds:.3f}", f"{seconds / frameworks:.2f}"]
        if own:
            cells += [f"{own[name] / 1e6:,.0f}", f"{own[name] / own[FRAMEWORKS_ROW]:.2f}"]
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    Console().print(table)
    # Met only if both measures agree: seconds are what a cold start waits, instructions do not move with load.
    ratios = {"seconds": api / frameworks} | ({"instructions": own[API_ROW] / own[FRAMEWORKS_ROW]} if own else {})
    verdict = "met" if max(ratios.values()) <= GOAL else "NOT met"
    figures = ", ".join(f"{ratio:.2f}× in {measure}" for measure, ratio in ratios.items())
    print(f"Goal: the API handler within {GOAL}× its frameworks: {verdict} ({figures}).")
    first = {name.rpartition(" ")[2]: seconds / frameworks for name, seconds in medians.items() if name.startswith(AREA_ROW)}
    heaviest = max(first, key=first.get)
    loaded = (f"With its first request's area loaded, the API is at most {first[heaviest]:.2f}× in seconds "
              f"(the {heaviest} area)" + (f" and {max(own[n] for n in own if n.startswith(AREA_ROW)) / own[FRAMEWORKS_ROW]:.2f}× "
                                          f"in instructions" if own else "")
              + f"; with every area loaded it is {medians[ALL_ROW] / frameworks:.2f}×.")
    print(loaded)
    counted = (f" Instructions counted once per row with Valgrind (Python's own start-up taken off): "
               f"the API executes {own[API_ROW] / own[FRAMEWORKS_ROW]:.2f}× the instructions of its frameworks, "
               f"a figure the machine's load does not move." if own else "")
    write_section("cold-start", "\n".join([
        f"Measured by `benchmarks/cold_start.py` ({args.runs} new interpreters per row, interleaved, median; "
        f"Python's own start-up of {base:.3f} s taken off; load average {_load()}), on {_machine()}.{counted}",
        "", *lines, "",
        f"The goal is the API handler within {GOAL}× the bare import of its frameworks: **{verdict}** "
        f"({figures}). {loaded}"]), PAGE)


def _load() -> str:
    import os

    return f"{os.getloadavg()[0]:.1f}"


def _machine() -> str:
    import os
    import platform

    return f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


if __name__ == "__main__":
    main()

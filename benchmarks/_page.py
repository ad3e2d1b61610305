"""Shared by the benchmarks: the machine description and the docs page they fill in.

Each benchmark owns one marked section of content/it/matching-performance.md
and rewrites only that section, so running one never erases the other's figures.
"""

from __future__ import annotations

import os
import platform
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "content" / "it" / "matching-performance.md"
sys.path.insert(0, str(ROOT / "functions"))

INTRO = """---
title: Matching performance
description: How fast the matching engine finds the proven best pairs, and how much memory it needs, for programs from a thousand to a hundred thousand people.
---

# Matching performance

How fast the matching engine is, and how much memory it needs, measured on generated
programs. The figures below are written by `make bench` (`benchmarks/solve.py` and
`benchmarks/match.py`); run it again on your own machine to check them.

"""


def machine() -> str:
    """One line saying what the numbers were measured on."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ortools

    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, OR-Tools {ortools.__version__}"
    )


def default_core() -> int:
    """The core benchmarks pin to: the last one, so that core 0 stays with the rest of the machine."""
    return max(0, (os.cpu_count() or 1) - 1)


def pinned(command: list[str], core: int) -> list[str]:
    """The command pinned to one core with taskset (as is, where taskset is missing)."""
    import shutil

    return ["taskset", "-c", str(core), *command] if shutil.which("taskset") else command


def load_average() -> str:
    """The 1-minute load average, said with the figures: above 1 on a 2-core machine, wall times suffer."""
    return f"{os.getloadavg()[0]:.1f}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_section(name: str, markdown: str, page: Path = PAGE) -> None:
    """Replace the section between `<!-- name:start -->` and `<!-- name:end -->`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = page.read_text() if page.exists() else INTRO
    block = f"{start}\n{markdown.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    page.write_text(text)


def measure_process(command: list[str], env: dict[str, str], timeout: float) -> dict:
    """Wall, CPU and peak memory of one whole process (its own, from wait4), or why it gave no answer."""
    import subprocess
    import tempfile
    import time

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                return {"failed": f"did not finish in {timeout} s"}
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            return {"failed": (errors.read().decode(errors="replace").strip().splitlines() or ["failed"])[-1][:80]}
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}

"""Benchmark peer programs: `mentorkit match` on 1,000 to 10,000 peers, as whole processes.

    python benchmarks/peer.py [--peers 1000,3000,10000] [--before-src DIR]

The roster is the one of benchmarks/match.py with everybody signed up as a peer. Each
run is a whole process pinned to one core; its wall time, CPU time and peak memory are
its own (wait4). The summary's gap is between the answer's total score and the proven
upper bound (0 is optimal). `--before-src` also times another source tree's command.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from _page import ROOT, default_core, load_average, machine, measure_process, pinned, write_section
from match import roster

TIMEOUT = 180
GOAL_SECONDS, GOAL_GAP = 30, 0.001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers", default="1000,3000,10000")
    parser.add_argument("--before-src", type=Path, help="also time the command of this source tree's functions/")
    parser.add_argument("--before-up-to", type=int, default=3_000, help="largest roster to time the other tree on")
    parser.add_argument("--core", type=int, default=default_core(), help="the core to pin each command to")
    args = parser.parse_args()
    from rich.console import Console
    from rich.table import Table

    trees = {"mentorkit match": ROOT / "functions"}
    if args.before_src:
        trees["mentorkit match (before)"] = args.before_src / "functions"
    headers = ("peers", "version", "paired", "total score", "gap to bound", "proven optimal", "wall (s)", "CPU (s)",
               "peak RSS (MB)")
    rows: list[tuple[str, ...]] = []
    verdicts: list[str] = []
    for count in [int(x) for x in args.peers.split(",")]:
        people = [{**p, "role": "peer", "capacity": 1} for p in roster(count, seed=11)]
        with tempfile.TemporaryDirectory() as tmp:
            roster_path, program = Path(tmp) / "peers.json", Path(tmp) / "program.json"
            roster_path.write_text(json.dumps({"participants": people}))
            program.write_text(json.dumps({"format": "peer"}))
            for version, tree in trees.items():
                if version != "mentorkit match" and count > args.before_up_to:
                    rows.append((f"{count:,}", version, "–", "–", "–", "–", "not run", "–", "–"))
                    continue
                out = Path(tmp) / "result.json"
                command = [sys.executable, "-c", "from mentorkit.cli import app; app(prog_name='mentorkit')",
                           "match", str(roster_path), "--program", str(program), "--out", str(out)]
                command = pinned(command, args.core)
                env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
                r = measure_process(command, env, TIMEOUT)
                if "failed" in r:
                    rows.append((f"{count:,}", version, "–", "–", "–", "–", r["failed"], "–", "–"))
                    continue
                result = json.loads(out.read_text())
                s = result["summary"]
                gap = s.get("gap")
                rows.append((f"{count:,}", version, f"{s['matched']:,}",
                             f"{sum(p['score'] for p in result['pairs']):,.3f}",
                             "–" if gap is None else f"{gap:.4%}", "yes" if s.get("optimal") else "no",
                             f"{r['seconds']:.1f}", f"{r['cpu']:.1f}", f"{r['peak_mb']:,.0f}"))
                if version == "mentorkit match":
                    met = gap is not None and gap <= GOAL_GAP and r["seconds"] <= GOAL_SECONDS
                    verdicts.append(f"{count:,} peers: {'met' if met else 'NOT met'} ({r['seconds']:.0f} s wall, "
                                    f"{r['cpu']:.0f} s CPU, gap {'unknown' if gap is None else f'{gap:.4%}'})")
    table = Table(title="peer programs")
    for h in headers:
        table.add_column(h, justify="left" if h in ("peers", "version") else "right")
    for row in rows:
        table.add_row(*row)
    Console(width=140).print(table)
    lines = [
        "## Peer programs (`mentorkit match`, format peer)",
        "",
        f"Goal: {10_000:,} peers in {GOAL_SECONDS} s or less, exact or within {GOAL_GAP:.1%} of a proven bound.",
        "",
        *(f"- {v}" for v in verdicts),
        "",
        f"Measured on {machine()}, each run a whole process pinned to one core (the machine is",
        f"shared, so CPU time is the steadier figure; load average {load_average()} when the last run finished). Peers are paired through a bipartite relaxation",
        "solved as a min-cost flow: half its value bounds every peer matching from above, and dual",
        "prices extend that bound to the pairs left out of each peer's 50 best. Its mutual pairs",
        "are kept and the rest is matched exactly; *gap to bound* is how far the total score can",
        "be from the optimum at most.",
        "",
        "| " + " | ".join(headers) + " |",
        "|---|---|" + "--:|" * 7,
        *(f"| {' | '.join(r)} |" for r in rows),
    ]
    write_section("peer", "\n".join(lines))


if __name__ == "__main__":
    main()

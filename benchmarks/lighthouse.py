"""Lighthouse (mobile) scores for one page of each type, on the built site served by the local stack.

    python benchmarks/lighthouse.py [--runs 3] [--keep DIR] [--pages NAME …]

Builds the site (`mkdocs build --strict`) into a temporary folder, starts the local stack
on it (DynamoDB Local in memory, a free port), and runs Lighthouse from `node_modules`
with its default settings: a mobile phone on a throttled 4G connection (simulated). One
page at a time, never in parallel, so that pages do not slow each other down. The
performance score moves with whatever else the machine is doing (total blocking time
most of all), so each page is measured `--runs` times and the run with the median
performance score is reported, as Lighthouse's own documentation advises. Prints a
table and writes it into content/it/site-quality.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _page import ROOT, write_section

sys.path.insert(0, str(ROOT / "infra"))

from rich.console import Console  # noqa: E402
from rich.table import Column, Table  # noqa: E402

PAGE = ROOT / "content" / "it" / "site-quality.md"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
# Headless, and no calls home: the machines this runs on may refuse Chromium's own traffic.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# One page of each type. The 404 page is measured at /404.html: a missing address serves the
# same page with status 404, which Lighthouse refuses to score ("unable to reliably load").
PAGES = [
    ("home", "/"),
    ("training module", "/training/first-meeting/"),
    ("toolkit page", "/toolkit/smart-goal-worksheet/"),
    ("sign-up form", "/app/signup/"),
    ("coordinator page", "/app/signups/"),
    ("FAQ", "/faq/"),
    ("404 page", "/404.html"),
]


def build_site(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                   cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def lighthouse(url: str, report: Path) -> dict:
    """Run Lighthouse on one address and return its JSON report (the `lhr`)."""
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROME})
    return json.loads(report.read_text())


def score(lhr: dict, category: str) -> int | None:
    value = lhr["categories"][category]["score"]
    return None if value is None else round(value * 100)


def failing(lhr: dict) -> list[str]:
    """The audits Lighthouse's report shows as not passed (score under 0.9): metrics, diagnostics, checks.

    The "insight" audits that Lighthouse 12 keeps hidden (they repeat the diagnostics) are left out."""
    ids = []
    for category in CATEGORIES:
        for ref in lhr["categories"][category]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref.get("group") != "hidden" and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings") \
                    and audit["score"] is not None and audit["score"] < 0.9 and ref["id"] not in ids:
                ids.append(ref["id"])
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is reported")
    parser.add_argument("--keep", type=Path, help="also keep each page's full Lighthouse JSON report in DIR")
    parser.add_argument("--pages", nargs="+", metavar="NAME", choices=[name.split()[0] for name, _ in PAGES],
                        help="measure only these page types (first word of their name: home, training, …); "
                             "prints the figures without touching the site quality page")
    args = parser.parse_args()
    pages = [(name, path) for name, path in PAGES if not args.pages or name.split()[0] in args.pages]
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci` (or `make node`) first.")

    from devstack.dynamodb import free_port
    from devstack.stack import LocalStack

    started = time.perf_counter()
    load = [os.getloadavg()[0]]
    rows = []
    with tempfile.TemporaryDirectory(prefix="mentorkit-lighthouse-") as scratch:
        site = Path(scratch) / "site"
        build_site(site)
        reports = args.keep or Path(scratch) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        with LocalStack(free_port(), persist=False, site_dir=site) as stack:
            for name, path in pages:
                runs = []
                for run in range(1, args.runs + 1):
                    lhr = lighthouse(stack.url + path, reports / f"{name.replace(' ', '-')}-{run}.json")
                    if lhr.get("runtimeError"):
                        sys.exit(f"Lighthouse could not measure {path}: {lhr['runtimeError']['message']}")
                    runs.append(lhr)
                runs.sort(key=lambda r: score(r, "performance") or 0)
                lhr = runs[(len(runs) - 1) // 2]
                rows.append((name, path, *(score(lhr, c) for c in CATEGORIES), failing(lhr)))
                blocking = [round(r["audits"]["total-blocking-time"]["numericValue"]) for r in runs]
                Console().print(f"  measured {path}: performance {[score(r, 'performance') for r in runs]}, "
                                f"total blocking time {blocking} ms", style="dim", soft_wrap=True)
                load.append(os.getloadavg()[0])
        version = lhr["lighthouseVersion"]
        browser = lhr["environment"]["hostUserAgent"].split("Chrome/")[-1].split(" ")[0]
    seconds = time.perf_counter() - started

    table = Table("page", "address", "perf.", "a11y", "best pr.", "SEO", Column("failing audits", overflow="fold"),
                  title=f"Lighthouse {version} (mobile), Chromium {browser}, median of {args.runs}")
    for name, path, *scores, audits in rows:
        table.add_row(name, path, *(str(s) for s in scores), ", ".join(audits) or "none")
    Console().print(table)
    busy = f"load average {min(load):.1f} to {max(load):.1f} on {os.cpu_count()} cores"
    Console().print(f"{seconds:.0f} s in all (build, stack, {len(rows)} pages × {args.runs} runs one after another); "
                    f"{busy}", soft_wrap=True)

    if args.pages:
        return
    lines = ["| page | address | performance | accessibility | best practices | SEO | failing audits |",
             "|---|---|--:|--:|--:|--:|---|"]
    lines += [f"| {name} | `{path}` | {' | '.join(str(s) for s in scores)} | "
              f"{', '.join(f'`{a}`' for a in audits) or 'none'} |" for name, path, *scores, audits in rows]
    write_section("lighthouse", "\n".join([
        f"Measured on {datetime.now(UTC):%d %B %Y} by `benchmarks/lighthouse.py` with Lighthouse {version} "
        f"(mobile, simulated slow 4G) and Chromium {browser}, against the local stack; each page "
        f"measured {args.runs} times, the run with the median performance score shown "
        f"({seconds / 60:.0f} minutes in all; {busy} while it ran):", "", *lines]), page=PAGE)


if __name__ == "__main__":
    main()

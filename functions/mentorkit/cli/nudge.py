"""`mentorkit nudge [--as-of DATE]`: the daily health job, run by hand (the same code as in AWS)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import typer
from rich.console import Console
from rich.table import Table

from mentorkit.cli.roster import EndpointOption, TableOption, local_store
from mentorkit.resources import mailer
from mentorkit.services import nudges


def nudge(
    as_of: str = typer.Option("", "--as-of", help="Run as if today were this day (YYYY-MM-DD); default today."),
    table: str = TableOption,
    endpoint: str = EndpointOption,
) -> None:
    """Expire unanswered requests, nudge quiet pairs and tell coordinators of stalled ones; print what it did."""
    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    except ValueError:
        raise typer.BadParameter("use YYYY-MM-DD, e.g. 2027-03-01", param_hint="--as-of") from None
    report = nudges.run(local_store(table, endpoint), mailer(), day)
    out = Table(title=f"Nudges as of {day.isoformat()}")
    out.add_column("what")
    out.add_column("count", justify="right")
    for label, value in (("programs", report.programs), ("relationships", report.relationships),
                         *((f"  {state}", n) for state, n in sorted(report.health.items())),
                         ("quiet pairs nudged", report.quiet_nudged),
                         ("stalled pairs reported", report.stalled_reported),
                         ("requests expired", report.requests_expired)):
        out.add_row(label, str(value))
    Console().print(out)

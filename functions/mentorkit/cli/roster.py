"""`mentorkit roster import|export`: programs run from an HR spreadsheet.

By default these talk to the local stack's DynamoDB (`make serve`); point them at AWS with
`--table` and no `--endpoint` (credentials from the usual AWS environment).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import boto3
import typer
from botocore.exceptions import BotoCoreError, ClientError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mentorkit.domain.errors import InvalidInput, MentorkitError
from mentorkit.services import signups
from mentorkit.services.signups import SignupFilter
from mentorkit.store import Store

app = typer.Typer(no_args_is_help=True, help="Import and export a program's sign-ups as CSV.")
err = Console(stderr=True)

LOCAL_TABLE = "mentorkit-local-Table"
LOCAL_ENDPOINT = "http://127.0.0.1:8001"

TableOption = typer.Option(LOCAL_TABLE, "--table", envvar="TABLE_NAME", help="The DynamoDB table.")
EndpointOption = typer.Option(LOCAL_ENDPOINT, "--endpoint", envvar="DYNAMODB_ENDPOINT",
                              help="DynamoDB endpoint; empty for AWS itself.")
ProgramOption = typer.Option(..., "--program", help="The program's id, e.g. demo-cohort.")


def local_store(table: str, endpoint: str) -> Store:
    local = {"aws_access_key_id": "local", "aws_secret_access_key": "local"} if endpoint else {}
    resource = boto3.resource("dynamodb", endpoint_url=endpoint or None,
                              region_name="eu-west-1" if endpoint else None, **local)
    return Store(resource.Table(table))


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]Error:[/red] {message}")
    return typer.Exit(2)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False)


@app.command("import")
def import_roster(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The roster CSV."),
    program: str = ProgramOption,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row; write nothing."),
    table: str = TableOption,
    endpoint: str = EndpointOption,
) -> None:
    """Validate every row like the sign-up form does, then import all rows, or none."""
    text = file.read_text(encoding="utf-8-sig")
    rows = max(text.count("\n") - (0 if text.endswith("\n") else -1) - 1, 0)
    db = local_store(table, endpoint)
    try:
        found = db.get_program(program)
        with _progress() as progress:
            checking = progress.add_task("Checking rows", total=rows)
            writing = progress.add_task("Importing", total=rows, visible=not dry_run)
            result = signups.import_roster(db, program, text, dry_run=dry_run,
                                           checked=lambda n: progress.update(checking, completed=n),
                                           written=lambda n: progress.update(writing, completed=n))
    except InvalidInput as problem:
        if not problem.details:
            raise _fail(problem.message) from None
        shown = Table("line", "field", "problem", title=f"{len(problem.details)} rows rejected: nothing imported")
        for rejection in problem.details[:50]:
            shown.add_row(str(rejection["line"]), rejection["field"], rejection["message"])
        err.print(shown)
        if len(problem.details) > 50:
            err.print(f"…and {len(problem.details) - 50} more.")
        raise typer.Exit(1) from None
    except MentorkitError as problem:
        raise _fail(problem.message) from None
    except (BotoCoreError, ClientError) as problem:
        raise _fail(f"cannot reach DynamoDB ({problem}). Is `make serve` running, or --table right?") from None
    verb = "would import" if dry_run else "imported"
    count = result.rows - result.kept if dry_run else result.imported
    kept = f" {result.kept} already signed up on the site and keep their own sign-up." if result.kept else ""
    err.print(f"[green]{result.rows} rows checked, {verb} {count} sign-ups into {found.name}.{kept}[/green]")


@app.command("export")
def export_roster(
    program: str = ProgramOption,
    out: Path = typer.Option(None, "--out", help="Where to write the CSV; standard output if omitted."),
    table: str = TableOption,
    endpoint: str = EndpointOption,
) -> None:
    """Write a program's active sign-ups in the roster format (edit it and import it again)."""
    db = local_store(table, endpoint)
    try:
        text = signups.export_csv(db, program, SignupFilter(status="active"))
    except MentorkitError as problem:
        raise _fail(problem.message) from None
    except (BotoCoreError, ClientError) as problem:
        raise _fail(f"cannot reach DynamoDB ({problem}). Is `make serve` running, or --table right?") from None
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"Wrote {text.count(chr(10)) - 1} sign-ups to {out}.")

"""`mentorkit match` and `mentorkit solve`: the matching engine on local files.

Progress goes to stderr (Rich) so stdout stays clean for pipes; malformed input ends
with one line naming file, line and column, and exit code 2 — never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from mentorkit.domain.matching import match as match_participants
from mentorkit.domain.matching.errors import MatchingInputError
from mentorkit.domain.matching.optimiser import SCALE, solve as solve_edges
from mentorkit.domain.matching.participants import MatchingConfig
from mentorkit.domain.matching.roster import read_program, read_roster
from mentorkit.domain.matching.tables import check_mentors_known, read_capacities, read_edges_file

T = TypeVar("T")

stderr = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    """Print an actionable error and return the exit to raise (code 2: bad input)."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@contextmanager
def _steps() -> Iterator[Callable[[str, Callable[[], T]], T]]:
    """Run named steps under one Rich progress display on stderr (silent when not a TTY)."""
    with _progress() as progress:

        def step(description: str, work: Callable[[], T]) -> T:
            task = progress.add_task(description, total=None)
            try:
                return work()
            finally:
                progress.remove_task(task)
        yield step


def _progress() -> Progress:
    """A spinner with the current step and elapsed time, on stderr, gone when done."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


def _open(path: Path):
    try:
        return path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise _fail(f"{path}: cannot read the file ({error.strerror})") from None


def _dumps(payload: dict) -> str:
    """JSON with one line per top-level key and one line per list item (a pair, an unmatched
    person): easy to read and diff, and written by the C encoder, which `indent=` would
    bypass (pretty-printing a 20,000-person result in pure Python took seconds)."""
    def value(v: object) -> str:
        if isinstance(v, list) and v:
            return "[\n" + ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in v) + "\n  ]"
        return json.dumps(v, ensure_ascii=False)

    return "{\n" + ",\n".join(f"  {json.dumps(k)}: {value(v)}" for k, v in payload.items()) + "\n}\n"


def _write_json(path: Path, payload: dict) -> None:
    try:
        path.write_text(_dumps(payload), encoding="utf-8")
    except OSError as error:
        raise _fail(f"{path}: cannot write the result ({error.strerror})") from None


def solve(
    edges_file: Annotated[Path, typer.Argument(metavar="EDGES.csv", help="mentee_id,mentor_id,score rows (score 0–100, allowed pairs only).")],
    capacities: Annotated[Path, typer.Option("--capacities", metavar="CAPS.csv", help="mentor_id,capacity rows.")],
    out: Annotated[Path, typer.Option("--out", metavar="RESULT.json", help="Where to write the pairs.")],
) -> None:
    """The bare optimiser: most mentees matched first, then the highest total score.

    Scores may have decimals; they are kept exact by working in thousandths of a point.
    """
    try:
        with _steps() as step:
            _open(edges_file).close()  # an unreadable file fails here, in plain words
            edges = step(f"Reading {edges_file.name}", lambda: read_edges_file(edges_file, edges_file.name))
            with _open(capacities) as stream:
                caps = step(f"Reading {capacities.name}", lambda: read_capacities(stream, capacities.name))
            check_mentors_known(edges, caps, edges_file.name)
            assignment = step(
                f"Solving {len(edges):,} pairs", lambda: solve_edges(edges, caps)
            )
    except MatchingInputError as error:
        raise _fail(str(error)) from None
    _write_json(out, assignment.to_dict())
    stderr.print(
        f"Matched {assignment.matched:,} of {len(edges.mentee_ids):,} mentees, "
        f"total score {assignment.total_score_milli / SCALE:,.3f} → {out}",
        highlight=False,
    )


def match(
    roster: Annotated[Path, typer.Argument(metavar="ROSTER.(json|csv)", help="Participants: a JSON list (or {\"participants\": [...]}) or a CSV with a header row; list fields separated by ';'.")],
    out: Annotated[Path, typer.Option("--out", metavar="RESULT.json", help="Where to write pairs, unmatched and summary.")],
    program: Annotated[Path | None, typer.Option("--program", metavar="PROGRAM.json", help="Format, weights, min_score, goal_themes, pins, forbidden pairs, group sizes.")] = None,
) -> None:
    """Match a roster: the best pairs under the hard rules, each with its reasons."""
    try:
        with _progress() as progress:
            task = progress.add_task(f"Reading {roster.name}", total=None)
            with _open(roster) as stream:
                people = read_roster(stream, roster.name)
            config = MatchingConfig()
            if program is not None:
                with _open(program) as stream:
                    config = read_program(stream, program.name)
            result = match_participants(
                people, config, progress=lambda line: progress.update(task, description=line)
            )
    except MatchingInputError as error:
        raise _fail(str(error)) from None
    _write_json(out, result.model_dump(mode="json"))
    s = result.summary
    stderr.print(
        f"Matched {s.matched:,} of {s.to_match:,} ({s.matched_share:.1%}), "
        f"mean score {s.mean_score if s.mean_score is not None else '–'}, "
        f"{len(result.unmatched):,} unmatched with reasons, {s.rejected_pins} pin(s) rejected → {out}",
        highlight=False,
    )

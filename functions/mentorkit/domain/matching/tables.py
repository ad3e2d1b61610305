"""Reading the bare optimiser's CSV inputs (edges and capacities) with located errors.

Pure text in, arrays out: the CLI opens the files, this module says exactly which line
and column is wrong (`EDGES.csv line 17, column score: 'abc' is not a number`).

A 30-million-row EDGES.csv is read by pyarrow's vectorised CSV reader (ids come out
dictionary-encoded, straight into index arrays) and checked in bulk. Only when a bulk
check fails is the file read again row by row, which finds the first bad row and names
its line: the fast path never has to know line numbers. pyarrow is imported there
only, so the matching Lambda, which never reads CSV edges, does not ship it.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

import numpy as np

from .errors import MatchingInputError
from .optimiser import MAX_SCORE, SCALE, Edges, to_milli

EDGE_COLUMNS = ("mentee_id", "mentor_id", "score")
CAPACITY_COLUMNS = ("mentor_id", "capacity")


def _rows(stream: TextIO, source: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells in `columns` order), checking the header once."""
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise MatchingInputError(f"the file is empty; expected a header {','.join(columns)}", source=source, line=1)
    names = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in columns if c not in names]
    if missing:
        raise MatchingInputError(
            f"missing column(s) {', '.join(missing)}; the header must name {','.join(columns)}",
            source=source,
            line=1,
        )
    positions = [names.index(c) for c in columns]
    width = len(names)
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise MatchingInputError(
                f"expected {width} values, found {len(row)}", source=source, line=line
            )
        yield line, [row[p].strip() for p in positions]


def _number(text: str, *, source: str, line: int, column: str, parse: Callable[[str], float]) -> float:
    try:
        value = parse(text)
    except ValueError:
        raise MatchingInputError(f"{text!r} is not a number", source=source, line=line, column=column) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise MatchingInputError(f"{text!r} is not a finite number", source=source, line=line, column=column)
    return value


def _require_id(text: str, *, source: str, line: int, column: str) -> str:
    if not text:
        raise MatchingInputError("the id is empty", source=source, line=line, column=column)
    return text


def read_edges(stream: TextIO, source: str = "EDGES.csv") -> Edges:
    """Parse `mentee_id,mentor_id,score` rows; scores 0–100, decimals kept exact (×1000)."""
    mentee_index: dict[str, int] = {}
    mentor_index: dict[str, int] = {}
    mentees = array("i")
    mentors = array("i")
    scores = array("q")
    lines = array("q")
    for line, (mentee_id, mentor_id, score_text) in _rows(stream, source, EDGE_COLUMNS):
        _require_id(mentee_id, source=source, line=line, column="mentee_id")
        _require_id(mentor_id, source=source, line=line, column="mentor_id")
        score = to_milli(_number(score_text, source=source, line=line, column="score", parse=float))
        if not 0 <= score <= MAX_SCORE:
            raise MatchingInputError(
                f"{score_text!r} is outside 0–100", source=source, line=line, column="score"
            )
        a = mentee_index.setdefault(mentee_id, len(mentee_index))
        b = mentor_index.setdefault(mentor_id, len(mentor_index))
        mentees.append(a)
        mentors.append(b)
        scores.append(score)
        lines.append(line)
    edges = Edges(
        mentee_ids=list(mentee_index),
        mentor_ids=list(mentor_index),
        mentee=np.frombuffer(mentees, dtype=np.int32),
        mentor=np.frombuffer(mentors, dtype=np.int32),
        score=np.frombuffer(scores, dtype=np.int64),
    )
    _refuse_duplicates(edges, np.frombuffer(lines, dtype=np.int64), source)
    return edges


def read_edges_file(path: Path, source: str = "EDGES.csv") -> Edges:
    """Like `read_edges` on a file, vectorised; the same result and the same errors."""
    edges = _read_edges_in_bulk(path)
    if edges is None:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            return read_edges(stream, source)
    return edges


def _read_edges_in_bulk(path: Path) -> Edges | None:
    """The edges, or None when any bulk check fails (the row-by-row reader then says where)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    ids = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            include_columns=list(EDGE_COLUMNS), column_types={"mentee_id": ids, "mentor_id": ids,
                                                              "score": pa.float64()},
            strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, pa.ArrowKeyError, KeyError):
        return None
    table = table.unify_dictionaries()
    columns = [_indices(table.column(name)) for name in ("mentee_id", "mentor_id")]
    if any(c is None for c in columns) or table.column("score").null_count:
        return None
    (mentee, mentee_ids), (mentor, mentor_ids) = columns  # type: ignore[misc]
    score = table.column("score").to_numpy()
    if not np.isfinite(score).all():
        return None
    milli = np.floor(score * SCALE + 0.5).astype(np.int64)
    if len(milli) and (milli.min() < 0 or milli.max() > MAX_SCORE):
        return None
    edges = Edges(mentee_ids=mentee_ids, mentor_ids=mentor_ids, mentee=mentee, mentor=mentor, score=milli)
    if len(edges) == 0 or _has_repeat(edges):
        return None
    return edges


def _has_repeat(edges: Edges) -> bool:
    """Whether some pair is listed twice: counted on a bitmap of all pairs when that is
    small next to the file (every-pair files), by sorting otherwise."""
    cells = len(edges.mentee_ids) * len(edges.mentor_ids)
    keys = edges.mentee.astype(np.int64) * len(edges.mentor_ids) + edges.mentor
    if cells <= 4 * len(keys):
        seen = np.zeros(cells, bool)
        seen[keys] = True
        return int(np.count_nonzero(seen)) < len(keys)
    keys.sort()
    return bool((keys[1:] == keys[:-1]).any())


def _indices(column) -> tuple[np.ndarray, list[str]] | None:
    """(int32 index per row, ids) of a dictionary column; None if an id is missing or padded."""
    if column.null_count:
        return None
    chunks = column.chunks
    if not chunks:
        return np.zeros(0, np.int32), []
    ids = chunks[0].dictionary.to_pylist()
    if any(not i or i != i.strip() for i in ids):
        return None
    return np.concatenate([c.indices.to_numpy() for c in chunks]).astype(np.int32, copy=False), ids


def _first_repeat(edges: Edges) -> tuple[int, int] | None:
    """Row positions (first, second) of the first pair listed twice, in file order."""
    keys = (edges.mentee.astype(np.int64) << 32) | edges.mentor.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    repeated = np.flatnonzero(keys[order][1:] == keys[order][:-1])
    if len(repeated) == 0:
        return None
    seconds = order[repeated + 1]
    k = int(np.argmin(seconds))
    return int(order[repeated[k]]), int(seconds[k])


def _refuse_duplicates(edges: Edges, lines: np.ndarray, source: str) -> None:
    """A pair listed twice is ambiguous (which score?): name both lines."""
    repeat = _first_repeat(edges)
    if repeat is None:
        return
    first, second = repeat
    pair = f"{edges.mentee_ids[edges.mentee[first]]},{edges.mentor_ids[edges.mentor[first]]}"
    raise MatchingInputError(
        f"the pair {pair} already appears on line {lines[first]}", source=source, line=int(lines[second])
    )


def read_capacities(stream: TextIO, source: str = "CAPS.csv") -> dict[str, int]:
    """Parse `mentor_id,capacity` rows into a mapping; capacities are whole numbers ≥ 0."""
    capacities: dict[str, int] = {}
    lines: dict[str, int] = {}
    for line, (mentor_id, capacity_text) in _rows(stream, source, CAPACITY_COLUMNS):
        _require_id(mentor_id, source=source, line=line, column="mentor_id")
        capacity = _number(capacity_text, source=source, line=line, column="capacity", parse=int)
        if capacity < 0:
            raise MatchingInputError(
                f"{capacity_text!r} is negative", source=source, line=line, column="capacity"
            )
        if mentor_id in capacities:
            raise MatchingInputError(
                f"mentor {mentor_id} already appears on line {lines[mentor_id]}", source=source, line=line
            )
        capacities[mentor_id] = int(capacity)
        lines[mentor_id] = line
    return capacities


def check_mentors_known(edges: Edges, capacities: dict[str, int], source: str = "EDGES.csv") -> None:
    """Refuse edges to mentors the capacities file does not mention: likely a typo."""
    unknown = [m for m in edges.mentor_ids if m not in capacities]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise MatchingInputError(
            f"{len(unknown)} mentor id(s) have no row in the capacities file: {shown}", source=source
        )


def write_csv(rows: Iterable[Iterable[object]], header: Iterable[str], stream: TextIO) -> None:
    """Write rows with a header; used by tests and the benchmark to produce input files."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(list(header))
    writer.writerows(rows)

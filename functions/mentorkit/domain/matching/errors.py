"""Errors a person can act on: which file, which line, which column, what is wrong."""

from __future__ import annotations


class MatchingInputError(ValueError):
    """Input that the matching engine cannot use, located as precisely as possible."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None, column: str | None = None):
        self.source = source
        self.line = line
        self.column = column
        self.detail = message
        where = " ".join(
            part for part in (source, f"line {line}" if line is not None else "") if part
        )
        if column:
            where = f"{where}, column {column}" if where else f"column {column}"
        super().__init__(f"{where}: {message}" if where else message)

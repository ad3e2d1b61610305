"""Sign-ups as a CSV roster, for programs run from an HR spreadsheet: import and export.

Columns are the sign-up model's JSON names plus `email` and `name`; lists are separated
by ";"; a program question's answer goes in a column named `answer:<question id>`.
Every row is validated with the same model and rules as the sign-up form, and an import is
all or nothing: one bad row and nothing is written, with every bad row reported.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Literal, NamedTuple

from pydantic import ConfigDict, EmailStr, Field, TypeAdapter, ValidationError

from mentorkit.domain.errors import InvalidInput
from mentorkit.domain.models import Model, Program, Signup, SignupIn
from mentorkit.domain.people import roster_id
from mentorkit.domain.signups import check_signup, with_program_defaults

LIST_SEPARATOR = ";"
ANSWER_PREFIX = "answer:"
IDENTITY = ("email",)   # the name is a field of SignupIn, set by the person or the roster
FIELDS = [f.alias or name for name, f in SignupIn.model_fields.items() if name != "answers"]
LIST_FIELDS = {f.alias or name for name, f in SignupIn.model_fields.items()
               if getattr(f.annotation, "__origin__", None) is list}
COLUMNS = [*IDENTITY, *FIELDS]
TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}
# Built on first use (a roster import), not at import: the API's cold start does not need it.
_email = TypeAdapter(EmailStr, config=ConfigDict(defer_build=True))


class Rejection(NamedTuple):
    line: int
    field: str
    message: str


@dataclass
class RosterReport:
    accepted: list[Signup] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected and bool(self.accepted)


# A cell starting with one of these is a formula to a spreadsheet: exports prefix it with an
# apostrophe (which spreadsheets show as text), and imports take the apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _cell_value(column: str, text: str) -> Any:
    text = unescape_cell(text.strip())
    if column in LIST_FIELDS:
        return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    if column in ("consent", "preferOutsideDepartment"):
        lowered = text.casefold()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
    return text


def _row_to_body(row: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    answers = {}
    for column, raw in row.items():
        if column is None or column in IDENTITY:
            continue
        if column.startswith(ANSWER_PREFIX):
            if (raw or "").strip():
                answers[column.removeprefix(ANSWER_PREFIX)] = unescape_cell(raw.strip())
            continue
        value = _cell_value(column, raw or "")
        if value in ("", []) and column not in ("consent",):
            continue
        body[column] = value
    if answers:
        body["answers"] = answers
    return body


def check_structure(text: str) -> None:
    """What can be told at once, before an import is queued: the header names known columns and
    every line reads as CSV (no cell over 128 KiB, no stray NUL). Row values are the job's."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        _check_header(reader.fieldnames or [])
        for _ in reader:
            pass
    except csv.Error as error:
        raise InvalidInput(f"Line {reader.line_num + 1} cannot be read as CSV ({error}).", field="body") from None


def _check_header(header: list[str]) -> None:
    unknown = [c for c in header if c not in COLUMNS and not c.startswith(ANSWER_PREFIX)]
    if "email" not in header:
        raise InvalidInput("The roster has no 'email' column (the first line must name the columns).",
                           field="email")
    if unknown:
        raise InvalidInput(f"Unknown column '{unknown[0]}'. Columns are: {', '.join(COLUMNS)}, "
                           f"and {ANSWER_PREFIX}<question id>.", field=unknown[0])


def parse_roster(text: str, program: Program, now: datetime,
                 progress: Callable[[int], None] | None = None) -> RosterReport:
    """Validate every row; report each rejected row with its line, field and reason."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _parse_rows(reader, program, now, progress)
    except csv.Error as error:   # a cell over the csv module's 128 KiB limit, a stray NUL byte…
        # The reader has not counted the line it failed on.
        raise InvalidInput(f"Line {reader.line_num + 1} cannot be read as CSV ({error}).", field="body") from None


def _parse_rows(reader: csv.DictReader, program: Program, now: datetime,
                progress: Callable[[int], None] | None) -> RosterReport:
    _check_header(reader.fieldnames or [])
    report = RosterReport()
    seen: dict[str, int] = {}
    for index, row in enumerate(reader):
        line = index + 2   # the header is line 1
        report.rows += 1
        if progress and report.rows % 500 == 0:
            progress(report.rows)
        if None in row:
            report.rejected.append(Rejection(line, "row", "This row has more cells than the header has columns."))
            continue
        try:
            email = str(_email.validate_python(unescape_cell((row.get("email") or "").strip()))).casefold()
        except ValidationError:
            report.rejected.append(Rejection(line, "email", "This is not an e-mail address."))
            continue
        if email in seen:
            report.rejected.append(Rejection(line, "email", f"The same address is also on line {seen[email]}."))
            continue
        seen[email] = line
        try:
            signup_in = with_program_defaults(SignupIn.model_validate(_row_to_body(row)), program)
            check_signup(program, signup_in, email)
            report.accepted.append(Signup(**signup_in.model_dump(), program_id=program.program_id,
                                          sub=roster_id(email), email=email, created_at=now, updated_at=now))
        except ValidationError as error:
            problem = InvalidInput.from_validation(error)
            report.rejected.append(Rejection(line, problem.field or "row", problem.message))
        except InvalidInput as error:
            report.rejected.append(Rejection(line, error.field or "row", error.message))
    if progress:
        progress(report.rows)
    return report


def to_csv(signups: Iterable[Signup]) -> str:
    """The roster format, so an export can be edited and imported again."""
    signups = list(signups)
    questions = sorted({key for s in signups for key in s.answers})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *(f"{ANSWER_PREFIX}{q}" for q in questions)])
    for signup in signups:
        data = signup.model_dump(mode="json", by_alias=True)
        cells = []
        for column in COLUMNS:
            value = data.get(column)
            if isinstance(value, list):
                value = LIST_SEPARATOR.join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            cells.append("" if value is None else str(value))
        writer.writerow([escape_cell(c) for c in (*cells, *(signup.answers.get(q, "") for q in questions))])
    return out.getvalue()


ImportStatus = Literal["queued", "running", "succeeded", "failed"]


class RejectedRow(Model):
    line: int
    field: str
    message: str


class RosterImport(Model):
    """A roster import as a job: the API answers 202 with it, the worker carries it out.

    Rows are all checked before any is written: one bad row and the job fails with every bad
    row listed, having written nothing. Writes are whole items in order, so a job cut short
    is finished by running it again; nothing that existed before is ever deleted.
    """

    program_id: str
    import_id: str
    status: ImportStatus
    dry_run: bool = False
    csv_parts: int = 0
    rows: int = 0
    imported: int = 0
    kept: int = Field(0, description="Rows left alone because the person already signed up on the site.")
    rejected: list[RejectedRow] = Field(default_factory=list, description="The first 200 bad rows.")
    reason: str | None = Field(None, description="Why the import failed, in words a coordinator can act on.")
    created_at: datetime
    created_by: str
    finished_at: datetime | None = None

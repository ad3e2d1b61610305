"""Roster CSV parsing: the same model and rules as the form, every bad row reported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentorkit.domain.errors import InvalidInput
from mentorkit.domain.models import Program
from mentorkit.domain.roster import parse_roster, to_csv

NOW = datetime(2026, 11, 25, tzinfo=UTC)
PROGRAM = Program(program_id="p1", name="P", opens_at=NOW - timedelta(days=1), closes_at=NOW + timedelta(days=9),
                  skills=["Writing"], created_at=NOW, created_by="c@example.org")
HEADER = "email,role,department,jobLevel,timeZone,languages,consent"


def test_header_must_name_email_and_only_known_columns() -> None:
    with pytest.raises(InvalidInput, match="no 'email' column"):
        parse_roster("name,role\nA,mentee\n", PROGRAM, NOW)
    with pytest.raises(InvalidInput, match="Unknown column 'salary'") as error:
        parse_roster(HEADER + ",salary\n", PROGRAM, NOW)
    assert error.value.field == "salary"


def test_rows_with_extra_cells_and_byte_order_marks() -> None:
    text = "\ufeff" + HEADER + "\na@example.org,mentee,S,2,UTC,English,true,surplus\n"
    report = parse_roster(text, PROGRAM, NOW)
    assert [(r.line, r.field) for r in report.rejected] == [(2, "row")]


def test_booleans_and_lists_read_like_a_spreadsheet_writes_them() -> None:
    text = (HEADER + ",preferOutsideDepartment,skillsWanted\n"
            "a@example.org,mentee,S,2,UTC,English; French ;,true,YES,Writing\n")
    report = parse_roster(text, PROGRAM, NOW)
    (signup,) = report.accepted
    assert signup.languages == ["English", "French"]
    assert signup.prefer_outside_department is True
    assert signup.sub == "roster:a@example.org"


def test_consent_is_required_in_imports_too() -> None:
    report = parse_roster(HEADER + "\na@example.org,mentee,S,2,UTC,English,no\n", PROGRAM, NOW)
    assert [(r.field, r.line) for r in report.rejected] == [("consent", 2)]
    assert not report.ok


def test_export_reads_back_as_the_same_signups() -> None:
    text = (HEADER + ",goals\n" 'a@example.org,mentee,S,2,UTC,English,true,"Ship, then rest;Learn SQL"\n')
    first = parse_roster(text, PROGRAM, NOW).accepted
    again = parse_roster(to_csv(first), PROGRAM, NOW).accepted
    assert [s.model_dump() for s in again] == [s.model_dump() for s in first]
    assert first[0].goals == ["Ship, then rest", "Learn SQL"]

"""`mentorkit roster import|export` against DynamoDB Local: reports, all-or-nothing, round trip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mentorkit.cli import app

HEADER = "email,name,role,department,jobLevel,timeZone,languages,consent"


def _args(stack: Any) -> list[str]:
    import os

    return ["--table", stack.tables["Table"], "--endpoint", os.environ["DYNAMODB_ENDPOINT"]]


def test_cli_import_reports_bad_rows_and_writes_nothing(stack: Any, program: dict, coordinator: Any,
                                                        tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text("\n".join([HEADER, "ok@example.org,Ok,mentee,Sales,2,Europe/London,English,true",
                                 "bad@example.org,Bad,mentee,Sales,2,Nowhere/Land,English,true"]))
    result = CliRunner().invoke(app, ["roster", "import", str(roster), "--program", program["programId"],
                                      *_args(stack)])
    assert result.exit_code == 1
    assert "1 rows rejected: nothing imported" in result.output
    assert "timeZone" in result.output
    assert coordinator.get(f"/api/programs/{program['programId']}/signups").body["total"] == 0


def test_cli_import_then_export_round_trips(stack: Any, program: dict, coordinator: Any, tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    rows = [f"p{i}@example.org,P {i},{'mentor' if i % 3 == 0 else 'mentee'},Sales,{i % 9 + 1},Europe/London,"
            f"English;French,true" for i in range(1200)]
    roster.write_text("\n".join([HEADER, *rows]) + "\n")
    result = CliRunner().invoke(app, ["roster", "import", str(roster), "--program", program["programId"],
                                      *_args(stack)])
    assert result.exit_code == 0, result.output
    assert "1200 rows checked, imported 1200 sign-ups" in result.output
    assert coordinator.get(f"/api/programs/{program['programId']}/signups").body["total"] == 1200

    exported = tmp_path / "export.csv"
    result = CliRunner().invoke(app, ["roster", "export", "--program", program["programId"],
                                      "--out", str(exported), *_args(stack)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(app, ["roster", "import", str(exported), "--program", program["programId"],
                                     "--dry-run", *_args(stack)])
    assert again.exit_code == 0, again.output
    assert "would import 1200" in again.output


def test_cli_names_a_missing_program(stack: Any, tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(HEADER + "\n")
    result = CliRunner().invoke(app, ["roster", "import", str(roster), "--program", "nope", *_args(stack)])
    assert result.exit_code == 2
    assert "No program with id 'nope'" in result.output

"""`mentorkit match` and `mentorkit solve` keep their file contract and fail helpfully."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mentorkit.cli import app

runner = CliRunner()


def test_solve_writes_the_contracted_result(tmp_path):
    (tmp_path / "EDGES.csv").write_text("mentee_id,mentor_id,score\na,x,90\na,y,50.25\nb,x,80\nc,x,99.5\n")
    (tmp_path / "CAPS.csv").write_text("mentor_id,capacity\nx,1\ny,1\n")
    out = tmp_path / "RESULT.json"
    result = runner.invoke(app, ["solve", str(tmp_path / "EDGES.csv"), "--capacities", str(tmp_path / "CAPS.csv"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == {
        "pairs": [{"mentee_id": "a", "mentor_id": "y", "score": 50.25}, {"mentee_id": "c", "mentor_id": "x", "score": 99.5}],
        "total_score": 149.75,
        "matched": 2,
    }


def test_solve_names_line_and_column_of_a_bad_score(tmp_path):
    lines = ["mentee_id,mentor_id,score"] + [f"e{i},x,50" for i in range(15)] + ["e99,x,abc"]
    (tmp_path / "EDGES.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "CAPS.csv").write_text("mentor_id,capacity\nx,1\n")
    out = tmp_path / "RESULT.json"
    result = runner.invoke(app, ["solve", str(tmp_path / "EDGES.csv"), "--capacities", str(tmp_path / "CAPS.csv"),
                                 "--out", str(out)])
    assert result.exit_code == 2
    assert "EDGES.csv line 17, column score: 'abc' is not a number" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_solve_reports_a_missing_file_with_exit_2(tmp_path):
    result = runner.invoke(app, ["solve", str(tmp_path / "nope.csv"), "--capacities", str(tmp_path / "c.csv"),
                                 "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.output


ROSTER = [
    {"id": "ann", "email": "ann@example.org", "role": "mentee", "job_level": 3, "languages": ["English"],
     "skills_wanted": ["python"], "timezone": "Europe/Paris"},
    {"id": "bob", "email": "bob@example.org", "role": "mentee", "job_level": 3, "languages": ["German"]},
    {"id": "max", "email": "max@example.org", "role": "mentor", "job_level": 6, "languages": ["english"],
     "skills_offered": ["python"], "capacity": 2},
]


def test_match_reads_json_and_writes_pairs_unmatched_and_summary(tmp_path):
    (tmp_path / "roster.json").write_text(json.dumps({"participants": ROSTER}))
    (tmp_path / "program.json").write_text(json.dumps({"min_score": 30, "weights": {"skills": 50}}))
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["match", str(tmp_path / "roster.json"), "--program", str(tmp_path / "program.json"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    body = json.loads(out.read_text())
    assert [(p["mentee_id"], p["mentor_id"]) for p in body["pairs"]] == [("ann", "max")]
    assert body["pairs"][0]["breakdown"] and body["pairs"][0]["reasons"]
    assert [(u["id"], u["reason_code"]) for u in body["unmatched"]] == [("bob", "language")]
    assert body["summary"]["matched"] == 1


def test_match_reads_csv_with_semicolon_lists(tmp_path):
    (tmp_path / "roster.csv").write_text(
        "id,email,role,job_level,languages,skills_wanted,skills_offered,capacity\n"
        "ann,ann@example.org,mentee,3,English;French,python;sql,,\n"
        "max,max@example.org,mentor,6,french,,sql,1\n"
    )
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["match", str(tmp_path / "roster.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["pairs"][0]["mentor_id"] == "max"


def test_match_names_the_row_and_field_of_bad_input(tmp_path):
    (tmp_path / "roster.csv").write_text(
        "id,email,role,job_level,timezone\nann,ann@example.org,mentee,3,UTC\nbob,bob@example.org,mentee,3,Mars/Base\n"
    )
    result = runner.invoke(app, ["match", str(tmp_path / "roster.csv"), "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "roster.csv line 3, column timezone: 'Mars/Base' is not an IANA time zone" in result.output

    (tmp_path / "roster.json").write_text(json.dumps([{**ROSTER[0], "favourite_colour": "blue"}]))
    result = runner.invoke(app, ["match", str(tmp_path / "roster.json"), "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "roster.json participant 1 (id 'ann'), column favourite_colour: is not a known field" in result.output


def test_match_refuses_unknown_program_settings(tmp_path):
    (tmp_path / "roster.json").write_text(json.dumps(ROSTER))
    (tmp_path / "program.json").write_text(json.dumps({"min_scor": 50}))
    result = runner.invoke(app, ["match", str(tmp_path / "roster.json"), "--program", str(tmp_path / "program.json"),
                                 "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "program.json, column min_scor: is not a known field" in result.output

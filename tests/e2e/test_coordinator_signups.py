"""A coordinator lists, filters and imports sign-ups from the site."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any


def test_coordinator_imports_a_roster_and_sees_the_counts(browser_page: Any, stack: Any, sign_in: Any, axe: Any,
                                                         tmp_path: Path) -> None:
    from tests.conftest import Client

    coordinator = Client(stack.url, stack.issuer.mint("lead@example.org", coordinator=True))
    program = coordinator.post("/api/programs", {"name": f"Roster test {uuid.uuid4().hex[:4]}",
                                                 "opensAt": "2026-01-01T00:00:00Z",
                                                 "closesAt": "2099-01-01T00:00:00Z", "skills": ["Writing"]}).body
    header = "email,name,role,department,jobLevel,timeZone,languages,consent"
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\na@example.org,A,mentee,Sales,2,Europe/London,English,true\n"
                   "b@example.org,B,mentee,Sales,two,Europe/London,English,true\n")
    good = tmp_path / "good.csv"
    good.write_text(f"{header}\na@example.org,A,mentee,Sales,2,Europe/London,English,true\n"
                    "b@example.org,B,mentor,Finance,7,Europe/London,English,true\n")

    page = browser_page
    page.goto(f"/app/signups/?program={program['programId']}")
    sign_in(page, "lead@example.org", coordinator=True)
    page.get_by_text("0 sign-ups.").wait_for()

    page.get_by_label("Roster CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Import roster").click()
    page.get_by_text("1 row has problems: nothing was imported.").wait_for()
    page.get_by_text("Line 3, jobLevel").wait_for()

    page.get_by_label("Roster CSV file").set_input_files(str(good))
    page.get_by_label("Check only (write nothing)").uncheck()
    page.get_by_role("button", name="Import roster").click()
    page.get_by_text("Imported 2 sign-ups.").wait_for()
    page.get_by_text("2 sign-ups: 1 mentee, 1 mentor.").wait_for()

    page.get_by_label("Role", exact=True).select_option("mentor")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("1 sign-ups: 1 mentor.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    lines = Path(download.value.path()).read_text().strip().splitlines()
    assert lines[0].startswith("email,name,role")
    assert [line.split(",")[0] for line in lines[1:]] == ["b@example.org"]
    assert axe(page) == []


def test_employees_are_told_the_page_is_for_coordinators(browser_page: Any, sign_in: Any) -> None:
    page = browser_page
    page.goto("/app/signups/")
    sign_in(page, "nosy@example.org")
    page.get_by_text("Only coordinators can see sign-ups.").wait_for()

"""The matching console and My mentoring, as people use them: run, review, publish, see the match."""

from __future__ import annotations

import uuid
from typing import Any

from tests.e2e.conftest import seed_program


def seed(stack: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A program with two mentees and two mentors, signed up through the API."""
    common = {"goals": ["Lead a project of five people by June"], "languages": ["English"],
              "timeZone": "Europe/London", "consent": True}
    people = {
        "ana": {"role": "mentee", "skillsWanted": ["Leadership"], "department": "Finance", "jobLevel": 2},
        "ben": {"role": "mentee", "skillsWanted": ["Writing"], "department": "Sales", "jobLevel": 3},
        "max": {"role": "mentor", "skillsOffered": ["Leadership"], "department": "Legal", "jobLevel": 7},
        "zoe": {"role": "mentor", "skillsOffered": ["Writing"], "department": "Marketing", "jobLevel": 6},
    }
    return seed_program(stack, "Console cohort", people, common, skills=["Leadership", "Writing"])


def test_coordinator_runs_reviews_and_publishes_then_the_mentee_sees_the_match(
        browser: Any, browser_page: Any, stack: Any, sign_in: Any, axe: Any) -> None:
    program, emails = seed(stack)
    page = browser_page
    page.goto(f"/app/console/?program={program['programId']}")
    page.get_by_role("button", name="Sign in", exact=True).last.wait_for()
    sign_in(page, "coordinator@example.org", coordinator=True)

    page.get_by_role("heading", name=program["name"]).wait_for()
    page.get_by_text("4 sign-ups: 2 mentees, 2 mentors").wait_for()
    page.get_by_role("button", name="Run matching").click()
    status = page.get_by_role("status").first
    page.get_by_text("Run finished: 2 pairs, 100% matched.").wait_for(timeout=60_000)
    assert "Run finished" in status.inner_text()

    pairs = page.get_by_role("table", name="Pairs with their score and the reasons for each")
    pairs.wait_for()
    ana_row = pairs.get_by_role("row").filter(has_text=emails["ana"])
    assert emails["max"] in ana_row.inner_text()
    ana_row.get_by_role("group").or_(ana_row.locator("summary")).first.click()      # open "why"
    assert "skills" in ana_row.inner_text()
    page.get_by_role("table", name="Pairs by score").wait_for()
    assert axe(page) == []
    assert "null" not in page.locator(".mk-console__review").inner_text().split()

    # Forbid a pair, run again: the ruled-out pair is gone.
    ana_row.get_by_role("button", name=f"Forbid {emails['ana']} with {emails['max']}").click()
    page.get_by_role("button", name=f"Remove never-pair {emails['ana']} and {emails['max']}").wait_for()
    page.reload()   # kept on the program: a reload does not lose it
    page.get_by_role("button", name=f"Remove never-pair {emails['ana']} and {emails['max']}").wait_for()
    page.get_by_role("button", name="Run matching").click()
    page.get_by_text("Run finished:").wait_for(timeout=60_000)
    pairs.wait_for()
    rows = [row.inner_text() for row in pairs.get_by_role("row").all()]
    assert not [r for r in rows if emails["ana"] in r and emails["max"] in r]
    assert page.get_by_role("table", name="Matching runs of this program, newest first").get_by_role("row").count() == 3

    # Back to the first run and publish it, after a confirmation.
    page.get_by_role("button", name="Review").last.click()
    page.get_by_role("button", name="Publish these matches…").click()
    page.get_by_role("button", name="Yes, publish 2 pairs").click()
    page.get_by_text("Published 2 pairs.").wait_for()
    assert "Notifications are off" in status.inner_text()

    context = browser.new_context(base_url=stack.url)
    mentee = context.new_page()
    mentee.goto("/app/my-mentoring/")
    sign_in(mentee, emails["ana"])
    match = mentee.locator("[data-mk-matches] .mk-match").filter(has_text=program["name"])
    match.wait_for()
    assert emails["max"] in match.inner_text()
    assert "Your mentor" in match.inner_text()
    assert "Why you were matched" in match.inner_text()
    assert axe(mentee) == []
    context.close()


def test_employees_are_told_the_console_is_for_coordinators(browser_page: Any, stack: Any, sign_in: Any) -> None:
    page = browser_page
    page.goto("/app/console/")
    sign_in(page, f"someone-{uuid.uuid4().hex[:6]}@example.org")
    page.get_by_text("This console is for program coordinators.").wait_for()

"""A self-match pair from request to close, in the browser: the mentee asks, the mentor accepts,
sets a goal, logs a meeting and ends the relationship; the coordinator sees it by health."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import seed_program


def seed(stack: Any) -> tuple[dict[str, Any], dict[str, str]]:
    common = {"languages": ["English"], "timeZone": "Europe/London", "consent": True}
    people = {"ana": {"role": "mentee", "skillsWanted": ["Leadership"], "department": "Finance", "jobLevel": 2},
              "max": {"role": "mentor", "skillsOffered": ["Leadership"], "department": "Legal", "jobLevel": 7}}
    return seed_program(stack, "Self-match cohort", people, common, matchingMode="self", skills=["Leadership"])


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").first.wait_for()


def test_request_accept_goal_meeting_close(browser_page: Any, stack: Any, sign_in: Any, axe: Any) -> None:
    program, emails = seed(stack)
    page = browser_page
    page.goto("/app/my-mentoring/")
    sign_in(page, emails["ana"])

    # The mentee finds a mentor and asks.
    page.get_by_role("heading", name=f"Find a mentor in {program['name']}").wait_for(timeout=30_000)
    page.get_by_role("button", name=f"Ask {emails['max']}").click()
    page.get_by_label("Your message").fill("I lead my first team in spring; could you help me prepare?")
    page.get_by_role("button", name=f"Send request to {emails['max']}").click()
    page.get_by_text(f"Request sent to {emails['max']}.").wait_for()
    page.get_by_text(f"To {emails['max']} ({program['name']}): open").wait_for()
    assert axe(page) == []
    sign_out(page)

    # The mentor accepts, sets a goal, logs a meeting.
    sign_in(page, emails["max"])
    page.get_by_role("button", name=f"Accept {emails['ana']}").click()
    page.get_by_text(f"You are now mentoring {emails['ana']}.").wait_for()
    page.get_by_role("heading", name=f"{program['name']}: Your mentee {emails['ana']}").wait_for()
    page.get_by_label("New SMART goal").fill("Run the first team retrospective by March")
    page.get_by_role("button", name="Add goal").click()
    page.get_by_text("Goal added.").wait_for()
    page.get_by_text("Goals (1 of 3)").wait_for()
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Private note (optional)").fill("She is nervous about the retro")
    page.get_by_role("button", name="Log meeting").click()
    page.get_by_text("Meeting logged.").wait_for()
    page.get_by_text("Meetings: 1, 0.8 h in all").wait_for()
    page.get_by_text("your note: She is nervous about the retro").wait_for()
    assert axe(page) == []

    # Ending asks first, then closes with the reason.
    page.get_by_role("button", name="End this relationship").click()
    page.get_by_label("How it ends").select_option("completed")
    page.get_by_label("A few words why").fill("Goal reached early.")
    page.get_by_role("button", name="Yes, end it").click()
    page.get_by_text("The relationship has ended.").wait_for()
    page.get_by_text("(completed): Goal reached early.").wait_for()
    sign_out(page)

    # The coordinator sees the pair, closed, in the console.
    page.goto(f"/app/console/?program={program['programId']}")
    sign_in(page, "coordinator@example.org", coordinator=True)
    pairs = page.get_by_role("table", name="Mentoring relationships")
    pairs.wait_for()
    row = pairs.get_by_role("row").filter(has_text=emails["ana"])
    assert "closed" in row.inner_text() and "Goal reached early." in row.inner_text()
    # Re-match: the coordinator pairs Ana with Max again, by hand.
    page.get_by_label("Mentee's e-mail").fill(emails["ana"])
    page.get_by_label("Mentor's e-mail").fill(emails["max"])
    page.get_by_role("button", name="Pair them").click()
    page.get_by_text(f"Paired {emails['ana']} with {emails['max']}").wait_for()
    assert pairs.get_by_role("row").filter(has_text="healthy").count() == 1
    assert axe(page) == []
    page.get_by_role("button", name=f"End pair of {emails['ana']} and {emails['max']}").click()
    page.get_by_label(f"Why end {emails['ana']} and {emails['max']}?").fill("Ana moves to another site.")
    page.get_by_role("button", name="Yes, end this pair").click()
    page.get_by_text(f"Ended the pair of {emails['ana']} and {emails['max']}.").wait_for()
    assert pairs.get_by_role("row").filter(has_text="Ana moves to another site.").count() == 1
    page.get_by_label("Show pairs by health").select_option("quiet")
    page.get_by_text("No pairs here yet").wait_for()

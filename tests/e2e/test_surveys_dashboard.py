"""Surveys and the dashboard as people use them: a coordinator opens a survey, employees answer
it on the site, and the dashboard shows the results and the program's metrics."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Client
from tests.integration.test_matching_runs import start, wait_for

END = {"satisfaction": 4, "recommend": 9, "goals-achieved": "some", "continue": "yes"}


def seed(stack: Any) -> tuple[Client, dict[str, Any], dict[str, Client], str]:
    """Five mentees and one mentor signed up through the API, matched and published."""
    tag = uuid.uuid4().hex[:6]
    coordinator = Client(stack.url, stack.issuer.mint("coordinator@example.org", coordinator=True))
    program = coordinator.post("/api/programs", {
        "name": f"Survey cohort {tag}", "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
        "closesAt": "2099-01-01T00:00:00Z", "skills": ["Leadership", "Writing"]}).body
    common = {"goals": ["Lead a project of five people by June"], "languages": ["English"],
              "timeZone": "Europe/London", "consent": True, "department": "Finance", "jobLevel": 2}
    people = {}
    for name in ("ana", "ben", "cat", "dan", "eve"):
        people[name] = Client(stack.url, stack.issuer.mint(f"{name}-{tag}@example.org"))
        assert people[name].put(f"/api/programs/{program['programId']}/signup",
                                {**common, "role": "mentee", "skillsWanted": ["Writing"]}).status == 200
    people["max"] = Client(stack.url, stack.issuer.mint(f"max-{tag}@example.org"))
    assert people["max"].put(f"/api/programs/{program['programId']}/signup", {
        **common, "role": "mentor", "skillsOffered": ["Writing"], "jobLevel": 7, "capacity": 5,
        "department": "Legal"}).status == 200
    run = wait_for(coordinator, program["programId"], start(coordinator, program["programId"]))
    assert coordinator.post(f"/api/programs/{program['programId']}/matching-runs/{run['runId']}/publish").status == 200
    return coordinator, program, people, tag


def test_a_coordinator_opens_a_survey_employees_answer_and_the_dashboard_shows_it(
        browser: Any, browser_page: Any, stack: Any, sign_in: Any, axe: Any) -> None:
    coordinator, program, people, tag = seed(stack)
    pid = program["programId"]
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"/app/dashboard/?program={pid}")
    sign_in(page, "coordinator@example.org", coordinator=True)
    page.get_by_role("heading", name=f"{program['name']}: at a glance").wait_for()
    row = page.get_by_role("row").filter(has_text="End of program")
    row.get_by_role("button", name="Open").click()
    page.get_by_text("End of program is open until").wait_for()
    assert "open until" in page.get_by_role("row").filter(has_text="End of program").inner_text()

    # Four answer through the API, the fifth on the site.
    for name in ("ana", "ben", "cat", "dan"):
        reply = people[name].post("/api/surveys/end-of-program/responses", {"programId": pid, "answers": END})
        assert reply.status == 201, reply.body
    context = browser.new_context(base_url=stack.url)
    eve = context.new_page()
    eve.goto("/app/surveys/")
    sign_in(eve, f"eve-{tag}@example.org")
    eve.get_by_role("link", name="End of program").click()
    eve.get_by_role("heading", name="End of program").wait_for()
    eve.get_by_role("button", name="Send my answers").click()             # nothing chosen yet
    eve.get_by_text("4 answers need attention: see the marked questions.").wait_for()
    assert eve.locator("#mk-q-satisfaction-error").inner_text() == (
        "'Overall, how satisfied are you with the program?' needs an answer.")
    eve.get_by_role("group", name="Overall, how satisfied are you with the program?").get_by_label("5").check()
    eve.get_by_role("group", name="How likely are you to recommend").get_by_label("10", exact=True).check()
    eve.get_by_role("group", name="Did you achieve your goals?").get_by_label("All of them").check()
    eve.get_by_role("group", name="Will you and your partner keep meeting?").get_by_label("Yes").check()
    eve.get_by_label("What should we change next time? (optional)").fill("More time for the first meeting")
    assert axe(eve) == []
    eve.get_by_role("button", name="Send my answers").click()
    eve.get_by_text("Your answers were recorded anonymously.").wait_for()
    context.close()

    page.reload()
    page.get_by_role("heading", name=f"{program['name']}: at a glance").wait_for()
    assert page.locator(".mk-tile").filter(has_text="mentees matched").inner_text().startswith("100%")
    assert "5 of 6" in page.get_by_role("row").filter(has_text="End of program").inner_text()
    page.get_by_role("row").filter(has_text="End of program").get_by_role("button", name="Results").click()
    results = page.locator(".mk-results")
    results.get_by_text("5 respondents.").wait_for()
    assert "mean 4.2" in results.inner_text()
    assert "NPS 100" in results.inner_text()
    # Six charts drawn by Chart.js from the site's own copy; training has nothing to show yet.
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 6")
    assert page.get_by_role("heading", name="Training completed, by module").locator("..").inner_text().endswith(
        "Nothing to show yet.")
    rates = page.locator("table.mk-table").filter(has=page.locator("caption", has_text="Response rates"))
    assert "83%" in rates.text_content()          # the table under the chart, folded in "The numbers"
    assert axe(page) == []
    assert any(url.endswith("/assets/vendor/chart.umd.min.js") for url in requests)
    assert all(url.startswith(stack.url) or url.startswith(("data:", "blob:")) for url in requests)

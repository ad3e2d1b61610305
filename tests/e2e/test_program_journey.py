"""A program from start to end in the browser: a coordinator creates and sets it up on the programs
page, an employee signs up (one mistake, one ended session), the coordinator runs matching and
publishes, and the employee sees the match. Nobody calls the API by hand but the second person,
a mentor, whose sign-up is not what this walk is about."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Client

TOKEN_KEY = "mentorkit.idToken"


def test_a_program_from_creation_to_a_published_match(browser: Any, stack: Any, sign_in: Any, axe: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    name = f"Journey cohort {tag}"
    ana, max_ = f"ana-{tag}@example.org", f"max-{tag}@example.org"

    # The coordinator creates the program on the programs page.
    coordinator_context = browser.new_context(base_url=stack.url)
    coordinator_context.set_default_timeout(15_000)
    cy = coordinator_context.new_page()
    cy.goto("/app/programs/")
    sign_in(cy, f"cy-{tag}@example.org", coordinator=True)
    cy.get_by_text("@example.org", exact=False).first.wait_for()       # the header says who is signed in
    assert f"cy-{tag}@example.org" in cy.locator(".md-header").inner_text()
    cy.get_by_role("button", name="New program").click()
    form = cy.get_by_role("form", name="New program")
    form.get_by_label("Program name").fill(name)
    form.get_by_label("Description").fill("Eight weeks of one-to-one mentoring.\nStarts in spring.")
    form.get_by_label("Format", exact=True).select_option("one_to_one")
    form.get_by_label("Sign-ups open").fill("0134-03-01T09:00")            # a typing slip: the year 0134
    form.get_by_label("Sign-ups close").fill("2099-06-30T17:00")
    form.get_by_label("Skills", exact=True).fill("Leadership, Writing")
    form.get_by_role("button", name="Add a question").click()
    form.get_by_label("Question", exact=True).fill("Which office are you based in?")
    form.get_by_label("Short name").fill("office")
    form.get_by_role("button", name="Add a goal theme").click()          # generated from the model, like questions
    form.get_by_label("Theme", exact=True).fill("Leadership")
    form.get_by_label("Keywords").fill("lead a team, delegation")
    form.get_by_label("Skills wanted and offered").fill("60")
    form.get_by_label("Minimum score").fill("30")
    form.get_by_label("Default mentor capacity").fill("2")
    assert axe(cy) == []
    form.get_by_role("button", name="Create program").click()
    error = cy.locator('[data-field="opensAt"] .mk-error')
    error.wait_for()
    assert "between 2000 and 2100" in error.inner_text()
    assert "opensAt" not in error.inner_text()                            # words, not the API's field names
    form.get_by_label("Sign-ups open").fill("2026-01-01T09:00")
    assert error.is_hidden()                                              # fixed, so the error has gone
    form.get_by_label("Sign-ups close").fill("2025-12-01T17:00")
    form.get_by_role("button", name="Create program").click()
    closes_error = cy.locator('[data-field="closesAt"] .mk-error')
    closes_error.wait_for()
    assert closes_error.inner_text() == "Sign-ups must close after they open."
    form.get_by_label("Sign-ups close").fill("2099-06-30T17:00")
    form.get_by_role("button", name="Create program").click()
    cy.get_by_text(f"Created {name}.").wait_for()
    programs = cy.get_by_role("table", name="Programs, open ones first")
    row = programs.get_by_role("row").filter(has_text=name)
    assert "Open" in row.inner_text() and "0" in row.inner_text()
    program_id = row.get_by_role("link", name="Matching").get_attribute("href").split("program=")[1]

    # The settings were kept, as set: reopen them.
    row.get_by_role("button", name=f"Settings of {name}").click()
    settings = cy.get_by_role("form", name=f"Settings of {name}")
    assert settings.get_by_label("Minimum score").input_value() == "30"
    assert settings.get_by_label("Skills wanted and offered").input_value() == "60"
    assert settings.get_by_label("Question", exact=True).input_value() == "Which office are you based in?"
    assert settings.get_by_label("Theme", exact=True).input_value() == "Leadership"
    assert settings.get_by_label("Keywords").input_value() == "lead a team, delegation"
    assert settings.get_by_label("Sign-ups open").input_value() == "2026-01-01T09:00"
    settings.get_by_role("button", name="Back to programs").click()

    # A mentor signs up (through the API: the employee below is the one walking the form).
    mentor = Client(stack.url, stack.issuer.mint(max_))
    reply = mentor.put(f"/api/programs/{program_id}/signup", {
        "role": "mentor", "skillsOffered": ["Leadership"], "department": "Legal", "jobLevel": 7,
        "languages": ["English"], "timeZone": "Europe/London", "consent": True, "answers": {"office": "Leeds"}})
    assert reply.status == 200, reply.body

    # The employee finds the program, signs up, makes one mistake, and her session ends mid-form.
    employee_context = browser.new_context(base_url=stack.url)
    employee_context.set_default_timeout(15_000)
    page = employee_context.new_page()
    page.goto("/app/programs/")
    sign_in(page, ana)
    assert page.get_by_role("link", name="Matching console").count() == 0 or \
        page.get_by_role("link", name="Matching console").first.is_hidden()  # coordinators' links are hidden
    page.get_by_role("listitem").filter(has_text=name).get_by_role("link", name="Sign up").click()
    form = page.get_by_role("form", name=f"Sign-up for {name}")
    form.wait_for()
    options = form.get_by_label("I want to take part as").locator("option").all_inner_texts()
    assert options == ["Mentee", "Mentor", "Both"]                         # no "Peer" in a one-to-one program
    form.get_by_label("Your name").fill("Ana Ruiz")
    form.get_by_label("Goal 1").fill("Lead a project of five people by June")
    form.get_by_label("Goal 2").fill("Give one talk at the all-hands by May")
    form.get_by_role("group", name="Skills I want to build").get_by_label("Leadership").check()
    form.get_by_label("Department", exact=True).fill("Finance")
    form.get_by_label("Job level").fill("2")
    form.get_by_label("Time zone").fill("Europe/Madrid")
    form.get_by_label("Which office are you based in?").fill("Madrid")
    form.get_by_label("Notes for the coordinator").fill("Mornings suit me best.")
    form.get_by_label("I agree to the privacy terms").check()
    assert form.get_by_role("link", name="Read the privacy notice").get_attribute("href").endswith("/privacy/")
    form.get_by_role("button", name="Sign up").click()

    # The mistake: no language. Said in words, next to the field, and gone once it is fixed.
    languages_error = page.locator('[data-field="languages"] .mk-error')
    languages_error.wait_for()
    assert languages_error.inner_text() == "Choose at least one language."
    assert form.get_by_label("Languages", exact=True).get_attribute("aria-invalid") == "true"
    form.get_by_label("Languages", exact=True).fill("English, Spanish")
    assert languages_error.is_hidden()
    assert form.get_by_label("Languages", exact=True).get_attribute("aria-invalid") is None

    # The session ends (the tab's token has expired) before she sends the form.
    expired = stack.issuer.mint(ana, lifetime=-120)
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)", [TOKEN_KEY, expired])
    form.get_by_role("button", name="Sign up").click()
    page.get_by_text("Your session has ended, so nothing was sent.").wait_for()
    assert page.locator(".md-header").get_by_role("button", name="Sign in").is_visible()
    assert page.locator(".md-header").get_by_role("button", name="Sign out").count() == 0
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.includes('Token'))") == []
    sign_in(page, ana)

    form = page.get_by_role("form", name=f"Sign-up for {name}")
    form.wait_for()
    page.get_by_text("Your answers are back.").wait_for()
    assert form.get_by_label("Your name").input_value() == "Ana Ruiz"
    assert form.get_by_label("Goal 1").input_value() == "Lead a project of five people by June"
    assert form.get_by_label("Goal 2").input_value() == "Give one talk at the all-hands by May"
    assert form.get_by_label("Which office are you based in?").input_value() == "Madrid"
    assert form.get_by_label("Languages", exact=True).input_value() == "English, Spanish"
    assert form.get_by_role("group", name="Skills I want to build").get_by_label("Leadership").is_checked()
    assert form.get_by_label("Notes for the coordinator").input_value() == "Mornings suit me best."
    form.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name=f"You're signed up for {name} as a mentee.").wait_for()
    assert page.evaluate(f"() => sessionStorage.getItem('mentorkit.signupDraft.{program_id}')") is None

    # The coordinator sees the count, runs matching from the program's link and publishes.
    cy.reload()
    row = cy.get_by_role("table", name="Programs, open ones first").get_by_role("row").filter(has_text=name)
    row.wait_for()
    assert "2 (1 mentee, 1 mentor)" in row.inner_text()
    row.get_by_role("link", name="Matching").click()
    cy.get_by_text("2 sign-ups: 1 mentee, 1 mentor").wait_for()
    cy.get_by_role("button", name="Run matching").click()
    cy.get_by_text("Run finished: 1 pairs, 100% matched.").wait_for(timeout=60_000)
    cy.get_by_role("button", name="Publish these matches…").click()
    cy.get_by_role("button", name="Yes, publish 1 pairs").click()
    cy.get_by_text("Published 1 pairs.").wait_for()

    # The employee sees her match, with the reasons, and dates in words.
    page.goto("/app/my-mentoring/")
    match = page.locator("[data-mk-matches] .mk-match").filter(has_text=name)
    match.wait_for()
    assert max_ in match.inner_text() and "Why you were matched" in match.inner_text()
    assert "/" not in match.locator(".mk-help").inner_text().split("Published ")[1].split(".")[0]
    assert axe(page) == []
    coordinator_context.close()
    employee_context.close()


def test_archived_programs_are_hidden_until_asked_for_and_employees_see_only_open_ones(
        browser_page: Any, stack: Any, sign_in: Any, as_user: Any, axe: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    coordinator = as_user(f"cy-{tag}@example.org", coordinator=True)
    window = {"opensAt": "2026-01-01T00:00:00Z", "closesAt": "2099-01-01T00:00:00Z"}
    old = coordinator.post("/api/programs", {"name": f"Old cohort {tag}", **window}).body
    current = coordinator.post("/api/programs", {"name": f"Current cohort {tag}", **window}).body
    page = browser_page
    page.goto("/app/programs/")
    sign_in(page, f"cy-{tag}@example.org", coordinator=True)
    table = page.get_by_role("table", name="Programs, open ones first")
    table.get_by_role("row").filter(has_text=old["name"]).get_by_role("button").click()
    settings = page.get_by_role("form", name=f"Settings of {old['name']}")
    settings.get_by_label("Status").select_option("archived")
    settings.get_by_role("button", name="Save settings").click()
    page.get_by_text(f"Saved the settings of {old['name']}.").wait_for()
    assert table.get_by_role("row").filter(has_text=current["name"]).count() == 1
    assert table.get_by_role("row").filter(has_text=old["name"]).count() == 0
    page.get_by_label("Show archived programs").check()
    archived = table.get_by_role("row").filter(has_text=old["name"])
    archived.wait_for()
    assert "Archived" in archived.inner_text()
    assert axe(page) == []

    employee = page.context.browser.new_context(base_url=stack.url)
    other = employee.new_page()
    other.goto("/app/programs/")
    sign_in(other, f"emma-{tag}@example.org")
    other.get_by_role("heading", name="Open programs").wait_for()
    text = other.locator("[data-mk-programs]").inner_text()
    assert current["name"] in text and old["name"] not in text
    assert other.get_by_role("link", name="Matching console").is_hidden()
    employee.close()

"""The first slice, as a person does it: sign in on the site, fill the sign-up form, see it saved."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.seed import seed_demo_program


def test_employee_signs_in_and_signs_up_through_the_form(browser_page: Any, stack: Any, sign_in: Any,
                                                         axe: Any) -> None:
    program = seed_demo_program()
    page = browser_page
    email = f"e2e-{uuid.uuid4().hex[:6]}@example.org"
    page.goto(f"/app/signup/?program={program.program_id}")
    page.get_by_role("button", name="Sign in to sign up").wait_for()

    sign_in(page, email)

    form = page.get_by_role("form", name=f"Sign-up for {program.name}")
    form.wait_for()
    assert axe(page) == []
    assert "undefined" not in form.inner_text()
    form.get_by_label("I want to take part as").select_option("mentee")
    assert form.get_by_label("How many mentees you can take").is_hidden()   # a mentor's question
    form.get_by_label("Goal 1").fill("Present our team's results to the leadership group by March")
    form.get_by_role("group", name="Skills I want to build").get_by_label("Public speaking").check()
    form.get_by_label("Department", exact=True).fill("Finance")
    form.get_by_label("Job level").fill("3")
    form.get_by_label("Languages", exact=True).fill("English, Spanish")
    form.get_by_label("Time zone").fill("Mars/Olympus")
    form.get_by_label("I agree to the privacy terms").check()
    form.get_by_role("button", name="Sign up").click()

    # The server's error appears next to the field it names, and nothing is saved.
    error = page.locator('[data-field="timeZone"] .mk-error')
    error.wait_for()
    assert "IANA time zone" in error.inner_text()
    assert form.get_by_label("Time zone").get_attribute("aria-invalid") == "true"

    form.get_by_label("Time zone").fill("Europe/Madrid")
    form.get_by_role("button", name="Sign up").click()
    confirmation = page.get_by_role("heading", name=f"You're signed up for {program.name} as a mentee.")
    confirmation.wait_for()

    # It survives a reload: the page reads the saved sign-up back from the API.
    page.reload()
    confirmation.wait_for()
    page.get_by_role("button", name="Withdraw my sign-up").click()
    page.get_by_text(f"Your sign-up for {program.name} is withdrawn.").wait_for()


def test_signup_form_fits_a_phone_and_works_by_keyboard(browser: Any, stack: Any, sign_in: Any, axe: Any) -> None:
    program = seed_demo_program()
    context = browser.new_context(base_url=stack.url, viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(f"/app/signup/?program={program.program_id}")
    sign_in(page, f"phone-{uuid.uuid4().hex[:6]}@example.org")
    form = page.get_by_role("form", name=f"Sign-up for {program.name}")
    form.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe(page) == []
    # Keyboard only: the first field takes focus from Tab and a choice changes with the arrow keys.
    role = form.get_by_label("I want to take part as")
    role.focus()
    page.keyboard.press("ArrowDown")
    assert role.input_value() == "mentor"
    assert form.get_by_label("How many mentees you can take").is_visible()
    context.close()

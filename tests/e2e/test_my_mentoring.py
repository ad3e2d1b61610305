"""An employee sees their sign-ups on My mentoring and deletes everything about them."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.seed import seed_demo_program


def test_employee_deletes_their_data_from_my_mentoring(browser_page: Any, stack: Any, sign_in: Any,
                                                       axe: Any) -> None:
    from tests.conftest import Client

    program = seed_demo_program()
    email = f"mine-{uuid.uuid4().hex[:6]}@example.org"
    signup = {"role": "mentee", "department": "Sales", "jobLevel": 2, "languages": ["English"],
              "timeZone": "Europe/London", "consent": True}
    assert Client(stack.url, stack.issuer.mint(email)).put(
        f"/api/programs/{program.program_id}/signup", signup).status == 200

    page = browser_page
    page.goto("/app/my-mentoring/")
    sign_in(page, email)
    page.get_by_role("link", name=program.name).wait_for()
    assert axe(page) == []

    confirm = page.get_by_role("button", name="Yes, delete everything about me")
    assert confirm.is_hidden()     # nothing is deleted by one careless click
    page.get_by_role("button", name="Delete my data").click()
    assert page.get_by_role("button", name="Delete my data").is_hidden()
    page.get_by_text("It cannot be undone").wait_for()
    page.get_by_role("button", name="Yes, delete everything about me").click()
    page.get_by_text("Done: 1 record about you deleted.").wait_for()
    page.get_by_text("You have not signed up for a program yet.").wait_for()
    assert Client(stack.url, stack.issuer.mint(email)).get(
        f"/api/programs/{program.program_id}/signup").status == 404

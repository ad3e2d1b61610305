"""The guide site in a real browser: accessible, self-contained, and a knowledge check that records."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mentorkit.domain import training
from tests.e2e.conftest import site_paths

PAGES = {
    "home": "/",
    "module": "/training/first-meeting/",
    "toolkit": "/toolkit/mentoring-agreement/",
    "form": "/app/signup/",
    "code": "/it/deploy/",
}


def quiz(module_id: str) -> tuple[training.Question, ...]:
    return training.load(module_id).questions


def answer(page: Any, module_id: str, wrong: set[int] = frozenset()) -> None:
    """Choose the right option for every question, except a wrong one for those in `wrong`."""
    for number, item in enumerate(quiz(module_id), start=1):
        option = next(o for o in item.options if (o.id == item.answer) != (number in wrong))
        page.locator(f"#mk-q-{module_id}-{number}").get_by_label(option.text, exact=True).check()
    page.get_by_role("button", name="Check my answers").click()


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}) {v['nodes'][0]['target']}" for v in violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_axe_violations_and_loads_only_from_its_own_origin(
        browser_page: Any, stack: Any, axe: Any, kind: str, scheme: str) -> None:
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(color_scheme=scheme)
    page.goto(PAGES[kind], wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected

    violations = axe(page)
    assert not violations, describe(violations)

    origin = urlsplit(stack.url)
    foreign = [url for url in requests if not url.startswith(("data:", "blob:"))
               and (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)]
    assert requests and not foreign, f"requests to other origins: {foreign}"


def test_every_page_of_the_site_has_no_axe_violations(browser_page: Any, built_site: Path, axe: Any) -> None:
    """The page kinds above in both schemes, and here every page once: content alone can break a
    rule (a table with an empty header cell, a table too wide for the column)."""
    page = browser_page
    paths = site_paths(built_site)
    assert len(paths) > 50
    found: dict[str, str] = {}
    for path in paths:
        page.goto(path)
        if violations := axe(page):
            found[path] = describe(violations)
    assert not found, "\n".join(f"{path}: {text}" for path, text in found.items())


def test_a_table_box_takes_keyboard_focus_only_while_it_scrolls_sideways(browser_page: Any, stack: Any) -> None:
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/roles/")
    box = page.locator(".md-typeset__scrollwrap").first
    box.wait_for()
    page.wait_for_function("b => b.scrollWidth > b.clientWidth && b.tabIndex === 0", arg=box.element_handle())
    assert page.get_by_role("region", name="Table: Roles and expectations").count() == 1
    box.focus()
    assert box.evaluate("b => document.activeElement === b")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())

    # Wide enough for the table: the box is plain content again.
    page.set_viewport_size({"width": 1440, "height": 800})
    page.wait_for_function("b => b.scrollWidth <= b.clientWidth && !b.hasAttribute('tabindex')",
                           arg=box.element_handle())
    assert box.get_attribute("tabindex") is None and box.get_attribute("role") is None


def test_toolkit_pages_print_without_header_navigation_or_footer(browser_page: Any, stack: Any) -> None:
    page = browser_page
    page.goto(PAGES["toolkit"])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.get_by_role("heading", name="Mentoring agreement", level=1).is_visible()


def test_wrong_answers_show_feedback_and_record_nothing(browser_page: Any, stack: Any, axe: Any) -> None:
    page = browser_page
    writes: list[str] = []
    page.on("request", lambda r: writes.append(r.url) if r.method != "GET" else None)
    page.goto(PAGES["module"])
    page.locator("[data-mk-quiz]").wait_for()

    answer(page, "first-meeting", wrong={2})

    wrong = page.locator("#mk-q-first-meeting-2")
    assert "Not quite" in wrong.locator(".mk-quiz__feedback").inner_text()
    assert wrong.locator(".mk-quiz__explain").is_hidden()
    assert "Correct" in page.locator("#mk-q-first-meeting-1 .mk-quiz__feedback").inner_text()
    total = len(quiz("first-meeting"))
    assert page.get_by_role("status").filter(has_text=f"{total - 1} of {total} right").is_visible()
    assert page.get_by_role("button", name="Sign in to record completion").count() == 0
    assert not writes, f"a wrong answer sent {writes}"
    violations = axe(page)
    assert not violations, describe(violations)


def test_signed_in_employee_completes_a_module_and_the_index_marks_it(
        browser_page: Any, stack: Any, sign_in: Any) -> None:
    page = browser_page
    email = f"trainee-{uuid.uuid4().hex[:6]}@example.org"

    # Passing before signing in offers to sign in; coming back records the pass.
    page.goto(PAGES["module"])
    page.locator("[data-mk-quiz]").wait_for()
    answer(page, "first-meeting")
    page.get_by_role("button", name="Sign in to record completion").wait_for()

    sign_in(page, email)
    page.get_by_text("Module completed.").wait_for()

    # Another module, taken while signed in.
    page.goto("/training/feedback/")
    page.locator("[data-mk-quiz]").wait_for()
    answer(page, "feedback", wrong={1})
    page.get_by_text("Not quite").first.wait_for()
    answer(page, "feedback")
    page.get_by_text("Module completed.").wait_for()

    page.goto("/training/")
    status = page.locator('[data-mk-training-status="first-meeting"]')
    page.wait_for_function("document.querySelector('[data-mk-training-status=\"first-meeting\"]')"
                           ".textContent.startsWith('Completed')")
    assert re.match(r"Completed \w+", status.inner_text())
    assert page.locator('[data-mk-training-status="feedback"]').inner_text().startswith("Completed")
    assert page.locator('[data-mk-training-status="smart-goals"]').inner_text() == "Not yet"


def test_options_come_in_a_new_order_on_each_visit(browser_page: Any, stack: Any) -> None:
    page = browser_page
    orders = set()
    for _ in range(3):
        page.goto(PAGES["module"])
        page.locator("[data-mk-quiz]").wait_for()
        page.wait_for_load_state("networkidle")
        orders.add(tuple(page.locator("[data-mk-quiz] input[type=radio]").evaluate_all("els => els.map(e => e.id)")))
    assert len(orders) > 1, "the options stayed in one order on three visits"


def test_coordinators_links_show_only_to_a_signed_in_coordinator(browser_page: Any, stack: Any, sign_in: Any) -> None:
    page = browser_page
    page.goto("/app/programs/")
    nav = page.locator(".md-sidebar--primary")
    page.locator(".md-header").get_by_role("button", name="Sign in").wait_for()
    assert nav.get_by_role("link", name="Matching console").is_hidden()
    assert nav.get_by_role("link", name="Sign-ups (coordinators)").is_hidden()
    assert nav.get_by_role("link", name="Surveys").is_visible()

    sign_in(page, f"coordinator-{uuid.uuid4().hex[:6]}@example.org", coordinator=True)
    assert nav.get_by_role("link", name="Matching console").is_visible()
    assert nav.get_by_role("link", name="Sign-ups (coordinators)").is_visible()

    page.locator(".md-header").get_by_role("button", name="Sign out").click()
    page.locator(".md-header").get_by_role("button", name="Sign in").wait_for()
    assert nav.get_by_role("link", name="Matching console").is_hidden()


def test_on_a_phone_the_navigation_drawer_opens_with_its_links_and_closes(browser: Any, stack: Any) -> None:
    context = browser.new_context(base_url=stack.url, viewport={"width": 412, "height": 823}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(PAGES["module"])
        drawer = page.locator(".md-sidebar--primary")
        assert drawer.get_by_role("link", name="SMART goals").is_hidden()          # closed: skipped
        page.locator("label.md-header__button[for=__drawer]").click()
        drawer.get_by_role("link", name="SMART goals").wait_for()
        assert drawer.get_by_role("link", name="Matching console").count() == 0   # another section: pruned
        page.mouse.click(400, 400)                                                # on the overlay
        drawer.get_by_role("link", name="SMART goals").wait_for(state="hidden")
    finally:
        context.close()

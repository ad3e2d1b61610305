"""End-to-end tests: Debian's Chromium, driven by Playwright, against the local stack."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.conftest import Client, missing

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, and this network refuses it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        missing(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser: Any, stack: Any) -> Iterator[Any]:
    """A fresh page (its own cookies and storage) that fails the test on any script error."""
    context = browser.new_context(base_url=stack.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture
def sign_in(stack: Any) -> Callable[..., None]:
    """Sign in through the site's own flow: the header button, the local authorize page, back."""

    def run(page: Any, email: str, coordinator: bool = False) -> None:
        start = page.url
        page.get_by_role("button", name="Sign in").first.click()
        page.wait_for_url("**/local-auth/oauth2/authorize**")
        page.get_by_label("Work e-mail").fill(email)
        if coordinator:
            page.get_by_label("Sign in as a coordinator").check()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(start)
        page.get_by_role("button", name="Sign out").wait_for()

    return run


def site_paths(built_site: Path) -> list[str]:
    """Every page of the built site, as the path a browser asks for ("/", "/it/deploy/")."""
    return sorted("/" + "".join(f"{part}/" for part in index.parent.relative_to(built_site).parts)
                  for index in built_site.rglob("index.html"))


# axe blends a fading element's colour with what lies under it, so a check taken while the
# theme's "Back to top" button fades in (125 ms) reports contrast the reader never sees once it
# settles; the check waits for every finite transition and animation in the page to end.
SETTLED_THEN_AXE = """async () => {
  const finite = document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map(a => a.finished.catch(() => null)));
  return (await axe.run(document)).violations;
}"""


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core in the page; returns the violations."""
    if not AXE.exists():
        missing("axe-core is not installed (npm ci)")

    def run(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(path=str(AXE))
        return page.evaluate(SETTLED_THEN_AXE)

    return run


def seed_program(stack: Any, name: str, people: dict[str, dict[str, Any]], common: dict[str, Any],
                 **program: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A program opened by a coordinator and `people` signed up through the API; their e-mails
    carry a tag of their own, so tests never meet each other's people."""
    tag = uuid.uuid4().hex[:6]
    coordinator = Client(stack.url, stack.issuer.mint("coordinator@example.org", coordinator=True))
    created = coordinator.post("/api/programs", {
        "name": f"{name} {tag}", "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
        "closesAt": "2099-01-01T00:00:00Z", **program}).body
    emails = {}
    for person, profile in people.items():
        emails[person] = f"{person}-{tag}@example.org"
        reply = Client(stack.url, stack.issuer.mint(emails[person])).put(
            f"/api/programs/{created['programId']}/signup", {**common, **profile})
        assert reply.status == 200, reply.body
    return created, emails

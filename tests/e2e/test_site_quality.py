"""What Lighthouse checks in a browser, without timing anything: compressed responses, a quiet console."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

# One page of each type, as benchmarks/lighthouse.py measures them.
PAGES = ["/", "/training/first-meeting/", "/toolkit/smart-goal-worksheet/", "/app/signup/", "/app/signups/",
         "/faq/", "/no-such-page/"]


def fetch(url: str, **headers: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.mark.parametrize("path", ["/", "/assets/javascripts/bundle.a5f9d56c.min.js", "/search/search_index.json"])
def test_the_local_stack_compresses_text_like_cloudfront(stack: Any, built_site: Any, path: str) -> None:
    if "bundle" in path:   # the bundle's name carries Material's fingerprint
        path = "/" + next(built_site.glob("assets/javascripts/bundle.*.min.js")).relative_to(built_site).as_posix()
    head, body = fetch(stack.url + path, **{"Accept-Encoding": "gzip"})
    plain_head, plain = fetch(stack.url + path)
    assert head["content-encoding"] == "gzip" and "accept-encoding" in head["vary"].lower()
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 2
    assert "content-encoding" not in plain_head


def test_no_page_type_logs_an_error_in_the_console(browser_page: Any) -> None:
    errors: list[str] = []
    browser_page.on("console", lambda m: errors.append(f"{browser_page.url}: {m.text}") if m.type == "error" else None)
    for path in PAGES:
        browser_page.goto(path)
        browser_page.wait_for_load_state("networkidle")
    # A missing page is a 404 by design: Chromium reports its status as a console error, nothing else may.
    errors = [e for e in errors if not ("no-such-page" in e and "404" in e)]
    assert not errors, "\n".join(errors)

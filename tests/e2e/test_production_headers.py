"""The site under the Content-Security-Policy that CloudFront adds in production (template.yaml,
SecurityHeadersPolicy): no page, script, style or search worker is blocked by it."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from devstack import template

pytestmark = pytest.mark.e2e

AUTH = "mentoring-example-org"
REGION = "eu-west-1"


def production_csp() -> str:
    (policy,) = template.resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    csp = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    text = csp["ContentSecurityPolicy"]["Fn::Sub"]
    return text.replace("${AuthDomainPrefix}", AUTH).replace("${AWS::Region}", REGION)


@pytest.fixture(scope="module")
def site_with_csp(built_site: Path) -> Iterator[str]:
    """The built site served with the production CSP header (static files only, like S3)."""
    csp = production_csp()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_no_page_breaks_under_the_production_content_security_policy(browser: Any, site_with_csp: str,
                                                                      built_site: Path) -> None:
    pages = sorted("/" + p.parent.relative_to(built_site).as_posix() + "/"
                   for p in built_site.rglob("index.html"))
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text else None)
    try:
        for path in pages:
            page.goto(site_with_csp + path.replace("/./", "/"))
            page.wait_for_load_state("networkidle")
        page.goto(site_with_csp + "/")
        page.keyboard.press("/")
        page.keyboard.type("mentor")
        page.wait_for_timeout(1000)              # the search worker starts and answers
    finally:
        context.close()
    assert len(pages) > 10
    assert violations == []

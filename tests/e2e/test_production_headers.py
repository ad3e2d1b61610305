"""The site under the Content-Security-Policy that CloudFront adds in production (template.yaml,
SecurityHeadersPolicy): no page, script, style or search worker is blocked by it."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import importlib.util
import re
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from devstack import template

from tests.e2e.conftest import site_paths

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
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
    pages = site_paths(built_site)
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text else None)
    try:
        for path in pages:
            page.goto(site_with_csp + path)
            page.wait_for_load_state("networkidle")
        page.goto(site_with_csp + "/")
        page.keyboard.press("/")
        page.keyboard.type("mentor")
        page.wait_for_timeout(1000)              # the search worker starts and answers
    finally:
        context.close()
    assert len(pages) > 10
    assert violations == []


def _hook():  # noqa: ANN202 - the site's hook module, loaded from its file as MkDocs does
    spec = importlib.util.spec_from_file_location("mentorkit_site_hook", ROOT / "site" / "hooks" / "mentorkit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_inline_scripts_run_only_by_their_hashes_and_every_one_of_them_is_listed(built_site: Path) -> None:
    hook = _hook()
    sources = re.search(r"script-src ([^;]*);", production_csp()).group(1).split()
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert set(sources) - {"'self'"} == hook.site_script_hashes(built_site)
    # A data block (Material's config) is no script; a changed script is a different hash.
    page = '<script id="__config" type="application/json">{"a": 1}</script><script>var a=1</script>'
    assert hook.inline_script_hashes(page) == {f"'sha256-{base64.b64encode(hashlib.sha256(b'var a=1').digest()).decode()}'"}
    assert hook.inline_script_hashes(page.replace("a=1", "a=2")) != hook.inline_script_hashes(page)
    assert hook.inline_script_hashes('<script src="x.js"></script><script type="module">go()</script>') \
        == hook.inline_script_hashes("<script>go()</script>")

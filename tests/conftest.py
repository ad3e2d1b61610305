"""Fixtures shared by every layer: the real local stack, built once per test session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """A real component is absent: fail under CI (never skip to green), skip on a laptop."""
    if IN_CI:
        pytest.fail(f"{what} (CI=true: tests must run against the real component)")
    pytest.skip(what)  # only off CI: under CI=true the line above fails instead


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once with `mkdocs build --strict`, into a folder of the test session's."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def stack(built_site: Path) -> Iterator[Any]:
    """The whole product on DynamoDB Local (in memory) and a free port."""
    from devstack.dynamodb import free_port
    from devstack.stack import LocalStack

    if shutil.which("java") is None:
        missing("Java is not installed, so DynamoDB Local cannot run")
    with LocalStack(free_port(), persist=False, site_dir=built_site) as running:
        yield running


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


@dataclass
class Client:
    """Calls the local stack over HTTP as one person (or nobody)."""

    base: str
    token: str | None = None

    def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             headers: dict[str, str] | None = None) -> Reply:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, method=method, data=data)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, head, payload = response.status, _lower(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, head, payload = error.code, _lower(error.headers), error.read()
        text = payload.decode()
        is_json = "json" in head.get("content-type", "")
        return Reply(status, head, json.loads(text) if is_json and text else text)

    def get(self, path: str, **kw: Any) -> Reply:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Reply:
        return self.call("DELETE", path, **kw)


@pytest.fixture
def as_user(stack: Any):  # noqa: ANN201 - a factory
    """`as_user("ana@example.org")` or `as_user("cy@example.org", coordinator=True)`; `as_user(None)` is anonymous."""

    def make(email: str | None, coordinator: bool = False) -> Client:
        return Client(stack.url, stack.issuer.mint(email, coordinator) if email else None)

    return make


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}

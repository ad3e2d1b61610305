"""Without Java, `make serve` still runs, on moto, and says that nothing is kept."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from devstack.dynamodb import JavaMissing, free_port
from devstack.stack import LocalStack


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hide Java, and put the functions' environment back afterwards for the other tests."""
    from mentorkit import resources

    saved = dict(os.environ)
    monkeypatch.setattr("devstack.dynamodb.shutil.which", lambda name: None)
    yield
    os.environ.clear()
    os.environ.update(saved)
    resources.reset()


def test_without_java_the_stack_refuses_unless_moto_is_allowed(no_java: None, tmp_path: Path) -> None:
    with pytest.raises(JavaMissing, match="Java is not installed"):
        LocalStack(free_port(), persist=False, site_dir=tmp_path).start()


def test_without_java_the_stack_falls_back_to_moto(no_java: None, tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "index.html").write_text("<h1>home</h1>")
    with LocalStack(free_port(), persist=False, site_dir=tmp_path, allow_moto=True) as stack:
        assert "data is NOT kept" in capsys.readouterr().err
        assert stack.engine.startswith("moto")
        request = urllib.request.Request(f"{stack.url}/api/programs",
                                         headers={"Authorization": f"Bearer {stack.issuer.mint('a@example.org')}"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200

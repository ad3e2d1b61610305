"""What the organisation set in mkdocs.yml `extra` that the local stack also needs."""

from __future__ import annotations

from typing import Any

import yaml

from devstack.paths import MKDOCS


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; their values don't matter here."""


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def extra() -> dict[str, Any]:
    return (yaml.load(MKDOCS.read_text(), Loader=_TolerantLoader) or {}).get("extra", {})  # noqa: S506


def allowed_email_domains() -> tuple[str, ...]:
    return tuple(d.lower() for d in extra().get("allowed_email_domains", ["example.org"]))

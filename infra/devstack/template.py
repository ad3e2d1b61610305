"""Read template.yaml: the one source of truth for tables, routes and the authorizer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from devstack.paths import TEMPLATE


class _CfnLoader(yaml.SafeLoader):
    """YAML that keeps CloudFormation's short tags (!Ref, !Sub, …) as {"Ref": …} dictionaries."""


def _construct_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


@cache
def load() -> dict[str, Any]:
    return yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass


def resources(kind: str) -> dict[str, dict[str, Any]]:
    """The template's resources of one type, by logical id."""
    return {name: r for name, r in load()["Resources"].items() if r["Type"] == kind}


@dataclass(frozen=True)
class Route:
    method: str
    path: str             # "/api/programs/{programId}"
    function: str         # logical id
    handler: str          # "mentorkit.api.app.handler"
    authorizer: str | None
    pattern: re.Pattern[str]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _path_pattern(path: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{regex}$")


def http_api() -> dict[str, Any]:
    """The one AWS::Serverless::HttpApi and its Auth block."""
    (api,) = resources("AWS::Serverless::HttpApi").values()
    return api["Properties"]


def routes() -> list[Route]:
    default = http_api().get("Auth", {}).get("DefaultAuthorizer")
    found = []
    for name, function in resources("AWS::Serverless::Function").items():
        props = function["Properties"]
        for event in props.get("Events", {}).values():
            if event["Type"] != "HttpApi":
                continue
            e = event["Properties"]
            authorizer = e.get("Auth", {}).get("Authorizer", default)
            found.append(Route(
                method=e["Method"].upper(), path=e["Path"], function=name, handler=props["Handler"],
                authorizer=None if authorizer == "NONE" else authorizer, pattern=_path_pattern(e["Path"]),
            ))
    return found


def function_handler(logical_id: str) -> str:
    return resources("AWS::Serverless::Function")[logical_id]["Properties"]["Handler"]


def parameter_default(name: str) -> Any:
    return load()["Parameters"][name].get("Default")

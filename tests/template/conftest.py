"""The SAM template, as written and as CloudFormation sees it after the SAM transform."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from devstack import template
from samtranslator.translator.transform import transform

# What `sam package` puts in CodeUri; the translator accepts nothing else.
PACKAGED_CODE = "s3://mentorkit-artifacts/functions.zip"


class OfflinePolicyLoader:
    """The translator asks IAM for AWS managed policies by name; this template names none."""

    def load(self) -> dict[str, str]:
        return {}


def transformed(parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """The CloudFormation the SAM transform makes of template.yaml, without calling AWS."""
    sam = copy.deepcopy(template.load())
    sam["Globals"]["Function"]["CodeUri"] = PACKAGED_CODE
    return transform(sam, {"AuthDomainPrefix": "mentoring-example-org", **(parameters or {})},
                     OfflinePolicyLoader())


@pytest.fixture(scope="session")
def cfn() -> dict[str, Any]:
    return transformed()


@pytest.fixture(scope="session")
def resources(cfn: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return cfn["Resources"]


@pytest.fixture(autouse=True, scope="session")
def _offline_region() -> Any:
    """The translator reads the region from boto3's session: give it one, and no credentials."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        yield

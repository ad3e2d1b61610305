"""Unit tests: pure Python, and moto for AWS services (fast, no engines to start)."""

from __future__ import annotations

from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws


@pytest.fixture
def moto_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The template's own table definition, created in moto."""
    from devstack import template
    from devstack.tables import create_table_args

    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        args = create_table_args("Table", template.resources("AWS::DynamoDB::Table")["Table"]["Properties"])
        yield boto3.resource("dynamodb", region_name="eu-west-1").create_table(**args)

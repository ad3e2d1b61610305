"""AWS clients, built once per Lambda sandbox and reused across invocations."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

from mentorkit.settings import get_settings
from mentorkit.store import Store


@cache
def dynamodb() -> Any:
    settings = get_settings()
    return boto3.resource("dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint)


def store() -> Store:
    return Store(dynamodb().Table(get_settings().table_name))

"""AWS clients, built once per Lambda sandbox and reused across invocations."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from mentorkit.settings import get_settings
from mentorkit.store import Store


@cache
def dynamodb() -> Any:
    settings = get_settings()
    return boto3.resource("dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint)


@cache
def idempotency_store() -> DynamoDBPersistenceLayer:
    settings = get_settings()
    client = boto3.client("dynamodb", region_name=settings.region, endpoint_url=settings.dynamodb_endpoint)
    return DynamoDBPersistenceLayer(table_name=settings.idempotency_table_name, boto3_client=client)


def store() -> Store:
    return Store(dynamodb().Table(get_settings().table_name))


def reset() -> None:
    """Forget clients and settings: the local stack calls this after it sets the environment."""
    get_settings.cache_clear()
    dynamodb.cache_clear()
    idempotency_store.cache_clear()

"""Create the template's DynamoDB tables in DynamoDB Local (or moto), under local names."""

from __future__ import annotations

from typing import Any

from devstack import template

PREFIX = "mentorkit-local-"


def local_name(logical_id: str) -> str:
    return f"{PREFIX}{logical_id}"


def create_table_args(logical_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    """Turn the template's table properties into create_table arguments, copying only what the
    local engines understand (keys, attributes, indexes, billing)."""
    args: dict[str, Any] = {
        "TableName": local_name(logical_id),
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PAY_PER_REQUEST"),
    }
    if "GlobalSecondaryIndexes" in properties:
        args["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    return args


def ensure_tables(client: Any) -> dict[str, str]:
    """Create any missing table; returns {logical id: local table name}."""
    existing = set(client.list_tables()["TableNames"])
    names = {}
    for logical_id, resource in template.resources("AWS::DynamoDB::Table").items():
        args = create_table_args(logical_id, resource["Properties"])
        names[logical_id] = args["TableName"]
        if args["TableName"] not in existing:
            client.create_table(**args)
            client.get_waiter("table_exists").wait(TableName=args["TableName"])
    return names

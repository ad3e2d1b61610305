"""Integration tests: the real API over HTTP, on DynamoDB Local."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def coordinator(as_user: Any) -> Any:
    return as_user("coordinator@example.org", coordinator=True)


@pytest.fixture
def employee(as_user: Any) -> Any:
    """A different employee in each test, so tests never see each other's sign-ups."""
    return as_user(f"employee-{uuid.uuid4().hex[:8]}@example.org")


@pytest.fixture
def table(stack: Any) -> Any:
    """The DynamoDB Local table the API writes to, to check what was (not) written."""
    from mentorkit.resources import dynamodb
    from mentorkit.settings import get_settings

    return dynamodb().Table(get_settings().table_name)


@pytest.fixture
def program_body() -> Any:
    """A valid program, with any field changed: `program_body(closesAt=...)`."""

    def make(**overrides: Any) -> dict[str, Any]:
        body = {"name": f"Spring cohort {uuid.uuid4().hex[:6]}", "description": "Test program.", "format": "one_to_one",
                "opensAt": "2026-01-01T00:00:00Z", "closesAt": "2099-01-01T00:00:00Z",
                "skills": ["Leadership", "Writing", "Data analysis"]}
        return {**body, **overrides}

    return make


@pytest.fixture
def signup_body() -> Any:
    """A valid sign-up, with any field changed: `signup_body(role="mentor")`."""

    def make(**overrides: Any) -> dict[str, Any]:
        body = {"role": "mentee", "goals": ["Lead a project of five people by June"], "department": "Finance",
                "jobLevel": 3, "languages": ["English"], "timeZone": "Europe/London",
                "meetingFormat": "either", "consent": True}
        return {**body, **overrides}

    return make


@pytest.fixture
def program(coordinator: Any, program_body: Any) -> dict[str, Any]:
    reply = coordinator.post("/api/programs", program_body())
    assert reply.status == 201, reply.body
    return reply.body


def scan_all(table: Any) -> list[dict[str, Any]]:
    """Every item of a table: a scan answers 1 MB at a time, and a full test session holds more."""
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

"""Schemathesis against the running local stack: no input gets a 5xx, every refusal is JSON.

It reads the live OpenAPI document, and for every operation sends requests built from the
schema (valid ones and deliberately invalid ones: wrong types, missing fields, strings
where numbers belong, odd path ids), as a coordinator, so every route is reachable.
Each answer must be:

- never a 5xx;
- a 4xx with the API's error envelope (`{"error": {"code", "message", ...}}`) as JSON,
  or API Gateway's own JSON answer for what it refuses before any function runs;
- a 4xx for every request the schema says is invalid.

Bounded and repeatable: 30 examples per operation, derandomised, no shrinking (about 45 s
on two busy cores). Half of the examples use a real program's id in place of a valid random
one, so the routes get past "no such program" to their own rules.

Below it, the inputs no schema describes that have broken JSON APIs before (invalid UTF-8,
deep nesting, a 128 KiB CSV cell, …), and methods no route has.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection

from mentorkit.api.app import openapi
from tests.conftest import Client

pytestmark = pytest.mark.integration

EXAMPLES_PER_OPERATION = 30


# The document the live API serves, built in-process so the operations are known when pytest
# collects; `test_the_fuzzed_document_is_the_live_one` checks it is the same.
DOCUMENT = json.loads(openapi().body)
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES_PER_OPERATION, no_shrink=True, deterministic=True,
                                # The token is sent with every request; a request without one gets the
                                # gateway's 401, which the access matrix covers.
                                with_security_parameters=False)
PATTERNS = {p["name"]: p["schema"].get("pattern", "") for item in DOCUMENT["paths"].values()
            for operation in item.values() for p in operation.get("parameters", []) if p["in"] == "path"}
REAL_IDS: dict[str, str] = {}   # path parameter → a real object's id, filled in by `real_world`
CHANCE = random.Random(11)


@schema.hook
def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Half the time a real id in place of a valid random one, so requests get past "not found"
    to the route's own rules; invalid ids (the negative cases) stay as they are."""
    if not path_parameters or CHANCE.random() < 0.5:
        return path_parameters
    valid = {k for k, v in path_parameters.items() if isinstance(v, str) and re.search(PATTERNS.get(k, ""), v)}
    return {**path_parameters, **{k: REAL_IDS[k] for k in valid & set(REAL_IDS)}}


@pytest.fixture(scope="module")
def coordinator_token(stack: Any) -> str:
    return stack.issuer.mint("fuzz-coordinator@example.org", coordinator=True)


@pytest.fixture(scope="module", autouse=True)
def real_world(stack: Any, coordinator_token: str) -> None:
    reply = Client(stack.url, coordinator_token).post("/api/programs", {
        "name": "Fuzzed", "description": "Schemathesis", "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
        "closesAt": "2099-01-01T00:00:00Z", "skills": ["Leadership", "Writing"]})
    assert reply.status == 201, reply.body
    REAL_IDS.update(programId=reply.body["programId"], moduleId="first-meeting")


@schemathesis.check
def refusals_are_json(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx says what is wrong in JSON: the error envelope, or API Gateway's own answer."""
    if 400 <= response.status_code < 500:
        content_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type", [""])
        assert "json" in str(content_type), f"{response.status_code} is not JSON: {content_type}"
        body = json.loads(response.content)
        from_gateway = response.status_code in (401, 404) and set(body) == {"message"}
        assert from_gateway or {"code", "message"} <= set(body.get("error", {})), f"not the error envelope: {body}"
    return None


def test_the_fuzzed_document_is_the_live_one(stack: Any) -> None:
    assert Client(stack.url).get("/api/openapi.json").body == DOCUMENT


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gets_a_5xx_and_every_refusal_is_json(case: Any, stack: Any, coordinator_token: str) -> None:
    case.call_and_validate(base_url=stack.url, headers={"Authorization": f"Bearer {coordinator_token}"}, timeout=30,
                           checks=[not_a_server_error, negative_data_rejection, refusals_are_json])


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PURGE"])
def test_a_method_no_route_has_gets_the_gateways_json_404(stack: Any, method: str) -> None:
    reply = Client(stack.url).call(method, "/api/programs")
    assert (reply.status, reply.body) == (404, {"message": "Not Found"})


# Inputs no schema describes, which have broken JSON APIs before: each gets a JSON 4xx and
# leaves nothing written.
HOSTILE = {
    "invalid UTF-8": ("PUT", "signup", b'{"role": "mentee", "department": "\xff\xfe"}', "application/json"),
    "deeply nested JSON": ("PUT", "signup", b"[" * 20_000 + b"]" * 20_000, "application/json"),
    "a JSON array as the body": ("PUT", "signup", b'[{"role": "mentee"}]', "application/json"),
    "JSON null as the body": ("PUT", "signup", b"null", "application/json"),
    "NaN for a number": ("PUT", "signup", b'{"role": "mentee", "jobLevel": NaN}', "application/json"),
    "JSON sent as text/plain": ("PUT", "signup", b'{"role": "mentee"}', "text/plain"),
    "PATCH with nulls": ("PATCH", "", b'{"name": null, "opensAt": null, "closesAt": null, "skills": null}',
                         "application/json"),
    "a CSV cell over 128 KiB": ("POST", "roster", b"email,name,role,department,jobLevel,timeZone,languages,consent\n"
                           b"big@example.org," + b"x" * (128 * 1024 + 1) + b",mentee,Sales,2,Europe/London,English,true\n",
                           "text/csv"),
}


@pytest.mark.parametrize("what", HOSTILE)
def test_hostile_input_gets_a_json_4xx_and_writes_nothing(stack: Any, coordinator_token: str, what: str) -> None:
    from boto3.dynamodb.conditions import Key

    from mentorkit.resources import dynamodb
    from mentorkit.settings import get_settings

    method, tail, body, content_type = HOSTILE[what]
    program = REAL_IDS["programId"]
    table = dynamodb().Table(get_settings().table_name)

    def program_items() -> list[dict[str, Any]]:
        return table.query(KeyConditionExpression=Key("PK").eq(f"PROGRAM#{program}"), ConsistentRead=True)["Items"]

    before = program_items()
    reply = Client(stack.url, coordinator_token).call(method, f"/api/programs/{program}/{tail}".rstrip("/"), raw=body,
                                                      headers={"Content-Type": content_type})
    assert 400 <= reply.status < 500, (reply.status, reply.body)
    assert {"code", "message"} <= set(reply.body["error"]), reply.body
    assert program_items() == before

"""DynamoDB failing under the API: throttling and timeouts answer 503, conditional failures 409,
a retry then succeeds once, and nothing is ever left half written.

The API handler runs in this process on the stack's DynamoDB Local, called with payload-2.0
events as the gateway builds them. Faults are injected through botocore's event system on
the store's own client (`before-call.dynamodb.<Operation>`): the chosen call fails as DynamoDB
or the network would make it fail, after the SDK's own retries (so the API must answer).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jwt
import pytest
from boto3.dynamodb.conditions import Key
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from devstack.gateway import stringify_claims
from devstack.lambda_runtime import Context

pytestmark = pytest.mark.integration

COORDINATOR = "fault-coordinator@example.org"
THROTTLING = ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]
TIMEOUTS = [ReadTimeoutError(endpoint_url="http://dynamodb"), ConnectTimeoutError(endpoint_url="http://dynamodb"),
            EndpointConnectionError(endpoint_url="http://dynamodb")]


# Calling the handler -----------------------------------------------------------------------
def call(stack: Any, method: str, path: str, body: Any = None, *, email: str, coordinator: bool = False,
         raw: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """One request through the API handler, in this process: (status, parsed body)."""
    from mentorkit.api.app import handler

    route_path, _, query = path.partition("?")
    route, params = stack.gateway.match(method, route_path)
    assert route is not None, path
    claims = stringify_claims(jwt.decode(stack.issuer.mint(email, coordinator), options={"verify_signature": False}))
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    event = stack.gateway._event(route, method, route_path, query,  # noqa: SLF001 - the gateway's own event
                                 {"content-type": "application/json", "host": "127.0.0.1", **(headers or {})},
                                 data, params, {"jwt": {"claims": claims, "scopes": None}}, "127.0.0.1")
    context = Context({"function_name": "mentorkit-local-ApiFunction", "aws_request_id": str(uuid.uuid4()),
                       "invoked_function_arn": "arn:aws:lambda:eu-west-1:000000000000:function:ApiFunction",
                       "memory_limit_in_mb": 512, "timeout": 10})
    result = handler(event, context)
    text = result.get("body") or ""
    return result["statusCode"], json.loads(text) if text else None


# Injecting faults --------------------------------------------------------------------------
@contextmanager
def fault(operation: str, error: str | Exception, *, skip: int = 0, times: int = 1) -> Iterator[list[int]]:
    """Make the store's `operation` calls fail: the first `skip` pass, the next `times` fail with
    a DynamoDB error code or a botocore exception. Yields the list of failed call numbers."""
    from mentorkit.resources import dynamodb

    events = dynamodb().meta.client.meta.events
    seen: list[int] = []
    failed: list[int] = []

    def inject(**_: Any) -> Any:
        seen.append(1)
        if not skip < len(seen) <= skip + times:
            return None
        failed.append(len(seen))
        if isinstance(error, Exception):
            raise error
        return (AWSResponse("http://dynamodb", 400, {}, None),
                {"Error": {"Code": error, "Message": f"injected {error}"}, "ResponseMetadata": {"HTTPStatusCode": 400}})

    name = f"before-call.dynamodb.{operation}"
    key = f"fault-{uuid.uuid4()}"
    events.register(name, inject, unique_id=key)
    try:
        yield failed
    finally:
        events.unregister(name, unique_id=key)


def unavailable(status: int, body: Any) -> None:
    assert status == 503, body
    assert body["error"]["code"] == "unavailable", body
    assert body["error"]["message"], body


def table() -> Any:
    from mentorkit.resources import dynamodb
    from mentorkit.settings import get_settings

    return dynamodb().Table(get_settings().table_name)


def items(pk: str) -> list[dict[str, Any]]:
    return table().query(KeyConditionExpression=Key("PK").eq(pk), ConsistentRead=True)["Items"]


def programs_named(name: str) -> list[dict[str, Any]]:
    found = table().query(IndexName="GSI1", KeyConditionExpression=Key("GSI1PK").eq("PROGRAMS"))["Items"]
    return [p for p in found if p.get("name") == name]


# The world ---------------------------------------------------------------------------------
def program_body(name: str) -> dict[str, Any]:
    return {"name": name, "format": "one_to_one", "opensAt": "2026-01-01T00:00:00Z",
            "closesAt": "2099-01-01T00:00:00Z", "skills": ["Leadership", "Writing"]}


def signup_body() -> dict[str, Any]:
    return {"role": "mentee", "goals": ["Chair a meeting by May"], "department": "Sales", "jobLevel": 3,
            "languages": ["English"], "timeZone": "Europe/London", "consent": True}


@pytest.fixture
def program(stack: Any) -> str:
    status, body = call(stack, "POST", "/api/programs", program_body(f"Faults {uuid.uuid4().hex[:6]}"),
                        email=COORDINATOR, coordinator=True)
    assert status == 201, body
    return body["programId"]


@pytest.fixture
def someone() -> str:
    return f"faulty-{uuid.uuid4().hex[:8]}@example.org"


# Throttling and timeouts: 503, nothing written, a retry succeeds once ---------------------
@pytest.mark.parametrize("code", THROTTLING)
def test_a_throttled_write_answers_503_and_the_retry_creates_the_program_once(stack: Any, code: str) -> None:
    name = f"Throttled {uuid.uuid4().hex[:6]}"
    retry = {"Idempotency-Key": str(uuid.uuid4())}
    with fault("PutItem", code) as failed:
        unavailable(*call(stack, "POST", "/api/programs", program_body(name), email=COORDINATOR, coordinator=True,
                          headers=retry))
    assert failed == [1]
    assert programs_named(name) == []
    status, created = call(stack, "POST", "/api/programs", program_body(name), email=COORDINATOR, coordinator=True,
                           headers=retry)
    assert status == 201, created
    again, same = call(stack, "POST", "/api/programs", program_body(name), email=COORDINATOR, coordinator=True,
                       headers=retry)
    assert (again, same["programId"]) == (201, created["programId"])
    assert [p["programId"] for p in programs_named(name)] == [created["programId"]]


@pytest.mark.parametrize("error", TIMEOUTS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("operation", ["GetItem", "PutItem"])
def test_a_timed_out_call_answers_503_and_the_retried_signup_is_stored_once(stack: Any, program: str, someone: str,
                                                                            operation: str, error: Exception) -> None:
    path = f"/api/programs/{program}/signup"
    with fault(operation, error) as failed:
        unavailable(*call(stack, "PUT", path, signup_body(), email=someone))
    assert failed == [1]
    assert [i for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")] == []
    status, saved = call(stack, "PUT", path, signup_body(), email=someone)
    assert status == 200, saved
    assert [i["email"] for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")] == [someone]


def test_a_throttled_read_answers_503_with_the_envelope(stack: Any, program: str) -> None:
    with fault("GetItem", "ProvisionedThroughputExceededException"):
        unavailable(*call(stack, "GET", f"/api/programs/{program}", email="reader@example.org"))
    assert call(stack, "GET", f"/api/programs/{program}", email="reader@example.org")[0] == 200


# Conditional failures: 409 -----------------------------------------------------------------
def test_a_conditional_failure_answers_409_and_writes_nothing(stack: Any) -> None:
    name = f"Raced {uuid.uuid4().hex[:6]}"
    with fault("PutItem", "ConditionalCheckFailedException"):
        status, body = call(stack, "POST", "/api/programs", program_body(name), email=COORDINATOR, coordinator=True)
    assert status == 409, body
    assert body["error"]["code"] == "conflict"
    assert programs_named(name) == []
    assert call(stack, "POST", "/api/programs", program_body(name), email=COORDINATOR, coordinator=True)[0] == 201
    assert len(programs_named(name)) == 1


def test_a_transaction_conflict_leaves_an_imported_signup_whole_and_the_retry_moves_it_once(
        stack: Any, program: str, someone: str) -> None:
    """An imported person's first sign-in moves their sign-up from `roster:<email>` to their `sub`
    in one transaction: a conflicting transaction leaves it where it was, never in both or neither."""
    from mentorkit.resources import store
    from mentorkit.services.signups import import_roster

    roster = f"email,name,role,department,jobLevel,timeZone,languages,consent\n{someone},Ann,mentee,Sales,2," \
             "Europe/London,English,true\n"
    assert import_roster(store(), program, roster, dry_run=False).imported == 1   # the import job's own code
    path = f"/api/programs/{program}/signup"
    with fault("TransactWriteItems", "TransactionConflictException") as failed:
        unavailable(*call(stack, "GET", path, email=someone))
    assert failed == [1]
    signups = [i["SK"] for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")]
    assert signups == [f"SIGNUP#roster:{someone}"]
    status, mine = call(stack, "GET", path, email=someone)
    assert status == 200, mine
    signups = [i["SK"] for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")]
    assert signups == [f"SIGNUP#{stack.issuer.subject(someone)}"]


# All or nothing, and delete means delete, under faults ------------------------------------
def test_a_roster_import_throttled_midway_deletes_nothing_and_importing_again_writes_each_row_once(
        stack: Any, program: str, someone: str) -> None:
    """The import job's own code, in this process: a throttled batch fails the job with a reason, the
    sign-up that was there before stays, and importing the same file again finishes the job."""
    from mentorkit.domain.people import Person
    from mentorkit.resources import store
    from mentorkit.services import signups

    assert call(stack, "PUT", f"/api/programs/{program}/signup", signup_body(), email=someone)[0] == 200
    tag = uuid.uuid4().hex[:6]
    rows = [f"r{n}-{tag}@example.org,Row {n},mentee,Sales,2,Europe/London,English,true" for n in range(60)]
    roster = "email,name,role,department,jobLevel,timeZone,languages,consent\n" + "\n".join(rows) + "\n"
    coordinator = Person("coordinator", COORDINATOR, frozenset({"coordinators"}))

    def run() -> Any:
        job = signups.start_import(store(), coordinator, program, roster, dry_run=False, invoke=lambda event: None)
        return signups.run_import(store(), program, job.import_id)

    # Batch writes: the uploaded CSV (1), the first 25 rows (2), then the second batch fails (3).
    with fault("BatchWriteItem", "ProvisionedThroughputExceededException", skip=2) as failed, \
            pytest.raises(Exception, match="ProvisionedThroughputExceeded"):
        run()
    assert failed == [3]
    emails = {i["email"] for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")}
    assert someone in emails and len(emails) == 26
    assert run().status == "succeeded"
    emails = [i["email"] for i in items(f"PROGRAM#{program}") if i["SK"].startswith("SIGNUP#")]
    assert sorted(emails) == sorted([someone, *(r.split(",")[0] for r in rows)])
    assert [i for i in items(f"PROGRAM#{program}") if i["SK"].startswith("IMPORTPART#")] == []


def test_delete_me_interrupted_by_a_timeout_answers_503_and_the_retry_deletes_everything(
        stack: Any, program: str, someone: str) -> None:
    assert call(stack, "PUT", f"/api/programs/{program}/signup", signup_body(), email=someone)[0] == 200
    sub = stack.issuer.subject(someone)
    with fault("BatchWriteItem", ReadTimeoutError(endpoint_url="http://dynamodb")):
        unavailable(*call(stack, "DELETE", "/api/me", email=someone))
    status, body = call(stack, "DELETE", "/api/me", email=someone)
    assert status == 200, body
    assert [i for i in items(f"PROGRAM#{program}") if sub in i["SK"]] == []
    assert items(f"USER#{sub}") == []

"""AWS clients, built once per Lambda sandbox and reused across invocations.

The adapters' edge: the API, the worker and the local tools get their Store and clients
here, configured from settings; the services take them as arguments. Each client is made
from its own boto3 Session, which is not safe to share between threads.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

import boto3

from mentorkit.services import notifications
from mentorkit.services.notifications import Mailer
from mentorkit.settings import get_settings
from mentorkit.store import Store

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer


def _client(service: str, **options: Any) -> Any:
    return boto3.session.Session().client(service, region_name=get_settings().region, **options)


@cache
def dynamodb() -> Any:
    settings = get_settings()
    return boto3.session.Session().resource("dynamodb", region_name=settings.region,
                                            endpoint_url=settings.dynamodb_endpoint)


@cache
def idempotency_store() -> DynamoDBPersistenceLayer:
    # Imported here: only a write that carries an Idempotency-Key needs Powertools' idempotency
    # (a dozen modules), so a cold start does not load it.
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    settings = get_settings()
    client = _client("dynamodb", endpoint_url=settings.dynamodb_endpoint)
    return DynamoDBPersistenceLayer(table_name=settings.idempotency_table_name, boto3_client=client)


def store() -> Store:
    return Store(dynamodb().Table(get_settings().table_name))


@cache
def lambda_client() -> Any:
    """Invokes the matching function (locally: the stack's Lambda emulator at LAMBDA_ENDPOINT)."""
    return _client("lambda", endpoint_url=get_settings().lambda_endpoint)


def invoke_matching(payload: dict[str, str]) -> None:
    """Hand a job to the matching function asynchronously (InvocationType Event)."""
    lambda_client().invoke(FunctionName=get_settings().matching_function_name, InvocationType="Event",
                           Payload=json.dumps(payload).encode())


def ask_matching(payload: dict[str, Any]) -> dict[str, Any]:
    """Ask the matching function and wait for its answer (InvocationType RequestResponse): the API
    gets the engine's results without loading the engine."""
    reply = lambda_client().invoke(FunctionName=get_settings().matching_function_name,
                                   InvocationType="RequestResponse", Payload=json.dumps(payload).encode())
    body = json.loads(reply["Payload"].read() or b"null")
    if reply.get("FunctionError") or not isinstance(body, dict):
        raise RuntimeError(f"the matching function failed: {reply.get('FunctionError', 'no answer')}")
    return body


@cache
def ses_client() -> Any:
    """Sends match notifications; standard retries ride out SES's per-second sending limit."""
    from botocore.config import Config

    return _client("sesv2", config=Config(retries={"mode": "standard"}))


def mailer() -> Mailer:
    """E-mail for the services: SES with the configured sender, or nothing when none is set."""
    sender = get_settings().notification_sender
    return notifications.mailer(ses_client() if sender else None, sender)


def reset() -> None:
    """Forget clients and settings: the local stack calls this after it sets the environment."""
    get_settings.cache_clear()
    dynamodb.cache_clear()
    idempotency_store.cache_clear()
    lambda_client.cache_clear()
    ses_client.cache_clear()

"""Configuration flows one way: template.yaml → environment → this object, read once."""

from __future__ import annotations

import os
from functools import cache
from typing import NamedTuple


class Settings(NamedTuple):
    table_name: str
    idempotency_table_name: str
    region: str
    # Only set locally: DynamoDB Local or moto. In AWS the SDK finds the regional endpoint.
    dynamodb_endpoint: str | None
    lambda_endpoint: str | None
    matching_function_name: str
    max_body_bytes: int
    # Match notifications: the SES sender (empty = no e-mails) and the site's address for links.
    notification_sender: str
    site_url: str
    # Who may sign up on their own (the Cognito pre-sign-up trigger): lower-case domains.
    allowed_email_domains: tuple[str, ...]
    # Keys the "answered" marks of anonymous surveys (an HMAC of the person): a secret, from
    # Secrets Manager in AWS; the local stack sets a fixed development key.
    survey_hmac_key: bytes


@cache
def get_settings() -> Settings:
    """Read the environment once per process (the Lambda sandbox or the dev server)."""
    env = os.environ
    return Settings(
        table_name=env.get("TABLE_NAME", "mentorkit"),
        idempotency_table_name=env.get("IDEMPOTENCY_TABLE_NAME", "mentorkit-idempotency"),
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "eu-west-1",
        dynamodb_endpoint=env.get("DYNAMODB_ENDPOINT") or None,
        lambda_endpoint=env.get("LAMBDA_ENDPOINT") or None,
        matching_function_name=env.get("MATCHING_FUNCTION_NAME", "mentorkit-matching"),
        max_body_bytes=int(env.get("MAX_BODY_BYTES", str(64 * 1024))),
        notification_sender=env.get("NOTIFICATION_SENDER", ""),
        site_url=env.get("SITE_URL", ""),
        allowed_email_domains=tuple(
            d.strip().lower() for d in env.get("ALLOWED_EMAIL_DOMAINS", "").split(",") if d.strip()
        ),
        survey_hmac_key=env.get("SURVEY_HMAC_KEY", "").encode(),
    )

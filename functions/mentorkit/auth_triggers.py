"""Cognito triggers: who may create an account on their own.

The user pool calls `handler` before every sign-up (PreSignUp). Self sign-up is open
only to the organisation's e-mail domains (`ALLOWED_EMAIL_DOMAINS`, set by the template
from mkdocs.yml). Accounts a coordinator creates in the console and accounts coming
through the organisation's SSO are not limited: those are already trusted.
"""

from __future__ import annotations

from typing import Any

from mentorkit.settings import get_settings

SELF_SIGN_UP = "PreSignUp_SignUp"


class SignUpRejected(Exception):
    """Cognito shows this message to the person: "PreSignUp failed with error <message>"."""


def email_domain_allowed(email: str, allowed_domains: tuple[str, ...]) -> bool:
    """True when the address belongs to one of the allowed domains (exactly, not a look-alike)."""
    local, at, domain = email.strip().lower().rpartition("@")
    return bool(local and at and domain) and domain in allowed_domains


def check_sign_up(event: dict[str, Any], allowed_domains: tuple[str, ...]) -> dict[str, Any]:
    """Let the sign-up through unchanged, or refuse it with a message a person can act on."""
    if event.get("triggerSource") != SELF_SIGN_UP:
        return event
    email = (event.get("request", {}).get("userAttributes") or {}).get("email", "")
    if not email_domain_allowed(email, allowed_domains):
        listed = ", ".join(f"@{d}" for d in allowed_domains) or "(none configured)"
        raise SignUpRejected(f"Please sign up with your work e-mail address ({listed}).")
    return event


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    return check_sign_up(event, get_settings().allowed_email_domains)

"""The pre-sign-up trigger: only the organisation's people can create their own account."""

from __future__ import annotations

import pytest

from mentorkit.auth_triggers import SignUpRejected, check_sign_up, email_domain_allowed, handler
from mentorkit.settings import get_settings

ALLOWED = ("example.org", "example.co.uk")


def sign_up(email: str, source: str = "PreSignUp_SignUp") -> dict:
    return {
        "version": "1", "triggerSource": source, "region": "eu-west-1", "userPoolId": "eu-west-1_abc",
        "userName": "9f1c-uuid", "callerContext": {"clientId": "client"},
        "request": {"userAttributes": {"email": email}},
        "response": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    }


@pytest.mark.parametrize("email", ["ada@example.org", "Ada.Lovelace@EXAMPLE.ORG", "bo@example.co.uk"])
def test_employee_with_a_work_address_can_sign_up(email: str) -> None:
    event = sign_up(email)
    assert check_sign_up(event, ALLOWED) is event
    assert event["response"]["autoConfirmUser"] is False  # still has to verify the address


@pytest.mark.parametrize("email", [
    "ada@gmail.com",
    "ada@example.org.evil.com",   # look-alike suffix
    "ada@mail.example.org",       # subdomains are not listed, so not allowed
    "ada@notexample.org",
    "example.org",
    "@example.org",
    "",
])
def test_outsider_cannot_sign_up(email: str) -> None:
    with pytest.raises(SignUpRejected, match=r"work e-mail address \(@example\.org, @example\.co\.uk\)"):
        check_sign_up(sign_up(email), ALLOWED)


def test_nobody_signs_up_when_no_domain_is_configured() -> None:
    with pytest.raises(SignUpRejected, match="none configured"):
        check_sign_up(sign_up("ada@example.org"), ())


@pytest.mark.parametrize("source", ["PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"])
def test_accounts_made_by_a_coordinator_or_sso_are_not_limited(source: str) -> None:
    event = sign_up("contractor@partner.com", source)
    assert check_sign_up(event, ALLOWED) is event


def test_email_domain_allowed_takes_the_part_after_the_last_at() -> None:
    assert email_domain_allowed('"odd@name"@example.org', ALLOWED)
    assert not email_domain_allowed("ada@example.org@gmail.com", ALLOWED)


def test_handler_reads_the_domains_the_template_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_EMAIL_DOMAINS", " Example.org , example.co.uk,")
    get_settings.cache_clear()
    try:
        assert handler(sign_up("ada@example.co.uk"), None)["userName"] == "9f1c-uuid"
        with pytest.raises(SignUpRejected):
            handler(sign_up("ada@gmail.com"), None)
    finally:
        get_settings.cache_clear()

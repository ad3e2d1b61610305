"""The caller is who the token proves: a `sub`, a verified e-mail at an allowed domain, groups."""

from __future__ import annotations

from typing import Any

import pytest

from mentorkit.api.auth import person_from_claims
from mentorkit.domain.errors import Forbidden, Unauthorized

DOMAINS = ("example.org",)
GOOD = {"sub": "s-1", "email": "Ana@Example.org", "email_verified": "true", "cognito:groups": "[coordinators]"}


def test_a_verified_email_at_an_allowed_domain_is_the_caller() -> None:
    person = person_from_claims(GOOD, DOMAINS)
    assert (person.sub, person.email, person.is_coordinator) == ("s-1", "ana@example.org", True)


@pytest.mark.parametrize("changes", [
    {"email_verified": "false"}, {"email_verified": ""}, {"email_verified": "yes"}, {"email_verified": None},
    {"email": None}, {"email": "  "}, {"sub": None},
], ids=str)
def test_no_verified_email_or_no_sub_is_401_even_for_a_coordinator(changes: dict[str, Any]) -> None:
    claims = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    with pytest.raises(Unauthorized):
        person_from_claims(claims, DOMAINS)


@pytest.mark.parametrize("email", ["ana@gmail.com", "ana@example.org.evil.com", "ana@sub.example.org"])
def test_an_address_outside_the_allowed_domains_is_403(email: str) -> None:
    with pytest.raises(Forbidden):
        person_from_claims({**GOOD, "email": email}, DOMAINS)

"""The local sign-in issuer: the authorization code flow with PKCE, as Cognito runs it."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from devstack.issuer import Issuer


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer("http://127.0.0.1:9999", tmp_path / "key.pem", ("example.org",))


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorize(issuer: Issuer, email: str = "ana@example.org", coordinator: bool = False) -> str:
    location = issuer.authorize_redirect({
        "client_id": issuer.client_id, "redirect_uri": issuer.callback_url, "state": "s1",
        "code_challenge": challenge("verifier-123"), "email": email, "coordinator": "yes" if coordinator else "",
    })
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(issuer.callback_url)
    assert query["state"] == ["s1"]
    return query["code"][0]


def exchange(issuer: Issuer, code: str, verifier: str = "verifier-123") -> dict:
    return issuer.exchange({"grant_type": "authorization_code", "code": code, "client_id": issuer.client_id,
                            "redirect_uri": issuer.callback_url, "code_verifier": verifier})


def test_code_flow_gives_an_id_token_with_cognito_claims(issuer: Issuer) -> None:
    tokens = exchange(issuer, authorize(issuer, coordinator=True))
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["iss"] == issuer.issuer
    assert claims["aud"] == issuer.client_id
    assert claims["email"] == "ana@example.org"
    assert claims["cognito:groups"] == ["coordinators"]
    assert claims["sub"] == issuer.subject("ANA@example.org")


def test_wrong_verifier_and_reused_codes_are_refused(issuer: Issuer) -> None:
    code = authorize(issuer)
    with pytest.raises(PermissionError):
        exchange(issuer, code, verifier="guess")
    with pytest.raises(PermissionError):
        exchange(issuer, code)   # a code is single-use, even after a failed attempt


def test_only_the_registered_callback_and_allowed_domains(issuer: Issuer) -> None:
    with pytest.raises(PermissionError):
        issuer.authorize_redirect({"client_id": issuer.client_id, "redirect_uri": "https://evil.example/cb",
                                   "code_challenge": "x", "email": "ana@example.org"})
    with pytest.raises(ValueError, match="example.org"):
        authorize(issuer, email="ana@gmail.com")


def test_signing_key_survives_a_restart(issuer: Issuer, tmp_path: Path) -> None:
    again = Issuer(issuer.base_url, tmp_path / "key.pem", ("example.org",))
    assert again.jwks() == issuer.jwks()

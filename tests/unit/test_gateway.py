"""The API Gateway emulator behaves like the HTTP API's JWT authorizer and route table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from devstack import template
from devstack.gateway import Gateway, JwtAuthorizer, stringify_claims
from devstack.issuer import Issuer


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer("http://127.0.0.1:9999", tmp_path / "key.pem", ("example.org",))


class Recorder:
    """Stands in for the functions: records each event and answers with `reply` (or raises it)."""

    def __init__(self, reply: Any = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.reply = reply if reply is not None else {}

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        self.events.append(event)
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


def authorizer(issuer: Issuer, audience: str | None = None, iss: str | None = None) -> JwtAuthorizer:
    return JwtAuthorizer(iss or issuer.issuer, (audience or issuer.client_id,), issuer.jwks())


def test_claims_are_handed_over_as_strings_like_api_gateway() -> None:
    claims = stringify_claims({"sub": "x", "cognito:groups": ["coordinators", "admins"], "exp": 17,
                               "email_verified": True})
    assert claims == {"sub": "x", "cognito:groups": "[coordinators admins]", "exp": "17", "email_verified": "true"}


def test_authorizer_checks_signature_issuer_audience_and_expiry(issuer: Issuer, tmp_path: Path) -> None:
    token = issuer.mint("ana@example.org")
    assert authorizer(issuer).claims(f"Bearer {token}")["email"] == "ana@example.org"
    assert authorizer(issuer, audience="another-client").claims(token) is None
    assert authorizer(issuer, iss="https://elsewhere").claims(token) is None
    assert authorizer(issuer).claims(issuer.mint("ana@example.org", lifetime=-5)) is None
    stranger = Issuer(issuer.base_url, tmp_path / "other.pem", ("example.org",))
    assert authorizer(issuer).claims(stranger.mint("ana@example.org")) is None
    assert authorizer(issuer).claims(None) is None


def test_every_route_in_the_template_is_matched_and_unknown_ones_are_404(issuer: Issuer) -> None:
    gateway = Gateway({"CognitoJwt": authorizer(issuer)}, Recorder())
    for route in template.routes():
        path = route.path.replace("{programId}", "p-1").replace("{moduleId}", "m-1").replace("{runId}", "r-1") \
            .replace("{surveyId}", "s-1")
        found, _ = gateway.match(route.method, path)
        assert found == route, route.key
    reply = gateway.handle("GET", "/api/not-a-route", "", {}, b"")
    assert reply.status == 404


def test_protected_routes_answer_401_before_any_function_runs(issuer: Issuer) -> None:
    functions = Recorder()
    ran = functions.events
    gateway = Gateway({"CognitoJwt": authorizer(issuer)}, functions)
    assert gateway.handle("GET", "/api/programs", "", {}, b"").status == 401
    assert ran == []
    token = issuer.mint("cy@example.org", coordinator=True)
    gateway.handle("GET", "/api/programs", "role=mentor&role=mentee", {"Authorization": f"Bearer {token}"}, b"")
    (event,) = ran
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /api/programs"
    assert event["queryStringParameters"] == {"role": "mentor,mentee"}
    assert event["requestContext"]["authorizer"]["jwt"]["claims"]["cognito:groups"] == "[coordinators]"


def test_openapi_route_is_public(issuer: Issuer) -> None:
    functions = Recorder({"statusCode": 200, "body": json.dumps({"ok": True})})
    assert Gateway({"CognitoJwt": authorizer(issuer)}, functions).handle("GET", "/api/openapi.json", "", {}, b"").status == 200


def test_a_function_error_is_api_gateways_plain_500(issuer: Issuer) -> None:
    gateway = Gateway({"CognitoJwt": authorizer(issuer)}, Recorder(RuntimeError("boom")))
    reply = gateway.handle("GET", "/api/openapi.json", "", {}, b"")
    assert (reply.status, json.loads(reply.body)) == (500, {"message": "Internal Server Error"})

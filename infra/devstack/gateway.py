"""An emulator of API Gateway's HTTP API (payload format 2.0) for the routes in template.yaml.

It does what the real service does before a function runs: match the route, run the JWT
authorizer (issuer, audience, signature, expiry), and hand the claims over as strings,
`cognito:groups` included ("[coordinators]"). Then it invokes the function from its own build
(devstack.functions), and answers a function error with API Gateway's plain 500.
"""

from __future__ import annotations

import base64
import json
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote_plus

import jwt

from devstack import template
from devstack.template import Route


class Invoker(Protocol):
    """What the gateway calls functions through (devstack.functions.Functions)."""

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any: ...


@dataclass(frozen=True)
class JwtAuthorizer:
    issuer: str
    audience: tuple[str, ...]
    jwks: dict[str, Any]

    def claims(self, authorization: str | None) -> dict[str, Any] | None:
        """The verified claims, or None where API Gateway would answer 401."""
        if not authorization:
            return None
        token = authorization.removeprefix("Bearer ").strip()
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = next(k for k in self.jwks["keys"] if k["kid"] == kid)
            claims = jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256"], issuer=self.issuer,
                                options={"verify_aud": False, "require": ["exp", "iat", "iss", "sub"]})
        except (jwt.PyJWTError, StopIteration):
            return None
        # ID tokens carry `aud`; access tokens carry `client_id`: the authorizer accepts either.
        audience = claims.get("aud", claims.get("client_id"))
        audiences = audience if isinstance(audience, list) else [audience]
        return claims if set(audiences) & set(self.audience) else None


def stringify_claims(claims: dict[str, Any]) -> dict[str, str]:
    """HTTP APIs pass every claim as a string; lists become "[a b]"."""
    out = {}
    for name, value in claims.items():
        if isinstance(value, list):
            out[name] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            out[name] = str(value).lower()
        else:
            out[name] = str(value)
    return out


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


class Gateway:
    def __init__(self, authorizers: dict[str, JwtAuthorizer], functions: Invoker,
                 routes: list[Route] | None = None) -> None:
        self.authorizers = authorizers
        self.functions = functions
        self.routes = routes if routes is not None else template.routes()

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        """The route for this method and path, with its path parameters."""
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method == method:
                return route, found.groupdict()
        return None, {}

    def handle(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
               source_ip: str = "127.0.0.1") -> Reply:
        route, params = self.match(method, path)
        if route is None:
            # API Gateway answers unknown routes (and unknown methods) itself, before any function runs.
            return _json(404, {"message": "Not Found"})
        headers = {k.lower(): v for k, v in headers.items()}
        authorizer_context = None
        if route.authorizer:
            claims = self.authorizers[route.authorizer].claims(headers.get("authorization"))
            if claims is None:
                return _json(401, {"message": "Unauthorized"}, {"www-authenticate": "Bearer"})
            authorizer_context = {"jwt": {"claims": stringify_claims(claims), "scopes": None}}
        event = self._event(route, method, path, query, headers, body, params, authorizer_context, source_ip)
        try:
            result = self.functions.invoke(route.function, event)
        except Exception as error:  # noqa: BLE001 - a function error is API Gateway's plain 500
            print(f"[mentorkit] {route.function} failed on {route.key}: {error}", file=sys.stderr, flush=True)
            return _json(500, {"message": "Internal Server Error"})
        return _reply(result)

    @staticmethod
    def _event(route: Route, method: str, path: str, query: str, headers: dict[str, str], body: bytes,
               params: dict[str, str], authorizer: dict[str, Any] | None, source_ip: str) -> dict[str, Any]:
        now = time.time()
        text_body: str | None = None
        encoded = False
        if body:
            try:
                text_body = body.decode()
            except UnicodeDecodeError:
                text_body, encoded = base64.b64encode(body).decode(), True
        query_params: dict[str, str] = {}
        for pair in filter(None, query.split("&")):
            key, _, value = pair.partition("=")
            key, value = unquote_plus(key), unquote_plus(value)
            query_params[key] = f"{query_params[key]},{value}" if key in query_params else value
        event: dict[str, Any] = {
            "version": "2.0",
            "routeKey": route.key,
            "rawPath": path,
            "rawQueryString": query,
            "headers": headers,
            "requestContext": {
                "accountId": "000000000000", "apiId": "local", "domainName": headers.get("host", "127.0.0.1"),
                "domainPrefix": "local", "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                                                  "sourceIp": source_ip, "userAgent": headers.get("user-agent", "")},
                "requestId": str(uuid.uuid4()), "routeKey": route.key, "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)), "timeEpoch": int(now * 1000),
            },
            "isBase64Encoded": encoded,
        }
        if "cookie" in headers:
            event["cookies"] = [c.strip() for c in headers["cookie"].split(";")]
        if query_params:
            event["queryStringParameters"] = query_params
        if params:
            event["pathParameters"] = params
        if text_body is not None:
            event["body"] = text_body
        if authorizer:
            event["requestContext"]["authorizer"] = authorizer
        return event


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"content-type": "application/json", **(headers or {})}, json.dumps(body).encode())


def _reply(result: dict[str, Any]) -> Reply:
    """Turn a payload-2.0 function result into an HTTP response, as the HTTP API does."""
    if "statusCode" not in result:
        return _json(200, result)
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    headers = {k.lower(): str(v) for k, v in (result.get("headers") or {}).items()}
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(values)
    if result.get("cookies"):
        headers["set-cookie"] = result["cookies"][0]
    return Reply(int(result["statusCode"]), headers, raw)

"""A local sign-in issuer that behaves like the Cognito hosted UI for mentorkit's purposes:
OAuth 2.0 authorization code flow with PKCE, RS256-signed ID tokens, a JWKS document.

Nobody types a password locally: the authorize page asks for an e-mail at an allowed
domain and whether to join the coordinators group.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "mentorkit-local"
TOKEN_LIFETIME = 3600
CODE_LIFETIME = 300


def load_or_create_key(path: Path) -> rsa.RSAPrivateKey:
    """Keep the signing key on disk so tokens stay valid across restarts of `make serve`."""
    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)  # type: ignore[return-value]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)
    return key


@dataclass
class _Grant:
    email: str
    coordinator: bool
    redirect_uri: str
    challenge: str
    expires: float


@dataclass
class Issuer:
    base_url: str                     # "http://127.0.0.1:8000"
    key_path: Path
    allowed_domains: tuple[str, ...]
    client_id: str = CLIENT_ID
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.key = load_or_create_key(self.key_path)
        public = self.key.public_key()
        self.jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public))
        self.kid = hashlib.sha256(self.jwk["n"].encode()).hexdigest()[:16]
        self.jwk.update(kid=self.kid, use="sig", alg="RS256")

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/local-auth"

    @property
    def authorize_url(self) -> str:
        return f"{self.issuer}/oauth2/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/oauth2/token"

    @property
    def callback_url(self) -> str:
        """The one redirect URI the client allows, as the template's CallbackURLs does."""
        return f"{self.base_url}/auth/callback/"

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk]}

    # Tokens -------------------------------------------------------------------
    def subject(self, email: str) -> str:
        """Stable per e-mail, like a Cognito user's `sub`."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.issuer}#{email.lower()}"))

    def mint(self, email: str, coordinator: bool = False, lifetime: int = TOKEN_LIFETIME, *,
             verified: bool = True) -> str:
        """An ID token with the claims Cognito puts in one (`verified=False`: an e-mail changed, not yet verified)."""
        self.check_email(email)
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "sub": self.subject(email), "email": email.lower(),
            "email_verified": verified, "token_use": "id", "auth_time": now, "iat": now, "exp": now + lifetime,
            "cognito:username": self.subject(email),
        }
        if coordinator:
            claims["cognito:groups"] = ["coordinators"]
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def check_email(self, email: str) -> None:
        domain = email.rpartition("@")[2].lower()
        if "@" not in email or domain not in self.allowed_domains:
            allowed = ", ".join(self.allowed_domains)
            raise ValueError(f"Sign-in is open to addresses at {allowed}.")

    # OAuth 2.0 endpoints ------------------------------------------------------
    def grant(self, email: str, coordinator: bool, redirect_uri: str, challenge: str) -> str:
        """Record a sign-in and hand back a one-time code for the token endpoint."""
        self.check_email(email)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._grants[code] = _Grant(email, coordinator, redirect_uri, challenge, time.time() + CODE_LIFETIME)
        return code

    def exchange(self, form: dict[str, str]) -> dict[str, Any]:
        """The token endpoint: a code and its PKCE verifier for an ID token."""
        with self._lock:
            grant = self._grants.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None or grant.expires < time.time():
            raise PermissionError("invalid_grant")
        if form.get("client_id") != self.client_id or form.get("redirect_uri") != grant.redirect_uri:
            raise PermissionError("invalid_client")
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if not secrets.compare_digest(challenge, grant.challenge):
            raise PermissionError("invalid_grant")
        token = self.mint(grant.email, grant.coordinator)
        return {"id_token": token, "access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME}

    def authorize_page(self, query: dict[str, str], error: str = "") -> str:
        """The page a person sees instead of Cognito's hosted UI."""
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items() if k in ("client_id", "redirect_uri", "state", "code_challenge",
                                                  "code_challenge_method", "response_type", "scope")
        )
        domains = ", ".join(self.allowed_domains)
        alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in (local) · mentorkit</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}}
label{{display:block;margin:1rem 0 .25rem}}input[type=email]{{width:100%;padding:.5rem;font-size:1rem}}
button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px}}
.error{{color:#b00020}}.note{{color:#444;font-size:.9rem}}</style></head>
<body><main><h1>Sign in</h1>
<p class="note">Local sign-in for development: no password. In production this is your organisation's sign-in.</p>
{alert}<form method="post" action="{html.escape(self.authorize_url)}">{hidden}
<label for="email">Work e-mail ({html.escape(domains)})</label>
<input id="email" name="email" type="email" required autocomplete="email" autofocus>
<label><input type="checkbox" name="coordinator" value="yes"> Sign in as a coordinator</label>
<button type="submit">Sign in</button></form></main></body></html>"""

    def authorize_redirect(self, form: dict[str, str]) -> str:
        """Where to send the browser after the authorize form: back to the site with a code."""
        if (form.get("client_id") != self.client_id or not form.get("code_challenge")
                or form.get("redirect_uri") != self.callback_url):
            raise PermissionError("invalid_request")
        code = self.grant(form.get("email", ""), form.get("coordinator") == "yes",
                          form.get("redirect_uri", ""), form["code_challenge"])
        return f"{form['redirect_uri']}?{urlencode({'code': code, 'state': form.get('state', '')})}"

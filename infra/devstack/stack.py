"""The whole product on one machine: database, tables, functions' environment, sign-in, server.

Used by `make serve` (persistent data, port 8000) and by the tests (in-memory, a free port).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from devstack import branding, functions, template
from devstack.dynamodb import DynamoDBLocal, JavaMissing, client, free_port
from devstack.functions import Functions
from devstack.gateway import Gateway, JwtAuthorizer
from devstack.issuer import Issuer
from devstack.lambdas import Lambdas
from devstack.paths import DATA, SITE
from devstack.server import make_server
from devstack.tables import ensure_tables


class LocalStack:
    def __init__(self, port: int = 8000, *, persist: bool = True, site_dir: Path = SITE,
                 dynamodb_port: int | None = None, allow_moto: bool = False) -> None:
        self.port = port
        self.persist = persist
        self.site_dir = site_dir
        self.dynamodb_port = dynamodb_port or free_port()
        self.allow_moto = allow_moto
        self.engine = "DynamoDB Local"
        self._database: Any = None
        self._server: Any = None
        self.functions: Functions | None = None
        # The functions' own credentials: only they can call the Lambda Invoke emulator.
        self.access_key = f"LOCAL{secrets.token_hex(8).upper()}"
        self._secret_key = secrets.token_urlsafe(24)
        self._scratch = None if persist else tempfile.TemporaryDirectory(prefix="mentorkit-")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def data_dir(self) -> Path:
        return DATA if self.persist else Path(self._scratch.name)

    def start(self) -> LocalStack:
        functions.build()
        self.lambdas = Lambdas(self.access_key)
        endpoint = self._start_database()
        self.tables = ensure_tables(client(endpoint))
        self.functions = Functions({name: self.function_environment(name, endpoint)
                                    for name in template.resources("AWS::Serverless::Function")})
        self.lambdas.functions = self.functions
        self._configure_tools(endpoint)
        self.issuer = Issuer(self.url, self.data_dir / "issuer" / "signing-key.pem", branding.allowed_email_domains())
        (authorizer_name,) = template.http_api()["Auth"]["Authorizers"]
        self.gateway = Gateway({authorizer_name: JwtAuthorizer(self.issuer.issuer, (self.issuer.client_id,),
                                                               self.issuer.jwks())}, self.functions)
        self._server = make_server("127.0.0.1", self.port, self.site_dir, self.gateway, self.issuer, self.config(),
                                   extra_routes=self.lambdas.routes())
        threading.Thread(target=self._server.serve_forever, name="mentorkit-server", daemon=True).start()
        return self

    def config(self) -> dict[str, Any]:
        """What the site's JS needs to find the API and sign in: /config.json."""
        return {
            "apiBase": "/api",
            "auth": {"authorizeUrl": self.issuer.authorize_url, "tokenUrl": self.issuer.token_url,
                     "clientId": self.issuer.client_id, "scope": "openid email", "logoutUrl": None},
            "local": True,
        }

    def _start_database(self) -> str:
        try:
            self._database = DynamoDBLocal(self.dynamodb_port,
                                           self.data_dir / "dynamodb" if self.persist else None).start()
            return self._database.endpoint
        except JavaMissing:
            if not self.allow_moto:
                raise
        from moto.server import ThreadedMotoServer

        print("WARNING: Java is missing, so DynamoDB Local cannot run. Falling back to moto's in-memory "
              "DynamoDB: data is NOT kept when you stop. Install Java (apt-get install default-jre-headless) "
              "to keep it.", file=sys.stderr, flush=True)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.engine = "moto (in memory: data is not kept)"
        self._database = ThreadedMotoServer(ip_address="127.0.0.1", port=self.dynamodb_port, verbose=False)
        self._database.start()
        return f"http://127.0.0.1:{self.dynamodb_port}"

    def function_environment(self, logical_id: str, endpoint: str) -> dict[str, str]:
        """What the template gives the function in AWS, with local names, endpoints and credentials."""
        return {
            **functions.base_environment(),
            "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self._secret_key,
            "AWS_LAMBDA_FUNCTION_NAME": f"mentorkit-local-{logical_id}",
            "DYNAMODB_ENDPOINT": endpoint, "POWERTOOLS_TRACE_DISABLED": "true",
            "LAMBDA_ENDPOINT": self.url,   # the server emulates Lambda's Invoke API (devstack.lambdas)
            **function_environment(logical_id, {**self.tables, **self.lambdas.names(), **deploy_parameters()}),
        }

    def _configure_tools(self, endpoint: str) -> None:
        """The same settings for what runs in this process (the demo seed, the tests' checks of the
        table): the API's environment, with the stack's local credentials."""
        os.environ.update({**self.function_environment("ApiFunction", endpoint),
                           "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"})
        from mentorkit import resources

        resources.reset()

    def stop(self) -> None:
        if self.functions:
            self.functions.stop()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._database:
            self._database.stop()
        if self._scratch:
            self._scratch.cleanup()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def deploy_parameters() -> dict[str, str]:
    """The template parameters `make deploy` takes from mkdocs.yml, so local runs match a deploy."""
    return {"AllowedEmailDomains": ",".join(branding.allowed_email_domains())}


def function_environment(logical_id: str, refs: dict[str, str]) -> dict[str, str]:
    """One function's environment variables (the Globals' and its own) with references resolved."""
    variables = template.load()["Globals"]["Function"].get("Environment", {}).get("Variables", {})
    function = template.resources("AWS::Serverless::Function")[logical_id]
    variables = {**variables, **function["Properties"].get("Environment", {}).get("Variables", {})}
    return {name: _resolve(value, refs) for name, value in variables.items()}


def _resolve(value: Any, tables: dict[str, str]) -> str:
    """A table's local name, a parameter's default, or a placeholder for what exists only in AWS."""
    if isinstance(value, dict) and "Ref" in value:
        name = value["Ref"]
        if name in tables:
            return tables[name]
        default = template.parameter_default(name) if name in template.load().get("Parameters", {}) else None
        return f"mentorkit-local-{name}" if default is None else str(default)
    if isinstance(value, dict):
        return f"mentorkit-local-{next(iter(value)).removeprefix('Fn::')}"
    return str(value)

"""An emulator of Lambda's Invoke API for the functions in template.yaml, on the local server.

The API invokes the matching function with boto3 (`InvocationType="Event"`) at
LAMBDA_ENDPOINT, exactly as in AWS. Here that endpoint is the local server itself:
`POST /2015-03-31/functions/{name}/invocations` answers 202 at once and runs the function
(from its own build, devstack.functions) in a background thread, as Lambda runs an
asynchronous invocation. `RequestResponse` invocations run in the request and return the result.

Only the stack's own functions may call it: requests must be signed with the access key the
stack gave them, so a web page posting here cannot run a function with forged claims.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import unquote

from devstack import template
from devstack.functions import FunctionError, Functions

if TYPE_CHECKING:
    from devstack.server import Handler

PREFIX = "/2015-03-31/functions/"
LOCAL_PREFIX = "mentorkit-local-"
JSON = {"content-type": "application/json"}


def local_name(logical_id: str) -> str:
    """The name `!Ref <Function>` resolves to locally (see stack._resolve)."""
    return f"{LOCAL_PREFIX}{logical_id}"


class Lambdas:
    """The template's functions, invocable by their local names by holders of `access_key`."""

    def __init__(self, access_key: str) -> None:
        self.functions_by_name = {local_name(n): n for n in template.resources("AWS::Serverless::Function")}
        self.access_key = access_key
        self.functions: Functions | None = None
        self._running: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self.failures: list[str] = []

    def names(self) -> dict[str, str]:
        """{logical id: local name}, for resolving `!Ref` in functions' environments."""
        return {logical: local for local, logical in self.functions_by_name.items()}

    def routes(self) -> dict[str, Callable[[Handler, bytes], None]]:
        """The server's extra route for the Invoke API."""
        return {PREFIX: self.invoke}

    def signed_by_the_stack(self, authorization: str) -> bool:
        return f"Credential={self.access_key}/" in authorization and authorization.startswith("AWS4-HMAC-SHA256 ")

    def invoke(self, request: Handler, body: bytes) -> None:
        path = request.path.split("?", 1)[0]
        name = unquote(path.removeprefix(PREFIX).removesuffix("/invocations")).rsplit(":function:", 1)[-1]
        name = name.split(":", 1)[0]
        if not self.signed_by_the_stack(request.headers.get("authorization", "")):
            message = {"Type": "User", "message": "The security token included in the request is invalid."}
            return request._send(403, {**JSON, "x-amzn-errortype": "UnrecognizedClientException"},
                                 json.dumps(message).encode())
        if request.command != "POST" or not path.endswith("/invocations") or name not in self.functions_by_name:
            message = {"Type": "User", "message": f"Function not found: {name}"}
            return request._send(404, {**JSON, "x-amzn-errortype": "ResourceNotFoundException"},
                                 json.dumps(message).encode())
        logical_id = self.functions_by_name[name]
        try:
            event = json.loads(body or b"{}")
        except ValueError:
            message = {"Type": "User", "message": "Could not parse request body into json"}
            return request._send(400, {**JSON, "x-amzn-errortype": "InvalidRequestContentException"},
                                 json.dumps(message).encode())
        if request.headers.get("X-Amz-Invocation-Type", "RequestResponse") == "Event":
            thread = threading.Thread(target=self._run, args=(logical_id, event), name=f"lambda-{logical_id}",
                                      daemon=True)
            with self._lock:
                self._running.add(thread)
            thread.start()
            return request._send(202, JSON, b"")
        try:
            result = self._functions().invoke(logical_id, event)
        except FunctionError as failure:   # Lambda reports a function error; the call itself succeeds
            return request._send(200, {**JSON, "x-amz-function-error": "Unhandled"}, json.dumps(failure.error).encode())
        return request._send(200, JSON, json.dumps(result).encode())

    def _functions(self) -> Functions:
        if self.functions is None:
            raise RuntimeError("the stack has not started its functions yet")
        return self.functions

    def _run(self, logical_id: str, event: dict[str, Any]) -> None:
        try:
            self._functions().invoke(logical_id, event)
        except Exception as error:  # noqa: BLE001 - in AWS this goes to the failure destination
            self.failures.append(f"{logical_id}: {error}")
            print(f"[mentorkit] {logical_id} failed asynchronously: {error} (in AWS: the failure queue)",
                  file=sys.stderr)
        finally:
            with self._lock:
                self._running.discard(threading.current_thread())

    def wait(self, timeout: float = 60) -> bool:
        """Wait for every asynchronous invocation in flight; says whether they all finished."""
        with self._lock:
            running = list(self._running)
        for thread in running:
            thread.join(timeout)
        return not any(t.is_alive() for t in running)

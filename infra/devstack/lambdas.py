"""An emulator of Lambda's Invoke API for the functions in template.yaml, on the local server.

The API invokes the matching function with boto3 (`InvocationType="Event"`) at
LAMBDA_ENDPOINT, exactly as in AWS. Here that endpoint is the local server itself:
`POST /2015-03-31/functions/{name}/invocations` answers 202 at once and runs the handler
from template.yaml in a background thread, as Lambda runs an asynchronous invocation.
`RequestResponse` invocations run in the request and return the handler's result.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import unquote

from devstack import template
from devstack.gateway import LambdaContext, invoke

if TYPE_CHECKING:
    from devstack.server import Handler

PREFIX = "/2015-03-31/functions/"
LOCAL_PREFIX = "mentorkit-local-"


def local_name(logical_id: str) -> str:
    """The name `!Ref <Function>` resolves to locally (see stack._resolve)."""
    return f"{LOCAL_PREFIX}{logical_id}"


class Lambdas:
    """The template's functions, invocable by their local names."""

    def __init__(self) -> None:
        self.functions = {local_name(name): name for name in template.resources("AWS::Serverless::Function")}
        self._running: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self.failures: list[str] = []

    def names(self) -> dict[str, str]:
        """{logical id: local name}, for resolving `!Ref` in functions' environments."""
        return {logical: local for local, logical in self.functions.items()}

    def routes(self) -> dict[str, Callable[[Handler, bytes], None]]:
        """The server's extra route for the Invoke API."""
        return {PREFIX: self.invoke}

    def invoke(self, request: Handler, body: bytes) -> None:
        path = request.path.split("?", 1)[0]
        name = unquote(path.removeprefix(PREFIX).removesuffix("/invocations")).rsplit(":function:", 1)[-1]
        name = name.split(":", 1)[0]
        json_type = {"content-type": "application/json"}
        if request.command != "POST" or not path.endswith("/invocations") or name not in self.functions:
            message = {"Type": "User", "message": f"Function not found: {name}"}
            return request._send(404, {**json_type, "x-amzn-errortype": "ResourceNotFoundException"},
                                 json.dumps(message).encode())
        logical_id = self.functions[name]
        event = json.loads(body or b"{}")
        if request.headers.get("X-Amz-Invocation-Type", "RequestResponse") == "Event":
            thread = threading.Thread(target=self._run, args=(logical_id, event), name=f"lambda-{logical_id}",
                                      daemon=True)
            with self._lock:
                self._running.add(thread)
            thread.start()
            return request._send(202, json_type, b"")
        try:
            result = self._call(logical_id, event)
        except Exception as error:  # noqa: BLE001 - Lambda reports a function error, it does not fail the call
            failure = {"errorType": type(error).__name__, "errorMessage": str(error)}
            return request._send(200, {**json_type, "x-amz-function-error": "Unhandled"}, json.dumps(failure).encode())
        return request._send(200, json_type, json.dumps(result).encode())

    def _call(self, logical_id: str, event: dict[str, Any]) -> Any:
        context = LambdaContext(function_name=local_name(logical_id), aws_request_id=str(uuid.uuid4()))
        return invoke(logical_id, template.function_handler(logical_id), event, context)

    def _run(self, logical_id: str, event: dict[str, Any]) -> None:
        try:
            self._call(logical_id, event)
        except Exception as error:  # noqa: BLE001 - in AWS this goes to the failure destination
            self.failures.append(f"{logical_id}: {type(error).__name__}")
            print(f"[mentorkit] {logical_id} failed asynchronously: {type(error).__name__} "
                  "(in AWS: the failure queue)", file=sys.stderr)
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

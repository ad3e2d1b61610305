"""The template's Lambda functions, each run from its own build in processes of its own.

`make -C functions host` builds every function for this machine into build/functions/<LogicalId>,
with only that function's requirements (and the runtime's boto3 beside it, as in AWS). Each
function gets a small pool of worker processes (`lambda_runtime.py`), reused like warm Lambda
sandboxes: one invocation at a time each, a new one started when all are busy, up to a cap.
So a handler that imports what its function does not ship fails here exactly as in AWS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devstack import template
from devstack.paths import FUNCTION_BUILDS, ROOT

RUNTIME = Path(__file__).with_name("lambda_runtime.py")
MAX_SANDBOXES = 4   # per function: enough for the tests' parallel requests, small for a laptop


class FunctionError(Exception):
    """The function raised, or could not start (Lambda's `FunctionError: Unhandled`)."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('errorType')}: {error.get('errorMessage')}")
        self.error = error


def build(python: str = sys.executable) -> Path:
    """Build every function for this machine (quick when nothing changed); where the builds are."""
    subprocess.run(["make", "--no-print-directory", "-C", str(ROOT / "functions"), "host", f"PYTHON={python}",
                    f"HOST_DIR={FUNCTION_BUILDS}"], check=True, stdout=subprocess.DEVNULL)
    return FUNCTION_BUILDS


class _Sandbox:
    """One worker process of one function."""

    def __init__(self, logical_id: str, handler: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(RUNTIME), str(FUNCTION_BUILDS / logical_id),
             str(FUNCTION_BUILDS / "runtime"), handler],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, bufsize=1)
        ready = self.process.stdout.readline()   # the handler's module is imported now (the cold start)
        self.alive = bool(ready)

    def call(self, event: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
        self.process.stdin.write(json.dumps({"event": event, "context": context}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.alive = False
            return {"error": {"errorType": "Runtime.ExitError", "errorMessage": "the function's process exited"}}
        return json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class _Pool:
    logical_id: str
    handler: str
    env: dict[str, str]
    memory: int
    timeout: int
    idle: list[_Sandbox] = field(default_factory=list)
    started: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)

    def take(self) -> _Sandbox:
        with self.lock:
            while not self.idle and self.started >= MAX_SANDBOXES:
                self.lock.wait()
            if self.idle:
                return self.idle.pop()
            self.started += 1
        try:
            return _Sandbox(self.logical_id, self.handler, self.env)
        except BaseException:
            with self.lock:
                self.started -= 1
                self.lock.notify()
            raise

    def give_back(self, sandbox: _Sandbox) -> None:
        with self.lock:
            if sandbox.alive:
                self.idle.append(sandbox)
            else:
                self.started -= 1
                sandbox.stop()
            self.lock.notify()


class Functions:
    """Invoke the template's functions by logical id, each from its own build."""

    def __init__(self, environment: dict[str, dict[str, str]]) -> None:
        functions = template.resources("AWS::Serverless::Function")
        globals_ = template.load()["Globals"]["Function"]
        self._pools = {
            name: _Pool(name, spec["Properties"]["Handler"], environment[name],
                        int(spec["Properties"].get("MemorySize", globals_.get("MemorySize", 128))),
                        int(spec["Properties"].get("Timeout", globals_.get("Timeout", 3))))
            for name, spec in functions.items()}

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        """Run one invocation; a function error raises FunctionError, as Lambda reports it."""
        pool = self._pools[logical_id]
        context = {"function_name": f"mentorkit-local-{logical_id}", "aws_request_id": str(uuid.uuid4()),
                   "invoked_function_arn": f"arn:aws:lambda:eu-west-1:000000000000:function:{logical_id}",
                   "memory_limit_in_mb": pool.memory, "timeout": pool.timeout}
        sandbox = pool.take()
        try:
            reply = sandbox.call(event, context)
        finally:
            pool.give_back(sandbox)
        if "error" in reply:
            raise FunctionError(reply["error"])
        return reply["result"]

    def stop(self) -> None:
        for pool in self._pools.values():
            with pool.lock:
                for sandbox in pool.idle:
                    sandbox.stop()
                pool.idle.clear()


def base_environment() -> dict[str, str]:
    """What every sandbox inherits from the machine: a PATH and a locale, nothing of the venv."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
    return {name: os.environ[name] for name in keep if name in os.environ}

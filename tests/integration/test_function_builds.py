"""Each function runs from its own build, with only its own requirements, as in AWS.

The local stack already serves every request this way; these tests say so directly: each
handler imports in a clean interpreter holding only its build and the runtime's boto3, answers
a real event, and a function that imports what it does not ship fails loudly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from devstack import template
from devstack.functions import RUNTIME, FunctionError
from devstack.paths import FUNCTION_BUILDS

HEAVY = ("numpy", "ortools", "networkx", "pandas")


def run_from_build(logical_id: str, code: str) -> Any:
    """Run `code` in a clean interpreter holding only the function's build and the runtime; what it printed."""
    script = (f"import sys, json; sys.path[:0] = [{str(FUNCTION_BUILDS / logical_id)!r}, "
              f"{str(FUNCTION_BUILDS / 'runtime')!r}]\n{code}")
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True, text=True,
                          env={"AWS_REGION": "eu-west-1"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def clean_import(logical_id: str, then: str = "") -> dict[str, Any]:
    """Import a function's handler (then run `then`) from its build alone; the packages that got loaded."""
    module = template.function_handler(logical_id).rpartition(".")[0]
    return {"modules": set(run_from_build(logical_id, f"import {module}\n{then}\n"
                                          "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"))}


@pytest.mark.parametrize("logical_id", sorted(template.resources("AWS::Serverless::Function")))
def test_each_handler_imports_from_its_own_build_alone(stack: Any, logical_id: str) -> None:
    loaded = clean_import(logical_id)["modules"]
    assert "mentorkit" in loaded
    assert not (FUNCTION_BUILDS / logical_id / "boto3").exists()   # the runtime provides it
    assert not (FUNCTION_BUILDS / logical_id / "mentorkit" / "cli").exists()


def test_the_api_loads_no_matching_engine_and_ships_none() -> None:
    every_area = clean_import("ApiFunction", then="mentorkit.api.app.areas.load_all()")["modules"]
    assert "mentorkit" in every_area
    assert not set(HEAVY) & every_area
    assert not [p for p in HEAVY if (FUNCTION_BUILDS / "ApiFunction" / p).exists()]


def test_a_cold_api_loads_no_area_and_then_only_the_area_of_its_first_request() -> None:
    """The first request to a sandbox loads its own area: here a signed-out call to the pairs' list,
    refused (401) by the caller check after its area loaded, without any other area's code."""
    loaded = run_from_build("ApiFunction", """
import types
import mentorkit.api.app as api
areas = lambda: sorted(m for m in sys.modules if m.startswith("mentorkit.api.routes."))
cold = areas()
event = {"version": "2.0", "routeKey": "GET /api/me/relationships", "rawPath": "/api/me/relationships",
         "rawQueryString": "", "headers": {}, "isBase64Encoded": False,
         "requestContext": {"http": {"method": "GET", "path": "/api/me/relationships", "sourceIp": "1.2.3.4"},
                            "requestId": "r1", "routeKey": "GET /api/me/relationships", "stage": "$default"}}
context = types.SimpleNamespace(function_name="api", function_version="1", invoked_function_arn="arn",
                                memory_limit_in_mb=512, aws_request_id="r1", get_remaining_time_in_millis=lambda: 3000)
reply = api.handler(event, context)
print(json.dumps({"cold": cold, "status": reply["statusCode"], "loaded": sorted(api.areas.loaded), "after": areas()}))
""")
    assert loaded["cold"] == []
    assert loaded["status"] == 401
    assert loaded["loaded"] == ["relationships"]
    assert "mentorkit.api.routes.relationships" in loaded["after"]
    assert not {"mentorkit.api.routes.metrics", "mentorkit.api.routes.surveys",
                "mentorkit.api.routes.matching"} & set(loaded["after"])


def test_the_api_answers_a_payload_2_0_event_from_its_build(stack: Any) -> None:
    event = stack.gateway._event(next(r for r in stack.gateway.routes if r.key == "GET /api/openapi.json"),  # noqa: SLF001
                                 "GET", "/api/openapi.json", "", {"host": "127.0.0.1"}, b"", {}, None, "127.0.0.1")
    reply = stack.functions.invoke("ApiFunction", event)
    assert reply["statusCode"] == 200
    assert "/api/programs/{programId}/signup" in json.loads(reply["body"])["paths"]


def test_the_matching_worker_runs_from_its_build_and_reaches_the_table(stack: Any) -> None:
    with pytest.raises(FunctionError) as failure:
        stack.functions.invoke("MatchingFunction", {"programId": "no-such-program", "runId": "no-such-run"})
    assert failure.value.error["errorType"] == "NotFound"   # imported, ran, asked DynamoDB Local


def test_the_sign_up_trigger_runs_from_its_build(stack: Any) -> None:
    event = {"triggerSource": "PreSignUp_SignUp", "request": {"userAttributes": {"email": "ana@example.org"}}}
    assert stack.functions.invoke("PreSignUpFunction", event) == event
    with pytest.raises(FunctionError) as failure:
        stack.functions.invoke("PreSignUpFunction", {**event, "request": {"userAttributes": {"email": "x@evil.test"}}})
    assert failure.value.error["errorType"] == "SignUpRejected"


def test_a_function_that_imports_what_it_does_not_ship_fails_loudly(stack: Any, tmp_path: Path) -> None:
    build = tmp_path / "ApiFunction"
    shutil.copytree(FUNCTION_BUILDS / "ApiFunction", build)
    (build / "mentorkit" / "careless.py").write_text("import numpy\n\n\ndef handler(event, context):\n    return 1\n")
    sandbox = subprocess.Popen([sys.executable, "-I", "-S", str(RUNTIME), str(build), str(FUNCTION_BUILDS / "runtime"),
                                "mentorkit.careless.handler"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    reply, errors = sandbox.communicate(json.dumps({"event": {}, "context": {
        "function_name": "f", "aws_request_id": "1", "invoked_function_arn": "arn", "memory_limit_in_mb": 128,
        "timeout": 3}}) + "\n", timeout=60)
    ready, answer = (json.loads(line) for line in reply.splitlines())
    assert ready == {"ready": False}
    assert answer["error"]["errorType"] == "Runtime.ImportModuleError"
    assert "numpy" in answer["error"]["errorMessage"]
    assert "cannot be imported from its build" in errors


def test_the_lambda_invoke_emulator_runs_nothing_for_anyone_but_the_stacks_own_functions(stack: Any) -> None:
    """A web page could POST here (text/plain needs no CORS preflight) with forged claims; it must not run."""
    import urllib.error
    import urllib.request

    forged = {"version": "2.0", "routeKey": "GET /api/programs", "requestContext": {"authorizer": {"jwt": {
        "claims": {"sub": "x", "email": "boss@example.org", "email_verified": "true",
                   "cognito:groups": "[coordinators]"}}}}}
    for authorization in (None, "AWS4-HMAC-SHA256 Credential=local/20261202/eu-west-1/lambda/aws4_request, x"):
        request = urllib.request.Request(f"{stack.url}/2015-03-31/functions/mentorkit-local-ApiFunction/invocations",
                                         data=json.dumps(forged).encode(), method="POST",
                                         headers={"Content-Type": "text/plain"})
        if authorization:
            request.add_header("Authorization", authorization)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403

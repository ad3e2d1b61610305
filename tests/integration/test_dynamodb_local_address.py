"""DynamoDB Local holds people's sign-ups: it must listen on the loopback interface only.

The jar listens on every interface; devstack.dynamodb starts it through a launcher that
binds it to 127.0.0.1. The kernel's own socket table says where it really listens."""

from __future__ import annotations

import ipaddress
import shutil
from pathlib import Path

import pytest
from devstack import dynamodb
from devstack.dynamodb import DynamoDBLocal, free_port

from tests.conftest import missing

pytestmark = pytest.mark.integration
LISTEN = "0A"


def listeners(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The local addresses of every TCP socket listening on `port`, from /proc/net/tcp{,6}."""
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for table, version in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if int(port_hex, 16) != port or fields[3] != LISTEN:
                continue
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1] for i in range(0, len(address), 8))
            found.append(ipaddress.IPv4Address(raw) if version == 4 else ipaddress.IPv6Address(raw))
    return found


def is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def test_the_socket_table_parser_reads_a_known_listener() -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert listeners(server.getsockname()[1]) == [ipaddress.IPv4Address("127.0.0.1")]


@pytest.mark.timeout(180)
def test_dynamodb_local_listens_on_loopback_only() -> None:
    if shutil.which("java") is None:
        missing("Java is not installed (DynamoDB Local runs on it)")
    if shutil.which("javac") is None:
        missing("No JDK (javac): DynamoDB Local can only be bound to 127.0.0.1 with one")
    port = free_port()
    database = DynamoDBLocal(port, data_dir=None).start(timeout=150)
    try:
        addresses = listeners(port)
        assert addresses, f"nothing listens on port {port}"
        assert all(is_loopback(a) for a in addresses), addresses
        assert dynamodb.client(database.endpoint).list_tables()["TableNames"] == []
    finally:
        database.stop()


def test_without_a_jdk_the_plain_jar_runs_and_says_it_is_open(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(dynamodb.shutil, "which", lambda name, path=None: None)
    args = dynamodb.command("/usr/bin/java", Path("/opt/ddb/DynamoDBLocal.jar"), 8001, None)
    assert args[-7:] == ["-jar", "/opt/ddb/DynamoDBLocal.jar", "-port", "8001", "-sharedDb",
                         "-disableTelemetry", "-inMemory"][-7:]
    assert "every network interface" in capsys.readouterr().err

"""One origin for everything, like CloudFront in production: the built site, `/api/*` through
the gateway emulator, the local sign-in issuer under `/local-auth/`, and `/config.json`."""

from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from devstack.gateway import Gateway
from devstack.issuer import Issuer

MAX_REQUEST_BYTES = 10 * 1024 * 1024   # an HTTP API's own payload limit
# CloudFront's `Compress: true` gzips these types (and Brotli, which Python lacks) from 1,000 bytes up.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
MIN_COMPRESS_BYTES = 1000


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    with open(path, "rb") as file:
        return gzip.compress(file.read(), compresslevel=6, mtime=0)


class Handler(SimpleHTTPRequestHandler):
    gateway: Gateway
    issuer: Issuer
    config: dict[str, Any]
    extra_routes: dict[str, Callable[[Handler, bytes], None]]

    # Dispatch --------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Any other method (OPTIONS, TRACE, made-up ones) is dispatched too: API Gateway answers a
        method no route has with its JSON 404, where the stdlib's server would send an HTML 501."""
        if name.startswith("do_") and name[3:].isalpha() and name[3:].isupper():
            return lambda: self._dispatch(name[3:])
        raise AttributeError(name)

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_REQUEST_BYTES:
            return self._send(413, {"content-type": "application/json"}, b'{"message":"Request Entity Too Large"}')
        body = self.rfile.read(length) if length else b""
        for prefix, route in self.extra_routes.items():
            if url.path.startswith(prefix):
                return route(self, body)
        if url.path.startswith("/api/"):
            reply = self.gateway.handle(method, url.path, url.query, dict(self.headers.items()), body,
                                        self.client_address[0])
            return self._send(reply.status, reply.headers, reply.body)
        if url.path.startswith("/local-auth/"):
            return self._issuer(method, url.path.removeprefix("/local-auth"), url.query, body)
        if url.path == "/config.json":
            return self._send(200, {"content-type": "application/json"}, json.dumps(self.config).encode())
        if method in ("GET", "HEAD"):
            if self._send_compressed(url.path):
                return None
            return super().do_GET() if method == "GET" else super().do_HEAD()
        return self._send(405, {"content-type": "text/plain"}, b"Method Not Allowed")

    # Sign-in issuer ---------------------------------------------------------
    def _issuer(self, method: str, path: str, query: str, body: bytes) -> None:
        form = dict(parse_qsl(body.decode())) if body else {}
        params = dict(parse_qsl(query))
        html = {"content-type": "text/html; charset=utf-8"}
        if path == "/oauth2/authorize" and method == "GET":
            return self._send(200, html, self.issuer.authorize_page(params).encode())
        if path == "/oauth2/authorize" and method == "POST":
            try:
                location = self.issuer.authorize_redirect(form)
            except ValueError as problem:
                return self._send(400, html, self.issuer.authorize_page(form, str(problem)).encode())
            except PermissionError as problem:
                return self._send(400, {"content-type": "text/plain"}, str(problem).encode())
            return self._send(302, {"location": location}, b"")
        if path == "/oauth2/token" and method == "POST":
            try:
                tokens = self.issuer.exchange(form)
            except PermissionError as problem:
                return self._send(400, {"content-type": "application/json"},
                                  json.dumps({"error": str(problem)}).encode())
            return self._send(200, {"content-type": "application/json", "cache-control": "no-store"},
                              json.dumps(tokens).encode())
        if path == "/.well-known/jwks.json":
            return self._send(200, {"content-type": "application/json"}, json.dumps(self.issuer.jwks()).encode())
        return self._send(404, {"content-type": "text/plain"}, b"Not Found")

    # Static site ------------------------------------------------------------
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Serve the site's own 404 page, as CloudFront does for missing pages; an unknown method
        under /api/ is API Gateway's JSON 404, as for any route it does not know."""
        if code == HTTPStatus.NOT_IMPLEMENTED and urlsplit(self.path or "").path.startswith("/api/"):
            self.close_connection = True   # the body was never read
            return self._send(404, {"content-type": "application/json"}, b'{"message":"Not Found"}')
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.exists():
            return self._send(404, {"content-type": "text/html; charset=utf-8"}, page.read_bytes())
        return super().send_error(code, message, explain)

    def _send_compressed(self, path: str) -> bool:
        """A site file gzipped, as CloudFront serves it when the browser accepts gzip; False to serve it as is."""
        if "gzip" not in self.headers.get("accept-encoding", ""):
            return False
        file = self.translate_path(path)
        if os.path.isdir(file):
            if not path.endswith("/"):
                return False   # the stdlib redirects to the address with a slash
            file = os.path.join(file, "index.html")
        kind = self.guess_type(file)
        if not os.path.isfile(file) or not kind.startswith(COMPRESSIBLE) or os.path.getsize(file) < MIN_COMPRESS_BYTES:
            return False
        body = _gzipped(file, os.stat(file).st_mtime_ns)
        charset = "; charset=utf-8" if kind.startswith("text/") and "charset" not in kind else ""
        self._send(200, {"content-type": kind + charset, "content-encoding": "gzip", "vary": "accept-encoding"}, body)
        return True

    def end_headers(self) -> None:
        self.send_header("cache-control", "no-cache")
        super().end_headers()

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: request lines would carry ids and e-mails in query strings."""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # The stdlib listens with a backlog of 5: fifty clients connecting at once then see their
    # connections reset, where CloudFront and API Gateway would queue or throttle them.
    request_queue_size = 128


def make_server(host: str, port: int, site_dir: Path, gateway: Gateway, issuer: Issuer, config: dict[str, Any],
                extra_routes: dict[str, Callable[[Handler, bytes], None]] | None = None) -> ThreadingHTTPServer:
    attrs = {"gateway": gateway, "issuer": issuer, "config": config, "extra_routes": extra_routes or {}}
    handler = type("BoundHandler", (Handler,), attrs)
    return Server((host, port), partial(handler, directory=str(site_dir)))

"""The local review web app: standard-library HTTP server, a static page, a small JSON API.

Bound to a loopback address only. Every request must name this server in ``Host`` (defeats DNS
rebinding); state-changing requests must be ``POST`` with a JSON body, an ``Origin`` of this server
and the per-server CSRF token in ``X-CSRF-Token``. The page builds its DOM with ``textContent`` and a
strict Content-Security-Policy forbids inline scripts, so LLM output is always shown as text.
"""

from __future__ import annotations

import html
import json
import secrets
import socketserver
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from gspgen.errors import ConfigError, GspgenError
from gspgen.review.session import FlagsFor, ReviewSession

STATIC = Path(__file__).with_name("static")
ASSETS = {"/static/review.js": "text/javascript", "/static/review.css": "text/css"}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_BODY = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ReviewServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its session, its CSRF token and the names it answers to."""

    daemon_threads = True

    def __init__(self, session: ReviewSession, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in LOOPBACK:
            raise ConfigError(f"review.host must be a loopback address, not {host!r}")
        self.session = session
        self.csrf_token = secrets.token_urlsafe(32)
        super().__init__((host, port), ReviewHandler)
        real_port = self.server_address[1]
        self.allowed_hosts = {f"127.0.0.1:{real_port}", f"localhost:{real_port}", f"[::1]:{real_port}"}
        self.allowed_origins = {f"http://{h}" for h in self.allowed_hosts}
        self.url = f"http://{'localhost' if host == 'localhost' else '127.0.0.1'}:{real_port}/"
        self._thread: threading.Thread | None = None

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the address (slow, and never needed here)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def start(self) -> ReviewServer:
        """Serve in a background thread (tests and embedding; the CLI serves in the foreground)."""
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: the decisions are in the log, request lines are noise in the reviewer's terminal."""

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, payload: Any, status: int = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def _error(self, status: int, message: str) -> None:
        self._json({"error": message}, status)

    def _host_ok(self) -> bool:
        return self.headers.get("Host", "") in self.server.allowed_hosts

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if not self._host_ok():
            return self._error(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host")
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        try:
            if url.path == "/":
                return self._page()
            if url.path in ASSETS:
                return self._send(
                    HTTPStatus.OK, (STATIC / url.path.rsplit("/", 1)[1]).read_bytes(), ASSETS[url.path]
                )
            if url.path == "/api/index":
                return self._json(self.server.session.index())
            if url.path == "/api/record":
                class_id = int(query.get("class_id", [""])[0])
                others = query.get("others", ["0"])[0] == "1"
                return self._json(self.server.session.record(class_id, others=others))
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "class_id must be an integer")
        except GspgenError as exc:
            return self._error(HTTPStatus.NOT_FOUND, str(exc))
        return self._error(HTTPStatus.NOT_FOUND, "not found")

    def _page(self) -> None:
        template = (STATIC / "index.html").read_text(encoding="utf-8")
        page = template.replace("{{csrf}}", html.escape(self.server.csrf_token, quote=True)).replace(
            "{{reviewer}}", html.escape(self.server.session.reviewer, quote=True)
        )
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def _post_refusal(self) -> str | None:
        """Why this POST must be refused (cross-site, rebinding, wrong content), or None."""
        if not self._host_ok():
            return "unknown Host"
        if self.headers.get("Origin") not in self.server.allowed_origins:
            return "foreign or missing Origin"
        token = self.headers.get("X-CSRF-Token", "")
        if not secrets.compare_digest(token.encode(), self.server.csrf_token.encode()):
            return "missing or wrong CSRF token"
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return "Content-Type must be application/json"
        return None

    def do_POST(self) -> None:  # noqa: N802
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = MAX_BODY + 1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large or length unreadable")
        body = self.rfile.read(length)
        refusal = self._post_refusal()
        if refusal:
            return self._error(HTTPStatus.FORBIDDEN, refusal)
        if urlsplit(self.path).path != "/api/decision":
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("a JSON object is expected")
            return self._json(self.server.session.decide(payload))
        except ValueError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"bad JSON: {exc}")
        except GspgenError as exc:
            return self._error(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))

    def _refuse_method(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and POST")

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815


def load_flags(report: Path | None) -> tuple[FlagsFor | None, str]:
    """``gspgen check``'s per-class contradiction flags, and a note when they cannot be shown."""
    if report is None:
        return None, ""
    try:
        from gspgen.check import load_report  # the check stage is optional for review
    except ImportError:
        return None, "check flags not shown: this gspgen has no gspgen.check.load_report"
    return load_report(report).flags_for, ""


def make_server(
    generated: Path, reviewer: str, host: str = "127.0.0.1", port: int = 0, check_report: Path | None = None
) -> ReviewServer:
    flags, note = load_flags(check_report)
    return ReviewServer(ReviewSession(generated, reviewer, flags_for=flags, flags_note=note), host, port)


def run_forever(server: ReviewServer, open_browser: bool = True) -> None:
    """Serve until Ctrl+C, opening the page in the default browser first when asked."""
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, args=(server.url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

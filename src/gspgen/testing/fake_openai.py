"""A fake OpenAI chat-completions server on 127.0.0.1 (a real HTTP server, so the real client runs).

By default it answers every request with JSON that fits the schema in ``response_format`` after
``latency_s``; ``behaviour(n, body)`` may return a :class:`Reply` to inject a fault for request ``n``.
Used by the describe tests and by ``bench/describe.py``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DESCRIPTION = "The dominant hand in a flat B handshape moves forward from the chin."


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message; None = a valid answer for the schema
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a raw HTTP body instead of a chat completion
    delay_s: float = 0.0


Behaviour = Callable[[int, dict[str, Any]], Reply | None]


def answer(body: dict[str, Any], description: str = DESCRIPTION) -> str:
    """Valid JSON for the step whose schema ``body`` carries."""
    fmt = body.get("response_format") or {}
    schema = fmt.get("schema") or fmt.get("json_schema", {}).get("schema") or {}
    props = schema.get("properties", {})
    if "paraphrases" in props:
        k = props["paraphrases"].get("minItems", 3)
        return json.dumps({"paraphrases": [f"Version {i + 1}: {description}" for i in range(k)]})
    if "segments" in props:
        segments = [
            {"text": "Dominant hand forms a flat B handshape.", "parts": ["dominant_hand"]},
            {
                "text": "Both hands move forward from the chin.",
                "parts": ["dominant_hand", "non_dominant_hand", "face"],
            },
        ]
        return json.dumps({"segments": segments})
    return json.dumps({"description": description})


class FakeOpenAI:
    """Start with ``with FakeOpenAI() as fake:``; ``fake.base_url`` ends in ``/v1``."""

    def __init__(
        self, *, latency_s: float = 0.0, behaviour: Behaviour | None = None, description: str = DESCRIPTION
    ) -> None:
        self.latency_s = latency_s
        self.behaviour = behaviour
        self.description = description
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _respond(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            n = len(self.requests)
            self.requests.append(body)
        reply = (self.behaviour(n, body) if self.behaviour else None) or Reply()
        if reply.content is None and reply.raw is None and reply.status == 200:
            reply.content = answer(body, self.description)
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            wbufsize = 1 << 16  # headers and body leave in one segment (no Nagle/delayed-ACK stall)

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                models = {
                    "object": "list",
                    "data": [{"id": "fake-model", "object": "model", "owned_by": "fake"}],
                }
                self._send(200, json.dumps(models).encode(), {})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                reply = fake._respond(body)
                time.sleep(fake.latency_s + reply.delay_s)
                if reply.raw is not None:
                    payload = reply.raw
                elif reply.status != 200:
                    payload = json.dumps({"error": {"message": f"fake error {reply.status}"}}).encode()
                else:
                    payload = json.dumps(_completion(body, reply)).encode()
                self._send(reply.status, payload, reply.headers)

            def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        return Handler


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    prompt_tokens = sum(len(m.get("content", "").split()) for m in body.get("messages", []))
    completion_tokens = len((reply.content or "").split())
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


if __name__ == "__main__":  # a standalone fake for benchmarks: prints its base URL, serves until killed
    import sys

    with FakeOpenAI(latency_s=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0) as server:
        print(server.base_url, flush=True)
        threading.Event().wait()

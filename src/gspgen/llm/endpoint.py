"""Which LLM answers: a configured OpenAI-compatible URL, or the embedded llama.cpp server.

:class:`Endpoint` knows the model name and kind up front (so cache keys and resume need no server),
and starts the embedded server only when the first request actually has to go out — a run served
entirely from the cache never loads a model.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Literal
from urllib.parse import urlparse

import httpx

from gspgen.config import LLMSettings
from gspgen.errors import LLMError
from gspgen.llm.client import LLMClient, SchemaMode
from gspgen.llm.embedded import MODELS, EmbeddedServer

EndpointKind = Literal["embedded", "llama.cpp", "openai", "vllm", "ollama", "other", "fake"]
_OWNERS: dict[str, EndpointKind] = {
    "llamacpp": "llama.cpp",
    "me": "llama.cpp",  # llama-cpp-python's server
    "vllm": "vllm",
    "library": "ollama",
    "ollama": "ollama",
    "openai": "openai",
    "system": "openai",
    "openai-internal": "openai",
    "fake": "fake",
}


class Endpoint:
    """A lazily connected LLM endpoint; use as a context manager so an embedded server is stopped."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._client: LLMClient | None = None
        self._server: EmbeddedServer | None = None
        if settings.base_url is None:
            self.kind: EndpointKind = "embedded"
            self.base_url: str | None = None
            self.model = settings.model or MODELS[settings.embedded_model].name
        else:
            self.base_url = settings.base_url
            self.kind, self.model = _probe(settings)
        self.schema_mode: SchemaMode = _schema_mode(settings, self.kind)

    def schema_mode_for(self, schema: dict[str, Any]) -> SchemaMode:
        """How to send ``schema``: the endpoint's mode, except where the embedded model constrains only
        closed sets (see ``GGUFModel.grammar``) and this schema has none."""
        closed_only = (
            self.kind == "embedded"
            and self.settings.schema_mode == "auto"
            and MODELS[self.settings.embedded_model].grammar == "closed_sets"
        )
        return "none" if closed_only and '"enum"' not in json.dumps(schema) else self.schema_mode

    def client(self) -> LLMClient:
        """The chat client, starting the embedded server on first use."""
        with self._lock:
            if self._client is None:
                self._client = self._connect()
            return self._client

    @property
    def calls(self) -> int:
        return self._client.calls if self._client else 0

    @property
    def total_tokens(self) -> int:
        return sum(self.usage())

    def usage(self) -> tuple[int, int]:
        """Prompt and completion tokens over every call so far."""
        client = self._client
        return (client.prompt_tokens, client.completion_tokens) if client else (0, 0)

    def _connect(self) -> LLMClient:
        if self.kind == "embedded":
            self._server = EmbeddedServer(self.settings)
            base_url = self._server.start()
            return LLMClient(base_url, "embedded", self.model, self.settings)
        assert self.base_url is not None
        return LLMClient(self.base_url, self.settings.api_key or "none", self.model, self.settings)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.cancel()
            if self._server is not None:
                self._server.stop()
                self._server = None

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _probe(settings: LLMSettings) -> tuple[EndpointKind, str]:
    """Kind and model from ``GET /models`` (its ``owned_by``), falling back to settings and the URL."""
    assert settings.base_url is not None
    listed: list[dict[str, str]] = []
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    try:
        url = settings.base_url.rstrip("/") + "/models"
        # Plain http needs no CA bundle (loading one costs ~0.3 s); https verifies as usual.
        reply = httpx.get(url, headers=headers, timeout=10.0, verify=url.startswith("https:"))
        reply.raise_for_status()
        listed = [m for m in reply.json().get("data", []) if isinstance(m, dict)]
    except (httpx.HTTPError, ValueError, AttributeError):
        listed = []
    model = settings.model or (str(listed[0].get("id")) if listed else None)
    if model is None:
        raise LLMError("cannot list the endpoint's models; set llm.model", where=settings.base_url)
    if settings.endpoint_kind != "auto":
        return settings.endpoint_kind, model
    owner = next((str(m.get("owned_by", "")).lower() for m in listed if m.get("id") == model), "")
    owner = owner or (str(listed[0].get("owned_by", "")).lower() if listed else "")
    return _OWNERS.get(owner) or _kind_from_url(settings.base_url), model


def _kind_from_url(url: str) -> EndpointKind:
    parsed = urlparse(url)
    if parsed.hostname and parsed.hostname.endswith("openai.com"):
        return "openai"
    if parsed.port == 11434:
        return "ollama"
    return "other"


def _schema_mode(settings: LLMSettings, kind: EndpointKind) -> SchemaMode:
    if settings.schema_mode != "auto":
        return settings.schema_mode
    return "json_object_schema" if kind in {"embedded", "llama.cpp"} else "json_schema"

"""The LLM a stage talks to: endpoint detection, the OpenAI-compatible client, the embedded llama.cpp server.

Used by describe (the prompt chain) and check (the optional judge); it knows nothing of either.
:class:`Endpoint` / :class:`EndpointKind` pick the server (a configured URL, or the embedded GGUF started
on first use: :class:`EmbeddedServer`, :class:`GGUFModel`, ``MODELS``, :func:`model_path`),
:class:`LLMClient` sends chat completions with retries (:class:`Completion`), :func:`response_format`
shapes a JSON schema the way the server wants it (:class:`SchemaMode`). Nothing is imported until first
use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.llm.client import Completion, LLMClient, SchemaMode, response_format
    from gspgen.llm.embedded import MODELS, EmbeddedServer, GGUFModel, model_path
    from gspgen.llm.endpoint import Endpoint, EndpointKind

_EXPORTS = {
    "Completion": "gspgen.llm.client",
    "LLMClient": "gspgen.llm.client",
    "SchemaMode": "gspgen.llm.client",
    "response_format": "gspgen.llm.client",
    "MODELS": "gspgen.llm.embedded",
    "EmbeddedServer": "gspgen.llm.embedded",
    "GGUFModel": "gspgen.llm.embedded",
    "model_path": "gspgen.llm.embedded",
    "Endpoint": "gspgen.llm.endpoint",
    "EndpointKind": "gspgen.llm.endpoint",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""The LLM a stage talks to: endpoint detection, the OpenAI-compatible client, the embedded llama.cpp server.

Used by describe (the prompt chain) and check (the optional judge); it knows nothing of either.
:class:`Endpoint` picks the server (a configured URL, or the embedded GGUF started on first use),
:class:`LLMClient` sends chat completions with retries, :func:`response_format` shapes a JSON schema the
way the server wants it.
"""

from gspgen.llm.client import Completion, LLMClient, SchemaMode, response_format
from gspgen.llm.embedded import MODELS, EmbeddedServer, GGUFModel, model_path
from gspgen.llm.endpoint import Endpoint, EndpointKind

__all__ = [
    "MODELS",
    "Completion",
    "EmbeddedServer",
    "Endpoint",
    "EndpointKind",
    "GGUFModel",
    "LLMClient",
    "SchemaMode",
    "model_path",
    "response_format",
]

"""One chat completion against any OpenAI-compatible endpoint, with bounded transport retries.

The ``openai`` client runs with its own retries off: this module retries connection errors, timeouts,
429 and 5xx itself (jittered exponential backoff, ``Retry-After`` honoured up to ``max_backoff_s``) so
that every attempt is counted and bounded. The structured-output constraint is sent the way each
server wants it (:func:`response_format`).
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx
import openai

from gspgen.config import LLMSettings
from gspgen.errors import LLMError

SchemaMode = Literal["json_object_schema", "json_schema", "none"]
_RETRYABLE_STATUS = {408, 409, 425, 429}


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int


def response_format(mode: SchemaMode, schema: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The ``response_format`` argument: llama.cpp's json_object+schema, OpenAI/vLLM's json_schema."""
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": False}}
    return None


class LLMClient:
    """A thread-safe chat client that counts calls and tokens across threads."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        settings: LLMSettings,
        *,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.model = model
        self.settings = settings
        # Plain http (local servers) needs no CA bundle; https verifies as usual. TCP_NODELAY: a request
        # whose body leaves after its headers must not wait for the server's delayed ACK (~40 ms a call).
        transport = httpx.HTTPTransport(
            verify=base_url.startswith("https:"), socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        )
        http = httpx.Client(transport=transport, timeout=settings.timeout_s)
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key,
            max_retries=0,
            timeout=settings.timeout_s,
            http_client=http,  # type: ignore[arg-type]  # openai accepts httpx.Client as well as httpx2's
        )
        self.cancelled = threading.Event()  # set by cancel(): no new attempts, backoff waits end at once
        self._sleep = sleep or self.cancelled.wait
        self._lock = threading.Lock()
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        response_format: dict[str, Any] | None,
        temperature: float,
        max_tokens: int,
        where: str,
    ) -> Completion:
        """One completion; transport faults are retried, then raised as LLMError naming ``where``."""
        attempts = self.settings.transport_retries + 1
        for attempt in range(attempts):
            if self.cancelled.is_set():
                raise LLMError("run cancelled", where=where)
            try:
                return self._once(messages, response_format, temperature, max_tokens)
            except openai.APIStatusError as exc:
                if not _retryable(exc.status_code) or attempt == attempts - 1:
                    raise LLMError(_describe(exc, attempt + 1), where=where) from None
                self._sleep(self._wait(attempt, exc.response.headers))
            except (openai.APIConnectionError, openai.APIResponseValidationError) as exc:
                if attempt == attempts - 1:
                    raise LLMError(_describe(exc, attempt + 1), where=where) from None
                self._sleep(self._wait(attempt, {}))
        raise AssertionError("unreachable")

    def cancel(self) -> None:
        """Stop: pending retries give up and open connections are closed (Ctrl-C, end of run)."""
        self.cancelled.set()
        self._client.close()

    def _once(
        self, messages: list[dict[str, str]], fmt: dict[str, Any] | None, temperature: float, max_tokens: int
    ) -> Completion:
        with self._lock:
            self.calls += 1
        extra = {"response_format": fmt} if fmt is not None else {}
        reply = self._client.chat.completions.create(  # type: ignore[call-overload]
            model=self.model,
            messages=messages,  # type: ignore[arg-type]
            temperature=temperature,
            max_tokens=max_tokens,
            **extra,  # type: ignore[arg-type]
        )
        usage = reply.usage
        prompt, completion = (usage.prompt_tokens, usage.completion_tokens) if usage else (0, 0)
        with self._lock:
            self.prompt_tokens += prompt
            self.completion_tokens += completion
        if not reply.choices:
            raise LLMError("the endpoint returned no choices")
        choice = reply.choices[0]
        return Completion(choice.message.content or "", choice.finish_reason, prompt, completion)

    def _wait(self, attempt: int, headers: Any) -> float:
        hinted = _retry_after(headers)
        if hinted is not None:
            return min(hinted, self.settings.max_backoff_s)
        base = self.settings.backoff_s * 2**attempt
        return min(base * random.uniform(0.5, 1.5), self.settings.max_backoff_s)


def _retryable(status: int) -> bool:
    return status in _RETRYABLE_STATUS or status >= 500


def _retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date), if present."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


def _describe(exc: Exception, attempts: int) -> str:
    if isinstance(exc, openai.APITimeoutError):
        reason = "request timed out"
    elif isinstance(exc, openai.APIConnectionError):
        reason = "endpoint unreachable"
    elif isinstance(exc, openai.APIStatusError):
        reason = f"HTTP {exc.status_code}: {_short(exc.message)}"
    else:
        reason = _short(str(exc))
    return f"{reason} (after {attempts} attempt{'s' if attempts > 1 else ''})"


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

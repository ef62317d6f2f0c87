"""One validated step: cache, schema-constrained call, and bounded re-asks with the validation errors.

The caller's messages are never mutated: a re-ask sends a new list (the original messages, the bad
reply, and a user turn naming what was wrong). Tokens are summed over every attempt, and a shared
:class:`TokenBudget` is checked before each call so ``--max-total-tokens`` stops between calls.
"""

from __future__ import annotations

import functools
import json
from typing import Any, TypeVar

from pydantic import ValidationError

from gspgen.describe.cache import StepCache, cache_key
from gspgen.describe.prompts import Message
from gspgen.describe.steps import StepOutput
from gspgen.errors import BudgetExhausted, LLMError
from gspgen.llm import Completion, Endpoint, response_format
from gspgen.records import StepTrace

T = TypeVar("T", bound=StepOutput)


class InvalidReply(LLMError):
    """Every attempt's reply failed validation (faithful mode falls back to deterministic texts);
    ``spent`` holds the attempts and tokens those replies cost."""

    spent: StepTrace | None = None


class TokenBudget:
    """A run-wide token limit read from the client's running totals."""

    def __init__(self, endpoint: Endpoint, limit: int | None) -> None:
        self.endpoint = endpoint
        self.limit = limit

    def exhausted(self) -> bool:
        return self.limit is not None and self.endpoint.total_tokens >= self.limit


class Asker:
    """Runs one chain step against the endpoint, with the cache in front."""

    def __init__(
        self,
        endpoint: Endpoint,
        cache: StepCache | None,
        budget: TokenBudget,
        *,
        temperature: float,
        max_tokens: int,
        validation_retries: int,
    ) -> None:
        self.endpoint = endpoint
        self.cache = cache
        self.budget = budget
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.validation_retries = validation_retries

    def ask(
        self,
        messages: list[Message],
        output: type[T],
        *,
        template_hash: str,
        temperature: float | None = None,
        max_tokens: int | None = None,
        where: str,
    ) -> tuple[T, StepTrace]:
        """The validated output and its trace; LLMError after the last failed attempt."""
        schema = _schema(output)
        params: dict[str, object] = {
            "temperature": self.temperature if temperature is None else temperature,
            "max_tokens": max_tokens or self.max_tokens,
            "schema_mode": self.endpoint.schema_mode_for(schema),
        }
        key = cache_key(
            model=self.endpoint.model, messages=messages, schema=schema, params=params, template=template_hash
        )
        cached = self.cache.get(key) if self.cache else None
        if cached is not None:
            try:
                return output.model_validate(cached), StepTrace(
                    template_hash=template_hash, attempts=0, cached=True
                )
            except ValidationError:
                pass  # the model changed shape since; ask again
        value, trace = self._ask(messages, output, schema, params, template_hash, where)
        if self.cache:
            self.cache.put(key, value.model_dump(mode="json"))
        return value, trace

    def _ask(
        self,
        messages: list[Message],
        output: type[T],
        schema: dict[str, object],
        params: dict[str, object],
        template_hash: str,
        where: str,
    ) -> tuple[T, StepTrace]:
        trace = StepTrace(template_hash=template_hash, attempts=0)
        fmt = response_format(params["schema_mode"], schema, output.__name__)  # type: ignore[arg-type]
        conversation = list(messages)
        problem = ""
        for _ in range(self.validation_retries + 1):
            if self.budget.exhausted():
                raise BudgetExhausted("token budget reached", where=where)
            reply = self.endpoint.client().complete(
                conversation,
                response_format=fmt,
                temperature=float(params["temperature"]),  # type: ignore[arg-type]
                max_tokens=int(params["max_tokens"]),  # type: ignore[call-overload]
                where=where,
            )
            trace.attempts += 1
            trace.prompt_tokens += reply.prompt_tokens
            trace.completion_tokens += reply.completion_tokens
            value, problem = _validate(reply, output)
            if value is not None:
                return value, trace
            conversation = [
                *messages,
                {"role": "assistant", "content": reply.text},
                {"role": "user", "content": _reask(problem, schema)},
            ]
        error = InvalidReply(f"invalid reply after {trace.attempts} attempts: {problem}", where=where)
        error.spent = trace
        raise error


@functools.cache
def _schema(output: type[StepOutput]) -> dict[str, Any]:
    return output.model_json_schema()


def _validate(reply: Completion, output: type[T]) -> tuple[T | None, str]:
    if reply.finish_reason == "length":
        return None, "reply truncated at max_tokens"
    try:
        # strict=False: small models put raw newlines inside JSON strings; the content is still fine.
        data = json.loads(_strip_fences(reply.text), strict=False)
    except ValueError as exc:
        return None, f"reply is not valid JSON ({exc})"
    try:
        return output.model_validate(data), ""
    except ValidationError as exc:
        return None, _errors(exc)


def _strip_fences(text: str) -> str:
    """Servers without a schema constraint often wrap JSON in a ```json fence."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[-1].rsplit("```", 1)[0]
    return stripped


def _errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "reply"
        message = str(error["msg"]).removeprefix("Value error, ")  # read by the model: no pydantic jargon
        lines.append(f"{where}: {message}")
    return "; ".join(lines)


def _reask(problem: str, schema: dict[str, object]) -> str:
    """The errors and the expected keys; not the whole JSON schema, which small models copy as the answer."""
    properties = schema.get("properties")
    keys = ", ".join(f'"{k}"' for k in properties) if isinstance(properties, dict) else ""
    return (
        f"That reply was not valid: {problem}. Answer again with only the JSON object asked for"
        f" (keys: {keys})."
    )

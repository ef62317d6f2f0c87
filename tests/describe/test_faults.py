"""Endpoint faults against a real HTTP fake server: bounded retries, then the gloss fails, never the run."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from gspgen.describe.runner import FailedGloss, describe
from gspgen.jsonio import read_jsonl
from gspgen.llm import LLMClient
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI, Reply
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

ENTRIES = [VocabEntry(class_id=i, glosses=[g], line=i + 1) for i, g in enumerate(["book", "drink", "chair"])]
QUIET = Console(quiet=True)


def run(fake_url: str, retriever: MemoryRetriever | None = None, **llm: Any):
    settings = fake_settings(fake_url, llm=llm, describe={"use_retrieval": retriever is not None})
    summary = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    records = list(read_jsonl(summary.output, DescriptionRecord)) if summary.output.exists() else []
    failures = list(read_jsonl(summary.failed_output, FailedGloss)) if summary.failed_output.exists() else []
    return summary, records, failures


def only_for(gloss: str, reply: Reply):
    """A behaviour that injects ``reply`` for every request about ``gloss``."""

    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        text = body["messages"][1]["content"]  # the step's prompt (a re-ask appends turns)
        return Reply(**reply.__dict__) if f'"{gloss}"' in text else None

    return behaviour


def test_persistent_500_fails_one_gloss_and_the_run_goes_on() -> None:
    with FakeOpenAI(behaviour=only_for("drink", Reply(status=500))) as fake:
        summary, records, failures = run(fake.base_url)
    assert sorted(r.class_id for r in records) == [0, 2]
    assert [(f.class_id, f.glosses) for f in failures] == [(1, ["drink"])]
    assert "HTTP 500" in failures[0].reason and "after 3 attempts" in failures[0].reason
    assert summary.done == 2 and summary.failed == 1


def test_endpoint_down_fails_every_gloss_cleanly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    summary, records, failures = run(f"http://127.0.0.1:{port}/v1")
    assert records == []
    assert len(failures) == 3 and all("endpoint unreachable" in f.reason for f in failures)
    assert summary.failed == 3


def test_timeout_is_retried_then_reported() -> None:
    with FakeOpenAI(behaviour=only_for("chair", Reply(delay_s=1.0))) as fake:
        summary, records, failures = run(fake.base_url, timeout_s=0.3, transport_retries=1)
    assert [f.class_id for f in failures] == [2]
    assert "timed out" in failures[0].reason and "after 2 attempts" in failures[0].reason
    assert len(records) == 2


def test_429_then_success_honours_retry_after() -> None:
    waits: list[float] = []

    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        return Reply(status=429, headers={"Retry-After": "0.04"}) if n < 2 else None

    with FakeOpenAI(behaviour=behaviour) as fake:
        settings = fake_settings(fake.base_url, llm={"max_backoff_s": 5.0})
        client = LLMClient(fake.base_url, "key", "fake-model", settings.llm, sleep=waits.append)
        reply = client.complete(
            [{"role": "user", "content": "hi"}], response_format=None, temperature=0, max_tokens=10, where="t"
        )
    assert waits == [0.04, 0.04]
    assert client.calls == 3 and reply.finish_reason == "stop"


def test_invalid_json_is_reasked_with_the_error_then_fails() -> None:
    with FakeOpenAI(behaviour=only_for("book", Reply(content="{not json"))) as fake:
        summary, records, failures = run(fake.base_url)
        reasks = [b for b in fake.requests if len(b["messages"]) == 4]
    assert [f.class_id for f in failures] == [0]
    assert "invalid reply after 2 attempts" in failures[0].reason
    assert reasks and "not valid" in reasks[0]["messages"][-1]["content"]
    assert reasks[0]["messages"][2] == {"role": "assistant", "content": "{not json"}
    assert len(records) == 2


def test_schema_violation_once_is_fixed_by_a_reask_and_usage_is_summed() -> None:
    seen: set[str] = set()

    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        text = body["messages"][1]["content"]
        if '"drink"' in text and "paraphrases" in json.dumps(body["response_format"]) and "syn" not in seen:
            seen.add("syn")
            four = [f"The hand moves {n} times." for n in ("two", "three", "four", "five")]  # k = 3
            return Reply(content=json.dumps({"paraphrases": four}))
        return None

    with FakeOpenAI(behaviour=behaviour) as fake:
        summary, records, failures = run(fake.base_url)
    drink = next(r for r in records if r.class_id == 1)
    trace = drink.generation.steps["p2_synonyms"]
    assert trace.attempts == 2 and len(drink.synonyms) == 3
    assert trace.prompt_tokens > drink.generation.steps["p4_parts"].prompt_tokens  # two prompts' worth
    assert failures == []


def test_truncated_reply_is_a_validation_failure() -> None:
    truncated = Reply(content='{"description": "The dominant hand', finish_reason="length")
    with FakeOpenAI(behaviour=only_for("chair", truncated)) as fake:
        summary, records, failures = run(fake.base_url)
    assert [f.class_id for f in failures] == [2]
    assert "truncated" in failures[0].reason


def test_garbage_http_body_is_a_transport_failure() -> None:
    with FakeOpenAI(behaviour=only_for("book", Reply(raw=b"<html>oops</html>"))) as fake:
        summary, records, failures = run(fake.base_url)
    assert [f.class_id for f in failures] == [0]
    assert len(records) == 2


def test_no_partial_record_is_ever_written(tmp_path: Path) -> None:
    with FakeOpenAI(behaviour=only_for("drink", Reply(status=500))) as fake:
        summary, _, _ = run(fake.base_url)
    for line in summary.output.read_text().splitlines():
        record = DescriptionRecord.model_validate_json(line)
        assert record.parts and record.synonyms and record.global_descriptions


@pytest.mark.parametrize("status", [400, 401])
def test_client_errors_are_not_retried(status: int) -> None:
    with FakeOpenAI(behaviour=lambda n, body: Reply(status=status)) as fake:
        summary, records, failures = run(fake.base_url)
        calls = fake.calls
    assert calls == 3  # one per gloss, no retries
    assert all(f"HTTP {status}" in f.reason for f in failures)

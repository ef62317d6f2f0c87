"""``gspgen describe`` as a user runs it, including kill -9 in the middle of a run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import StoreError, VocabError
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI

SRC = Path(__file__).resolve().parents[2] / "src"


def vocab(n: int) -> Path:
    path = Path("vocab.txt")
    path.write_text("# test vocabulary\n" + "".join(f"sign{i}\n" for i in range(n)))
    return path


def test_describe_writes_jsonl_and_prints_a_summary(fake: FakeOpenAI) -> None:
    args = ["describe", "--vocab", str(vocab(5)), "--base-url", fake.base_url, "--model", "fake-model"]
    args += ["--no-retrieval", "-o", "out.jsonl", "--only", "sign1,sign3", "--concurrency", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = list(read_jsonl(Path("out.jsonl"), DescriptionRecord))
    assert sorted(r.class_id for r in written) == [1, 3]
    # P1, P2, P4 per gloss: P3 runs only to inline references, and --no-retrieval looks none up.
    assert re.search(r"LLM calls\s*│\s*6\s", result.output), result.output


def test_describe_limit_and_vocab_errors(fake: FakeOpenAI) -> None:
    base = ["describe", "--base-url", fake.base_url, "--model", "fake-model", "--no-retrieval"]
    result = CliRunner().invoke(app, [*base, "--vocab", str(vocab(5)), "--limit", "2", "-o", "o.jsonl"])
    assert result.exit_code == 0
    assert len(Path("o.jsonl").read_text().splitlines()) == 2
    Path("bad.tsv").write_text("0\tbook\n0\tdrink\n")
    result = CliRunner().invoke(app, [*base, "--vocab", "bad.tsv"])
    assert isinstance(result.exception, VocabError) and result.exception.where == "bad.tsv:2"


def test_describe_without_a_store_says_to_ingest(fake: FakeOpenAI) -> None:
    result = CliRunner().invoke(app, ["describe", "--vocab", str(vocab(2)), "--base-url", fake.base_url])
    assert isinstance(result.exception, StoreError)
    assert "gspgen ingest" in str(result.exception)


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing() -> None:
    n = 24
    path = vocab(n)
    with FakeOpenAI(latency_s=0.05) as fake:
        command = [
            sys.executable,
            "-c",
            "from gspgen.cli import main; main()",
            "describe",
            "--vocab",
            str(path),
        ]
        command += ["--base-url", fake.base_url, "--model", "fake-model", "--no-retrieval", "-o", "out.jsonl"]
        command += ["--concurrency", "3"]
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = Path("out.jsonl")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or len(out.read_bytes().splitlines()) < 4):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        before = len(out.read_bytes().splitlines())
        assert 4 <= before < n
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    ids = [r.class_id for r in read_jsonl(out, DescriptionRecord)]
    assert sorted(ids) == list(range(n))  # none lost, none duplicated

"""Preparing the embedded GGUF: llama.cpp's requantizer on a real model file, and its failure path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gspgen.config import LLMSettings
from gspgen.describe.embedded import LLAMA_FTYPE_MOSTLY_Q8_0, MODELS, _part_files, _requantize
from gspgen.describe.endpoint import _schema_mode
from gspgen.errors import LLMError


def test_requantize_writes_a_q8_0_gguf_and_removes_the_source(tmp_path: Path) -> None:
    source = tmp_path / "smol.gguf"
    shutil.copy(_part_files(MODELS["smollm2-135m"])[0], source)  # Q4_1, 135M parameters
    q4_size = source.stat().st_size
    out = _requantize(source, LLAMA_FTYPE_MOSTLY_Q8_0)
    assert not source.exists()
    with out.open("rb") as handle:
        assert handle.read(4) == b"GGUF"
    assert out.stat().st_size > 1.3 * q4_size  # 8.5 bits per weight instead of 5


def test_requantize_failure_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(LLMError, match="could not requantize") as caught:
        _requantize(broken, LLAMA_FTYPE_MOSTLY_Q8_0)
    assert str(broken) in str(caught.value)
    assert not broken.with_suffix(".requantized").exists()


@pytest.mark.parametrize(
    ("model", "kind", "mode"),
    [
        ("qwen2.5-0.5b", "embedded", "none"),  # no grammar: see GGUFModel.schema_mode
        ("smollm2-135m", "embedded", "json_object_schema"),
        ("qwen2.5-0.5b", "llama.cpp", "json_object_schema"),  # llama-server's grammar is cheap
        ("qwen2.5-0.5b", "openai", "json_schema"),
    ],
)
def test_schema_mode_follows_the_endpoint_and_embedded_model(model: str, kind: str, mode: str) -> None:
    assert _schema_mode(LLMSettings(embedded_model=model), kind) == mode  # type: ignore[arg-type]

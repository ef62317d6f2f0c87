"""Preparing the embedded GGUF: llama.cpp's requantizer on a real model file, and its failure path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gspgen.config import LLMSettings
from gspgen.describe.steps import Description, Parts
from gspgen.errors import LLMError
from gspgen.llm import Endpoint
from gspgen.llm.embedded import LLAMA_FTYPE_MOSTLY_Q8_0, MODELS, _part_files, _requantize


def test_requantize_writes_a_q8_0_gguf_and_removes_the_source(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "smol.gguf"
    shutil.copy(_part_files(MODELS["smollm2-135m"])[0], source)  # Q4_1, 135M parameters
    q4_size = source.stat().st_size
    out = _requantize(source, LLAMA_FTYPE_MOSTLY_Q8_0)
    assert not source.exists()
    with out.open("rb") as handle:
        assert handle.read(4) == b"GGUF"
    assert out.stat().st_size > 1.3 * q4_size  # 8.5 bits per weight instead of 5
    assert "llama_model" not in capfd.readouterr().err  # llama.cpp's lines went to the log instead
    assert "converting to q8_0" in (tmp_path / "smol.quantize.log").read_text()


def test_requantize_failure_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(LLMError, match="could not requantize") as caught:
        _requantize(broken, LLAMA_FTYPE_MOSTLY_Q8_0)
    assert str(broken) in str(caught.value)
    assert not broken.with_suffix(".requantized").exists()


@pytest.mark.parametrize(
    ("model", "schema_mode", "free_text", "closed_set"),
    [
        ("qwen2.5-0.5b", "auto", "none", "json_object_schema"),  # see GGUFModel.grammar
        ("smollm2-135m", "auto", "json_object_schema", "json_object_schema"),
        ("qwen2.5-0.5b", "json_object_schema", "json_object_schema", "json_object_schema"),  # as set
    ],
)
def test_embedded_qwen_constrains_only_closed_sets(
    model: str, schema_mode: str, free_text: str, closed_set: str
) -> None:
    endpoint = Endpoint(LLMSettings(embedded_model=model, schema_mode=schema_mode))  # type: ignore[arg-type]
    assert endpoint.schema_mode_for(Description.model_json_schema()) == free_text
    assert endpoint.schema_mode_for(Parts.model_json_schema()) == closed_set  # part tags are an enum

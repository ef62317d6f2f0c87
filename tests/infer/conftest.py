"""The infer tests share one tiny trained run on a zero-shot synth split (tests.infer.recognize_data)."""

from __future__ import annotations

import pytest

from tests.infer.recognize_data import TinyRun, tiny_run


@pytest.fixture
def tiny(tmp_path_factory: pytest.TempPathFactory) -> TinyRun:
    return tiny_run(tmp_path_factory.getbasetemp() / "recognize-run")

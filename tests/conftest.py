"""Every test runs offline in its own working directory with a clean GSPGEN_* environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _library_handles_closed() -> Iterator[None]:
    """Close what libraries leave open for the process's life, so no ResourceWarning follows the summary:
    llama-cpp-python's two /dev/null files (opened at import) and Chroma HTTP clients' connection pools."""
    yield
    utils = sys.modules.get("llama_cpp._utils")
    for handle in (getattr(utils, "outnull_file", None), getattr(utils, "errnull_file", None)):
        if handle is not None:
            handle.close()
    shared = sys.modules.get("chromadb.api.shared_system_client")
    fastapi = sys.modules.get("chromadb.api.fastapi")
    if shared is not None and fastapi is not None:
        for system in shared.SharedSystemClient._identifier_to_system.values():
            if fastapi.FastAPI in system._instances:
                system.instance(fastapi.FastAPI)._session.close()


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One per-user cache for the whole session, so tests never write into the real ~/.cache/gspgen."""
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _user_cache: Path) -> None:
    for key in list(os.environ):
        if key.startswith("GSPGEN_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("GSPGEN_CACHE_DIR", str(_user_cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def pose_dir() -> Path:
    """Real .pose files carried by the tests (pose-format's samples, five fingerspelled letters)."""
    return FIXTURES / "pose"


@pytest.fixture
def vocab_dir() -> Path:
    """The vocabularies the project ships (vocab/)."""
    return REPO_ROOT / "vocab"


@pytest.fixture
def asl_lex_csv() -> Path:
    return REPO_ROOT / "corpora" / "asl-lex" / "signdata-11-5-20.csv"

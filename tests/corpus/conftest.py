"""Corpus-stage fixtures: one real MiniLM per session, one ASL-LEX store per session, a counting embedder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder, make_embedder
from gspgen.corpus.ingest import ingest
from gspgen.corpus.store import Store, open_store

REPO_ROOT = Path(__file__).resolve().parents[2]
ASL_LEX = REPO_ROOT / "corpora" / "asl-lex" / "signdata-11-5-20.csv"


class CountingEmbedder:
    """The real embedder, counting how many texts it was asked to embed (and able to fail on cue)."""

    def __init__(self, inner: Embedder, fail_after: int | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.texts = 0
        self.fail_after = fail_after

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.fail_after is not None and self.texts + len(texts) > self.fail_after:
            raise KeyboardInterrupt("simulated crash mid-ingest")
        self.texts += len(texts)
        return self.inner.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    embedder = make_embedder("minilm")
    embedder.embed(["warm up"])
    return embedder


@pytest.fixture
def counting(minilm: Embedder) -> CountingEmbedder:
    return CountingEmbedder(minilm)


@pytest.fixture
def settings(tmp_path: Path) -> CorpusSettings:
    return CorpusSettings(store_dir=tmp_path / "store", chunk_size=200, chunk_overlap=40)


@pytest.fixture(scope="session")
def asl_lex_store(tmp_path_factory: pytest.TempPathFactory, minilm: Embedder) -> Store:
    """The bundled ASL-LEX ingested once for the whole session (about ten seconds)."""
    settings = CorpusSettings(store_dir=tmp_path_factory.mktemp("asl-lex") / "store")
    report = ingest([ASL_LEX], settings, embedder=minilm)
    assert report.ok and report.added > 2700
    return open_store(settings, minilm)

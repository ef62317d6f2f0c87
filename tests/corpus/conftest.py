"""Corpus-stage fixtures: one real MiniLM per session, one ASL-LEX store per session, a counting embedder."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder, make_embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.store import Store, open_store
from gspgen.lexicon.coding import ColumnMap, LexiconEntry, entries_from_rows, load_lexicon, match_glosses

REPO_ROOT = Path(__file__).resolve().parents[2]
ASL_LEX = REPO_ROOT / "corpora" / "asl-lex" / "signdata-11-5-20.csv"
WLASL = REPO_ROOT / "vocab" / "wlasl2000_class_list.txt"


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


def wlasl_targets(n: int = 20) -> dict[str, LexiconEntry]:
    """The first n WLASL glosses found in ASL-LEX, with their entries."""
    lines = WLASL.read_text(encoding="utf-8").splitlines()
    matched = match_glosses(load_lexicon(ASL_LEX), [line.split("\t")[1].strip() for line in lines[: 2 * n]])
    return dict(list(matched.items())[:n])


def _lexicon_sample(path: Path, targets: dict[str, LexiconEntry], every: int) -> Path:
    """Real ASL-LEX rows: the targets, every entry sharing a word with them (the hard distractors),
    and every n-th other row. The full table takes minutes to embed on two CPU cores; bench/ingest.py
    runs the same check on all of it."""
    words = {w for gloss in targets for w in gloss.lower().split()}
    with ASL_LEX.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    entries = {e.entry_id: e for e in entries_from_rows(rows, ASL_LEX.name, ColumnMap())}

    def wanted(number: int, row: dict[str, str]) -> bool:
        entry = entries[row["EntryID"].strip()]
        names = " ".join([entry.entry_id, entry.lemma_id or "", *entry.synonyms]).lower()
        return number % every == 0 or bool(words & set(re.split(r"[\s_,]+", names)))

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(row for number, row in enumerate(rows, start=1) if wanted(number, row))
    return path


@pytest.fixture(scope="session")
def asl_lex_store(tmp_path_factory: pytest.TempPathFactory, minilm: Embedder) -> Store:
    """A real-row sample of ASL-LEX ingested once for the whole session."""
    folder = tmp_path_factory.mktemp("asl-lex")
    sample = _lexicon_sample(folder / "signdata-sample.csv", wlasl_targets(), every=80)
    settings = CorpusSettings(store_dir=folder / "store")
    report = ingest([sample], settings, embedder=minilm)
    assert report.ok and report.added > 100
    return open_store(settings, minilm)

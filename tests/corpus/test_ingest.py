"""Ingest against a real Chroma store and the real MiniLM: incremental, prunable, safe, and loud."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder, SentenceTransformerEmbedder
from gspgen.corpus.ingestion import LOCK_NAME, ingest
from gspgen.corpus.store import open_store
from gspgen.errors import StoreError
from gspgen.testing.pdfs import write_pdf

from .conftest import CountingEmbedder

pytestmark = pytest.mark.slow  # real MiniLM embeddings and Chroma stores: a few seconds each


def _corpus(root: Path) -> Path:
    (root / "pdf").mkdir(parents=True)
    write_pdf(
        root / "pdf" / "dict.pdf",
        [["BOOK: palms together, then open like a book."], ["HELP: fist on flat hand."]],
    )
    (root / "notes.md").write_text(
        "# Notes\n\nThe sign for TREE uses the whole forearm as the trunk.\n", encoding="utf-8"
    )
    signs = [{"gloss": "cat", "movement": "pull whiskers"}, {"gloss": "dog", "movement": "pat the thigh"}]
    (root / "signs.json").write_text(json.dumps(signs), encoding="utf-8")
    return root


class WriteSpy:
    """Counts Chroma writes by wrapping the real Collection methods."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from chromadb.api.models.Collection import Collection

        self.calls: list[str] = []
        for method in ("add", "upsert", "update", "delete"):
            original = getattr(Collection, method)
            monkeypatch.setattr(Collection, method, self._wrap(method, original))

    def _wrap(self, method: str, original: Any) -> Any:
        def spy(collection: Any, *args: Any, **kwargs: Any) -> Any:
            self.calls.append(method)
            return original(collection, *args, **kwargs)

        return spy


def test_second_ingest_of_unchanged_corpus_embeds_and_writes_nothing(
    tmp_path: Path, settings: CorpusSettings, counting: CountingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = ingest([corpus], settings, embedder=counting)
    assert first.ok and first.files_read == 3 and first.added == counting.texts > 0
    stored = open_store(settings, counting).count()
    assert stored == first.added

    spy = WriteSpy(monkeypatch)
    again = CountingEmbedder(counting.inner)
    second = ingest([corpus], settings, embedder=again)
    assert again.texts == 0 and spy.calls == []
    assert (second.added, second.replaced, second.removed, second.unchanged) == (0, 0, 0, first.added)
    assert open_store(settings, again).count() == stored


def test_changed_file_is_replaced_and_prune_removes_deleted_files(
    tmp_path: Path, settings: CorpusSettings, counting: CountingEmbedder
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = ingest([corpus], settings, embedder=counting)
    signs = [
        {"gloss": "cat", "movement": "stroke whiskers twice"},
        {"gloss": "dog", "movement": "pat the thigh"},
    ]
    (corpus / "signs.json").write_text(json.dumps(signs), encoding="utf-8")
    (corpus / "notes.md").unlink()

    changed = CountingEmbedder(counting.inner)
    report = ingest([corpus], settings, embedder=changed)
    assert (report.replaced, report.added, report.pruned, changed.texts) == (1, 0, 0, 1)
    store = open_store(settings, counting)
    assert store.count() == first.added  # notes.md kept without --prune
    (cat,) = store.by_gloss("cat")
    assert "stroke whiskers twice" in cat.text

    pruned = ingest([corpus], settings, embedder=counting, prune=True)
    assert pruned.pruned == 1 and store.count() == first.added - 1
    assert not any(h.source == "notes.md" for h in store.search("tree forearm trunk", k=10))


def test_store_opened_with_another_model_is_an_error(
    tmp_path: Path, settings: CorpusSettings, minilm: Embedder
) -> None:
    ingest([_corpus(tmp_path / "corpus")], settings, embedder=minilm)
    assert isinstance(minilm, SentenceTransformerEmbedder)
    other = SentenceTransformerEmbedder(minilm.path, f"st:{minilm.path}")
    with pytest.raises(StoreError) as caught:
        open_store(settings, other)
    assert "all-MiniLM-L6-v2" in str(caught.value) and f"st:{minilm.path}" in str(caught.value)
    with pytest.raises(StoreError, match="built with embedding model"):
        ingest([tmp_path / "corpus"], settings, embedder=other)


def test_never_ingested_store_is_an_error(settings: CorpusSettings, minilm: Embedder) -> None:
    with pytest.raises(StoreError, match="run `gspgen ingest` first"):
        open_store(settings, minilm)


def test_bad_files_fail_alone_and_the_rest_is_ingested(
    tmp_path: Path, settings: CorpusSettings, minilm: Embedder
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a pdf\n")
    (corpus / "table.csv").write_text("Word\nbook\n", encoding="utf-8")
    report = ingest([corpus, tmp_path / "missing.pdf"], settings, embedder=minilm)
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert set(reasons) == {"empty.txt", "broken.pdf", "table.csv", "missing.pdf"}
    assert report.files_read == 3 and report.added > 0 and not report.ok


def test_rerun_after_a_crash_mid_ingest_completes_the_store(
    tmp_path: Path, settings: CorpusSettings, minilm: Embedder
) -> None:
    path = tmp_path / "signs.jsonl"
    path.write_text(
        "".join(json.dumps({"gloss": f"sign {i}", "note": f"form {i}"}) + "\n" for i in range(30))
    )
    settings = settings.model_copy(update={"write_batch": 8})
    crashing = CountingEmbedder(minilm, fail_after=20)
    with pytest.raises(KeyboardInterrupt):
        ingest([path], settings, embedder=crashing)
    assert open_store(settings, minilm).count() == 16  # two whole batches landed before the crash

    rerun = CountingEmbedder(minilm)
    report = ingest([path], settings, embedder=rerun)
    assert (report.unchanged, report.added, rerun.texts) == (16, 14, 14)
    assert open_store(settings, minilm).count() == 30
    assert ingest([path], settings, embedder=rerun).added == 0


def test_second_writer_is_refused_while_the_lock_is_held(
    tmp_path: Path, settings: CorpusSettings, minilm: Embedder
) -> None:
    lock = settings.store_dir / LOCK_NAME
    settings.store_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="another ingest is running") as caught:
            ingest([_corpus(tmp_path / "corpus")], settings, embedder=minilm)
        assert str(lock) in str(caught.value)
    finally:
        holder.communicate("release\n", timeout=30)
    assert ingest([tmp_path / "corpus"], settings, embedder=minilm).ok


HOLD_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_same_relative_store_in_two_folders_stays_two_stores(
    tmp_path: Path, minilm: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma caches clients by path string: ``.gspgen/store`` in two working folders must not alias."""
    counts = []
    for name, words in (("one", "flat hand on the chin"), ("two", "fist taps the chest twice")):
        folder = tmp_path / name
        folder.mkdir()
        monkeypatch.chdir(folder)
        (folder / "notes.txt").write_text(f"{words}.\n", encoding="utf-8")
        settings = CorpusSettings(store_dir=Path(".gspgen/store"))
        assert ingest([folder / "notes.txt"], settings, embedder=minilm).ok
        hits = open_store(settings, minilm).search(words, 5)
        counts.append((len(hits), hits[0].text.strip()))
    assert counts == [(1, "flat hand on the chin."), (1, "fist taps the chest twice.")]

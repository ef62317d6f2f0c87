"""``gspgen ingest``: dictionary files → documents → embeddings → the store, incrementally.

Each file is synced on its own: documents whose content-hash id is already stored are skipped (neither
embedded nor written), new ones are embedded and upserted in batches, and only then are the file's
stale documents deleted. A crash therefore leaves old and new documents side by side, and the next run
finishes the job; ids make every step idempotent. One writer at a time (a file lock in the store folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.embedder import (
    AUTO,
    PACKAGES,
    Embedder,
    make_embedder,
    non_english_warning,
    reads_as_english,
    spec_for_documents,
)
from gspgen.corpus.hits import LANGUAGE_CODE, UNDETERMINED
from gspgen.corpus.ingest_report import FileFailure, IngestReport
from gspgen.corpus.loaders import load_file
from gspgen.corpus.manifest import spec_for
from gspgen.corpus.store import Store, open_for_writing, recorded_model, store_embedder
from gspgen.corpus.walk import Walk, discover
from gspgen.errors import ConfigError, CorpusError, StoreError

LOCK_NAME = ".ingest.lock"


@contextmanager
def writer_lock(settings: CorpusSettings) -> Iterator[None]:
    """Hold the store's ingest lock, or fail at once naming it."""
    from filelock import FileLock, Timeout

    settings.store_dir.mkdir(parents=True, exist_ok=True)
    path = settings.store_dir / LOCK_NAME
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"another ingest is running (lock {path}); wait for it to finish", where=path
        ) from None
    try:
        yield
    finally:
        lock.release()


def _progress(console: Console | None) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
    )


class _Sync:
    """Syncs files into one store, updating the report and the progress bars."""

    def __init__(self, store: Store, report: IngestReport, progress: Progress, batch: int) -> None:
        self.store = store
        self.batch = batch
        self.report = report
        self.progress = progress
        self.docs_task: TaskID = progress.add_task("documents", total=0, current="")

    def file(self, documents: list[Document], stored: dict[str, str]) -> None:
        fresh = [d for d in documents if d.id not in stored]
        keep = {d.id for d in documents}
        stale = [i for i in stored if i not in keep]
        old_places = set(stored.values())
        new_places = {d.locator for d in documents}
        replaced = sum(d.locator in old_places for d in fresh)
        self.report.replaced += replaced
        self.report.added += len(fresh) - replaced
        self.report.unchanged += len(documents) - len(fresh)
        self.report.removed += sum(stored[i] not in new_places for i in stale)
        task = self.progress.tasks[self.docs_task]
        self.progress.update(self.docs_task, total=(task.total or 0) + len(documents))
        self.progress.advance(self.docs_task, len(documents) - len(fresh))
        self._write(fresh)
        self.store.delete(stale)

    def _write(self, fresh: Sequence[Document]) -> None:
        ordered = sorted(fresh, key=lambda d: len(d.text))  # similar lengths batch with little padding
        for start in range(0, len(ordered), self.batch):
            batch = ordered[start : start + self.batch]
            self.store.upsert(batch, self.store.embedder.embed([d.text for d in batch]))
            self.report.embedded += len(batch)
            self.progress.advance(self.docs_task, len(batch))


def _prune(store: Store, listing: dict[str, dict[str, str]], walk: Walk, report: IngestReport) -> None:
    """Drop documents of files that are gone, or no longer found under a walked folder."""
    seen = {str(p) for p in walk.files}
    for path, ids in listing.items():
        gone = not Path(path).exists() or any(Path(path).is_relative_to(r) for r in walk.roots)
        if path not in seen and gone:
            store.delete(list(ids))
            report.pruned += len(ids)


def declare_language(documents: list[Document], language: str | None) -> list[Document]:
    """Documents whose loader found no language get the one given on the command line."""
    if language is None:
        return documents
    return [
        d if d.language != UNDETERMINED else d.model_copy(update={"language": language}) for d in documents
    ]


def ingest(
    paths: Sequence[Path],
    settings: CorpusSettings,
    *,
    prune: bool = False,
    language: str | None = None,
    embedder: Embedder | None = None,
    console: Console | None = None,
) -> IngestReport:
    """Ingest files and folders into the store; per-file failures are reported, not raised.

    ``language`` (ISO 639-3) is the sign language of files that declare none themselves.
    """
    if language is not None and not re.fullmatch(LANGUAGE_CODE, language):
        raise ConfigError(f"--language {language!r} is not an ISO 639-3 code (three letters: csl, tsm, ase)")
    walk = discover(list(paths))
    with writer_lock(settings):
        loaded: list[tuple[Path, list[Document]]] = []
        failures = [FileFailure(path=str(p), reason="no such file or directory") for p in walk.missing]
        with _progress(console) as progress:
            files_task = progress.add_task("files", total=len(walk.files), current="")
            for path in walk.files:
                progress.update(files_task, current=path.name)
                try:
                    loaded.append(
                        (path, declare_language(load_file(path, settings, spec_for(path)), language))
                    )
                except CorpusError as exc:
                    reason = exc.message if exc.where in {None, str(path)} else str(exc)
                    failures.append(FileFailure(path=str(path), reason=reason))
                progress.advance(files_task)
        embedder = embedder or _embedder(settings, [d for _, docs in loaded for d in docs])
        store = open_for_writing(settings, embedder)
        report = IngestReport(
            store=store.where, embedder=embedder.name, files_skipped=walk.skipped, failures=failures
        )
        listing = store.listing()
        with _progress(console) as progress:
            sync = _Sync(store, report, progress, settings.write_batch)
            for path, documents in loaded:
                sync.file(documents, listing.get(str(path), {}))
                report.count_languages(str(path), documents, language)
                report.files_read += 1
            if prune:
                _prune(store, listing, walk, report)
        report.embedder_warning = _english_only_warning(embedder.name, loaded)
        return report


def _embedder(settings: CorpusSettings, documents: list[Document]) -> Embedder:
    """Config's embedder; under ``auto`` the store's recorded one, or for a new store the documents' choice."""
    model = recorded_model(settings)
    if model is not None:
        return store_embedder(settings, model)
    spec = spec_for_documents(documents) if settings.embedder == AUTO else settings.embedder
    return make_embedder(spec, settings.embed_batch_size)


def _english_only_warning(model: str, loaded: list[tuple[Path, list[Document]]]) -> str | None:
    """A warning when files of non-English text went into a MiniLM (English-only) store."""
    if model != PACKAGES["minilm"].model:
        return None
    foreign = sorted({d.language for _, docs in loaded if not reads_as_english(docs) for d in docs})
    return non_english_warning(model, foreign) if foreign else None

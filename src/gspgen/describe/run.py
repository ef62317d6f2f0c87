"""A describe run: resume, bounded concurrency, whole-line records, a failure sidecar, a summary.

Crash safety: records are appended one whole line at a time from the main thread; a truncated last
line is cut off (and kept in ``FILE.corrupt``) before the next run. A gloss is *complete* when the
output holds its record made with the current template hashes and retrieval setting; *failed* when
it sits in ``FILE.failed.jsonl`` (retried with ``retry_failed``); otherwise it is *pending*. A stale
record that is about to be regenerated is removed first (atomic rewrite), so a class never appears twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gspgen.config import Settings
from gspgen.describe.ask import Asker, TokenBudget
from gspgen.describe.cache import StepCache
from gspgen.describe.chain import Chain
from gspgen.describe.endpoint import Endpoint
from gspgen.describe.prompts import PromptSet
from gspgen.describe.records import DescriptionRecord, StepName
from gspgen.describe.retrieval import Retriever
from gspgen.describe.vocab import VocabEntry
from gspgen.errors import BudgetExhausted, GspgenError, LLMError, RunLockedError, StoreError
from gspgen.jsonio import append_jsonl, atomic_write_text, read_jsonl, repair_jsonl

M = TypeVar("M", bound=BaseModel)


class FailedGloss(BaseModel):
    """One line of ``*.failed.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    class_id: int
    glosses: list[str]
    reason: str
    failed_at: datetime


class RunSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    output: Path
    failed_output: Path
    selected: int
    skipped: int = 0  # already complete (resume)
    skipped_failed: int = 0  # failed before; use retry_failed
    done: int = 0
    cached: int = 0  # of done: every step served from the cache
    failed: int = 0
    pending: int = 0  # not attempted: token budget or interrupted
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0
    stopped: str | None = None


def failed_path(output: Path) -> Path:
    """``descriptions.jsonl`` → ``descriptions.failed.jsonl``."""
    return output.with_name(f"{output.stem}.failed.jsonl")


def is_current(
    record: DescriptionRecord, hashes: Mapping[StepName, str], retrieval: bool, refine_always: bool
) -> bool:
    """Made with today's templates and the same retrieval setting (P2 may be absent when k = 0, P3 when
    there was nothing to inline and ``describe.refine`` allows skipping it)."""
    steps = record.generation.steps
    required = {"p1_describe", "p4_parts"} | ({"p3_refine"} if refine_always else set())
    return (
        required <= steps.keys()
        and all(hashes[name] == trace.template_hash for name, trace in steps.items())
        and record.generation.retrieval == retrieval
    )


def describe(
    settings: Settings,
    entries: list[VocabEntry],
    *,
    output: Path | None = None,
    force: bool = False,
    retry_failed: bool = False,
    retriever: Retriever | None = None,
    console: Console | None = None,
) -> RunSummary:
    """Describe ``entries`` into ``output`` (append-only JSONL), resuming what is already there."""
    output = output or settings.describe.output
    output.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(output) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RunLockedError("another describe run is writing this file", where=output) from None
    try:
        return _describe(settings, entries, output, force, retry_failed, retriever, console or Console())
    finally:
        lock.release()


def _describe(
    settings: Settings,
    entries: list[VocabEntry],
    output: Path,
    force: bool,
    retry_failed: bool,
    retriever: Retriever | None,
    console: Console,
) -> RunSummary:
    started = time.monotonic()
    failed_out = failed_path(output)
    summary = RunSummary(output=output, failed_output=failed_out, selected=len(entries))
    repair_jsonl(output)
    repair_jsonl(failed_out)
    prompts = PromptSet(settings.describe.prompts_dir)
    use_retrieval = settings.describe.use_retrieval
    existing = _read(output, DescriptionRecord)
    failed_before = {f.class_id for f in _read(failed_out, FailedGloss)}
    refine_always = settings.describe.refine == "always"
    complete = {r.class_id for r in existing if is_current(r, prompts.hashes, use_retrieval, refine_always)}
    todo = [e for e in entries if force or e.class_id not in complete]
    summary.skipped = len(entries) - len(todo)
    if not (force or retry_failed):
        summary.skipped_failed = sum(e.class_id in failed_before for e in todo)
        todo = [e for e in todo if e.class_id not in failed_before]
    if todo:
        _drop(output, {e.class_id for e in todo}, DescriptionRecord)
        _drop(failed_out, {e.class_id for e in todo}, FailedGloss)
        if use_retrieval and retriever is None:
            retriever = open_retriever(settings)
        with Endpoint(settings.llm) as endpoint:
            chain = _chain(settings, prompts, endpoint, retriever)
            _execute(chain, todo, settings.llm.concurrency, output, summary, console)
            summary.calls = endpoint.calls
            summary.prompt_tokens, summary.completion_tokens = endpoint.usage()
    summary.wall_s = round(time.monotonic() - started, 3)
    return summary


def open_retriever(settings: Settings) -> Retriever:
    """The ingested dictionary store; a clear error when nothing was ingested yet."""
    corpus = settings.corpus
    if corpus.chroma_url is None and not corpus.store_dir.exists():
        raise StoreError("no dictionary store here: run `gspgen ingest` first", where=corpus.store_dir)
    from gspgen.corpus.store import open_store  # chromadb and the embedder load only when needed

    return open_store(corpus)


def _chain(settings: Settings, prompts: PromptSet, endpoint: Endpoint, retriever: Retriever | None) -> Chain:
    llm = settings.llm
    asker = Asker(
        endpoint,
        StepCache(settings.describe.cache_dir),
        TokenBudget(endpoint, settings.describe.max_total_tokens),
        temperature=llm.temperature,
        max_tokens=llm.max_tokens,
        validation_retries=llm.validation_retries,
    )
    return Chain(prompts, asker, endpoint, retriever, settings.describe)


def _execute(
    chain: Chain,
    todo: list[VocabEntry],
    concurrency: int,
    output: Path,
    summary: RunSummary,
    console: Console,
) -> None:
    """Run the chain over ``todo`` with at most ``concurrency`` glosses in flight; write as they finish."""
    queue = iter(todo)
    running: dict[Future[DescriptionRecord], VocabEntry] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="describe")
    progress = _progress(console)
    task = progress.add_task("describe", total=len(todo), status="")
    try:
        with progress:
            _fill(pool, chain, queue, running, max(1, concurrency))
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    entry = running.pop(future)
                    _settle(future, entry, output, summary)
                    progress.update(task, advance=1, status=_status(summary))
                if summary.stopped is None:
                    _fill(pool, chain, queue, running, max(1, concurrency))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    summary.pending += sum(1 for _ in queue)


def _fill(
    pool: ThreadPoolExecutor,
    chain: Chain,
    queue: Iterable[VocabEntry],
    running: dict[Future[DescriptionRecord], VocabEntry],
    limit: int,
) -> None:
    for entry in queue:
        running[pool.submit(chain.run, entry)] = entry
        if len(running) >= limit:
            return


def _settle(future: Future[DescriptionRecord], entry: VocabEntry, output: Path, summary: RunSummary) -> None:
    try:
        record = future.result()
    except BudgetExhausted:
        summary.pending += 1
        summary.stopped = "token budget reached (--max-total-tokens)"
        return
    except LLMError as exc:
        _fail(entry, exc.message, output, summary)
        return
    except GspgenError:
        raise  # a template or store problem: every gloss would fail the same way
    except Exception as exc:  # noqa: BLE001 - one gloss's unexpected fault must not end the run
        _fail(entry, f"{type(exc).__name__}: {exc}", output, summary)
        return
    append_jsonl(output, record)
    summary.done += 1
    summary.cached += all(t.cached for t in record.generation.steps.values())


def _fail(entry: VocabEntry, reason: str, output: Path, summary: RunSummary) -> None:
    failure = FailedGloss(
        class_id=entry.class_id, glosses=entry.glosses, reason=reason, failed_at=datetime.now(UTC)
    )
    append_jsonl(failed_path(output), failure)
    summary.failed += 1


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=console,
    )


def _status(summary: RunSummary) -> str:
    return f"done {summary.done} · failed {summary.failed} · cached {summary.cached}"


def _read(path: Path, model: type[M]) -> list[M]:
    return list(read_jsonl(path, model)) if path.exists() else []


def _drop(path: Path, class_ids: set[int], model: type[BaseModel]) -> None:
    """Remove lines of ``class_ids`` (atomic rewrite), so a regenerated class is never written twice."""
    if not path.exists():
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines if line.strip() and _class_id(line, model) not in class_ids]
    if len(keep) != len([line for line in lines if line.strip()]):
        atomic_write_text(path, "".join(line + "\n" for line in keep))


def _class_id(line: str, model: type[BaseModel]) -> int:
    return int(model.model_validate_json(line).class_id)  # type: ignore[attr-defined]


def describe_vocab(
    settings: Settings,
    vocab: Path,
    *,
    id_column: str | None = None,
    gloss_columns: list[str] | None = None,
    only: list[str] | None = None,
    limit: int | None = None,
    output: Path | None = None,
    force: bool = False,
    retry_failed: bool = False,
    console: Console | None = None,
) -> RunSummary:
    """The ``gspgen describe`` stage: read the vocabulary, pick the classes, run :func:`describe`."""
    from gspgen.describe.vocab import load_vocab, select

    entries = load_vocab(vocab, id_column=id_column, gloss_columns=gloss_columns or [])
    chosen = select(entries, only=only or [], limit=limit)
    return describe(settings, chosen, output=output, force=force, retry_failed=retry_failed, console=console)

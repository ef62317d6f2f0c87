"""A describe run: resume, bounded concurrency, whole-line records, a failure sidecar, a summary.

Crash safety: records are appended one whole line at a time from the main thread; a truncated last
line is cut off (and kept in ``FILE.corrupt``) before the next run. A gloss is *complete* when the
output holds its record made with the current template hashes and retrieval setting; *failed* when
it sits in ``FILE.failed.jsonl`` (retried with ``retry_failed``); otherwise it is *pending*. A stale
record that is about to be regenerated is removed first (atomic rewrite), so a class never appears twice.

Grounding: a record made without an entry of its own (``grounding == "ungrounded"``) stays complete only
while the store still has none in its language, so ingesting that dictionary later and rerunning
regenerates exactly those glosses. The summary counts grounded / ungrounded / cross-language records and
carries one warning line that names each language lacking entries and what to ingest.
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
from gspgen.describe.faithful import FaithfulChain, entry_texts_notes, faithful_chain
from gspgen.describe.prompts import PromptSet
from gspgen.describe.retrieval import Retriever, has_entry
from gspgen.errors import BudgetExhausted, GspgenError, LLMError, RunLockedError, StoreError
from gspgen.jsonio import append_jsonl, atomic_write_text, read_jsonl, repair_jsonl
from gspgen.llm import Endpoint
from gspgen.records import DescriptionRecord, StepName
from gspgen.vocab import VocabEntry

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
    invalid_replies: int = 0  # faithful mode: steps whose reply stayed invalid (their texts are fallbacks)
    flagged: int = 0  # faithful mode: records with no fact source whose texts were flagged for review
    # Of the selected classes' records in the output after the run (written now or before):
    grounded: int = 0  # P1 saw the gloss's own entry in its sign language
    ungrounded: int = 0  # no entry in its language: described without evidence
    cross_language: int = 0  # only another sign language's entry (--cross-language)
    warnings: list[str] = []  # one line each, for the person running it


def failed_path(output: Path) -> Path:
    """``descriptions.jsonl`` → ``descriptions.failed.jsonl``."""
    return output.with_name(f"{output.stem}.failed.jsonl")


def is_current(
    record: DescriptionRecord,
    hashes: Mapping[StepName, str],
    retrieval: bool,
    refine_always: bool,
    *,
    language: str | None = None,
    cross_language: bool = False,
    mode: str = "paper",
) -> bool:
    """Made with today's templates, the same retrieval setting and sign language, and no cross-language
    evidence unless allowed (P2 may be absent when k = 0, P3 when there was nothing to inline and
    ``describe.refine`` allows skipping it)."""
    steps = record.generation.steps
    required = {"p1_describe", "p4_parts"} | ({"p3_refine"} if refine_always else set())
    if record.generation.facts is not None:
        required = set()  # faithful texts from coded facts: every step that ran must be today's
    return (
        record.generation.mode == mode
        and required <= steps.keys()
        and all(hashes[name] == trace.template_hash for name, trace in steps.items())
        and record.generation.retrieval == retrieval
        and (language is None or record.language == language)
        and (cross_language or record.grounding != "cross_language")
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
    for warn, line in entry_texts_notes(settings, {_language(e, settings) for e in entries}):
        console.print(f"[bold yellow]warning:[/] {line}" if warn else line, highlight=False)
    use_retrieval = settings.describe.use_retrieval
    existing = _read(output, DescriptionRecord)
    failed_before = {f.class_id for f in _read(failed_out, FailedGloss)}
    wanted = {e.class_id: e for e in entries}
    complete = {
        r.class_id: r for r in existing if r.class_id in wanted and _current(r, wanted, prompts, settings)
    }
    if use_retrieval and not force:
        retriever = _recheck_ungrounded(settings, complete, wanted, retriever)
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
            chain = _runner(settings, prompts, endpoint, retriever)
            _execute(chain, todo, settings.llm.concurrency, output, summary, console)
            summary.calls = endpoint.calls
            summary.prompt_tokens, summary.completion_tokens = endpoint.usage()
    _count_grounding(summary, entries, _read(output, DescriptionRecord), settings)
    if summary.flagged:
        summary.warnings.append(
            f"{summary.flagged} glosses had no fact source: their LLM texts are kept, and those that read as "
            f"broken English or claim what no evidence states are flagged for review ('flags' in {output})"
        )
    summary.wall_s = round(time.monotonic() - started, 3)
    return summary


def _current(
    record: DescriptionRecord, wanted: dict[int, VocabEntry], prompts: PromptSet, settings: Settings
) -> bool:
    return is_current(
        record,
        prompts.hashes,
        settings.describe.use_retrieval,
        settings.describe.refine == "always",
        language=_language(wanted[record.class_id], settings),
        cross_language=settings.describe.cross_language,
        mode=settings.describe.mode,
    )


def _language(entry: VocabEntry, settings: Settings) -> str:
    return entry.language or settings.describe.language


def _recheck_ungrounded(
    settings: Settings,
    complete: dict[int, DescriptionRecord],
    wanted: dict[int, VocabEntry],
    retriever: Retriever | None,
) -> Retriever | None:
    """Drop from ``complete`` the ungrounded records whose gloss now has an entry (a dictionary was
    ingested since); returns the retriever, opened only when there is something to check."""
    ungrounded = [r for r in complete.values() if r.grounding == "ungrounded" and r.generation.retrieval]
    if not ungrounded:
        return retriever
    retriever = retriever or open_retriever(settings)
    for record in ungrounded:
        entry = wanted[record.class_id]
        language = _language(entry, settings)
        if has_entry(
            retriever, entry.glosses, language=language, cross_language=settings.describe.cross_language
        ):
            del complete[record.class_id]
    return retriever


def _count_grounding(
    summary: RunSummary, entries: list[VocabEntry], records: list[DescriptionRecord], settings: Settings
) -> None:
    """Grounding counts over the selected classes, and the one warning line about missing entries."""
    by_id = {r.class_id: r for r in records}
    chosen = [by_id[e.class_id] for e in entries if e.class_id in by_id]
    summary.grounded = sum(r.grounding == "grounded" for r in chosen)
    summary.ungrounded = sum(r.grounding == "ungrounded" for r in chosen)
    summary.cross_language = sum(r.grounding == "cross_language" for r in chosen)
    if settings.describe.use_retrieval:
        warning = grounding_warning(chosen)
        if warning:
            summary.warnings.append(warning)


def grounding_warning(records: list[DescriptionRecord]) -> str | None:
    """One line naming each sign language whose glosses found no entry of their own, and what to ingest:
    ``no csl dictionary entries for 20 of 20 glosses: ingest a Chinese Sign Language (CSL) dictionary
    (gspgen ingest DIR --language csl)``."""
    from gspgen.describe.chain import LANGUAGES

    totals: dict[str, int] = {}
    missing: dict[str, int] = {}
    for record in records:
        if record.grounding is None:
            continue  # an older record: its grounding is unknown, not missing
        totals[record.language] = totals.get(record.language, 0) + 1
        if record.grounding != "grounded":
            missing[record.language] = missing.get(record.language, 0) + 1
    if not missing:
        return None
    parts = []
    for code, count in missing.items():
        name = LANGUAGES.get(code, f"{code} sign language")
        foreign = sum(r.language == code and r.grounding == "cross_language" for r in records)
        borrowed = f" ({foreign} described from another sign language's entries)" if foreign else ""
        parts.append(
            f"no {code} dictionary entries for {count} of {totals[code]} glosses{borrowed}: ingest a {name} "
            f"dictionary (gspgen ingest DIR --language {code})"
        )
    return "; ".join(parts)


def open_retriever(settings: Settings) -> Retriever:
    """The ingested dictionary store; a clear error when nothing was ingested yet."""
    corpus = settings.corpus
    if corpus.chroma_url is None and not corpus.store_dir.exists():
        raise StoreError("no dictionary store here: run `gspgen ingest` first", where=corpus.store_dir)
    from gspgen.corpus import open_store

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


def _runner(
    settings: Settings, prompts: PromptSet, endpoint: Endpoint, retriever: Retriever | None
) -> Chain | FaithfulChain:
    """The chain ``describe.mode`` asks for: faithful (facts from the coded lexicon) or the paper's."""
    paper = _chain(settings, prompts, endpoint, retriever)
    if settings.describe.mode == "paper":
        return paper
    return faithful_chain(paper, settings)


def _execute(
    chain: Chain | FaithfulChain,
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
    chain: Chain | FaithfulChain,
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
    summary.invalid_replies += sum(t.error is not None for t in record.generation.steps.values())
    summary.flagged += bool(record.flags)


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
    language: str | None = None,
    output: Path | None = None,
    force: bool = False,
    retry_failed: bool = False,
    console: Console | None = None,
) -> RunSummary:
    """The ``gspgen describe`` stage: read the vocabulary, give every class its sign language (``language``
    = ``--language`` overrides the file's own declaration), pick the classes, run :func:`describe`."""
    from gspgen.vocab import declared_language, load_vocab, resolve_language, select

    entries = load_vocab(vocab, id_column=id_column, gloss_columns=gloss_columns or [])
    undeclared = (
        language is None
        and all(e.language is None for e in entries)
        and declared_language(vocab) is None
        and "language" not in settings.describe.model_fields_set
    )
    entries = resolve_language(entries, vocab, override=language, fallback=settings.describe.language)
    chosen = select(entries, only=only or [], limit=limit)
    summary = describe(
        settings, chosen, output=output, force=force, retry_failed=retry_failed, console=console
    )
    if undeclared:
        summary.warnings.insert(
            0,
            f"{vocab} declares no sign language; described as {settings.describe.language} "
            f'(pass --language CODE or write {vocab.name}.toml with language = "CODE")',
        )
    return summary

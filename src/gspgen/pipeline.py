"""The main job in one call: ingest → describe → synthesize → train GSP-MC and CE-only → report.

Every stage writes typed files under ``pipeline.workdir``; a second run reuses what is already done:
ingest and describe are idempotent by themselves, the synthetic set and each training run carry a stamp
of their inputs and are redone only when those inputs change (an interrupted run is resumed).
"""

from __future__ import annotations

import functools
import hashlib
import json
import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

from gspgen.config import Settings
from gspgen.errors import GspgenError
from gspgen.jsonio import atomic_write_json, atomic_write_text

if TYPE_CHECKING:
    from gspgen.train.rundir import Metrics

STAMP = ".pipeline-stamp.json"
RUNS = {"gsp-mc": True, "ce-only": False}  # run name → trained with the descriptions?


class StageTime(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: str
    seconds: float
    reused: bool
    cpu_s: float | None = None  # CPU time of gspgen and its children (the llama.cpp server) in the stage


class RunResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    run_dir: Path
    top1: float
    top5: float
    mean_class: float
    retrieval_r1: float | None = None
    # The text targets (gspgen.train.targets): global own-class mass at τ, synonyms nearest their class.
    text_mass: float | None = None
    text_nearest: float | None = None
    text_targets: str | None = None  # the run's one-line text-target figures (run.json)


class PipelineReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workdir: Path
    classes: int
    descriptions: Path
    described: int
    failed_glosses: int
    dataset: Path
    runs: list[RunResult]
    stages: list[StageTime]


def _digest(inputs: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _stamp_state(target: Path, inputs: dict[str, Any]) -> str:
    """ "done" (same inputs, finished), "started" (same inputs, interrupted) or "stale" (redo from scratch)."""
    stamp = target / STAMP
    if not stamp.exists():
        return "stale"
    saved = json.loads(stamp.read_text(encoding="utf-8"))
    if saved.get("digest") != _digest(inputs):
        return "stale"
    return "done" if saved.get("done") else "started"


def _stamp(target: Path, inputs: dict[str, Any], *, done: bool) -> None:
    atomic_write_json(target / STAMP, {"digest": _digest(inputs), "done": done, "inputs": inputs})


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


class _Clock:
    """Times each stage and prints a header for it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.stages: list[StageTime] = []

    def run(self, stage: str, work: Callable[[], tuple[Any, bool]]) -> Any:
        self.console.rule(f"[bold]{stage}")
        started, cpu = time.perf_counter(), _cpu_s()
        result, reused = work()
        seconds, cpu_s = round(time.perf_counter() - started, 1), round(_cpu_s() - cpu, 1)
        self.stages.append(StageTime(stage=stage, seconds=seconds, reused=reused, cpu_s=cpu_s))
        return result


def _cpu_s() -> float:
    """CPU seconds of this process (all threads) and of its finished children (a stopped llama.cpp server)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def covered_vocab(settings: Settings, out: Path) -> int:
    """Write ``class_id<TAB>gloss`` for the first N vocabulary glosses the lexicon covers; return N."""
    from gspgen.lexicon import load_lexicon
    from gspgen.synth import select_classes

    chosen = select_classes(
        load_lexicon(settings.data.lexicon), settings.pipeline.vocab, settings.pipeline.glosses
    )
    atomic_write_text(out, "class_id\tgloss\n" + "".join(f"{cid}\t{gloss}\n" for cid, gloss, _ in chosen))
    return len(chosen)


def _ingest(settings: Settings, console: Console) -> tuple[Any, bool]:
    from gspgen.corpus.ingest_report import summary_table
    from gspgen.corpus.ingestion import ingest

    report = ingest([settings.pipeline.corpus], settings.corpus, console=console)
    console.print(summary_table(report))
    if report.failures:
        first = report.failures[0]
        raise GspgenError(f"ingest failed: {first.reason}", where=first.path)
    return report, report.embedded == 0


def _describe(settings: Settings, vocab: Path, output: Path, console: Console) -> tuple[Any, bool]:
    from gspgen.describe import describe_vocab

    summary = describe_vocab(settings, vocab, output=output, console=console)
    return summary, summary.done == 0 and summary.failed == 0


def _synth(settings: Settings, vocab: Path, out: Path, classes: int) -> tuple[Path, bool]:
    from gspgen.synth import make_params, synthesize

    p = settings.pipeline
    params = make_params(
        lexicon=settings.data.lexicon,
        vocab=vocab,
        classes=classes,
        signers=p.signers,
        repetitions=p.repetitions,
        seed=p.seed,
    )
    inputs = {
        "params": params.model_dump(mode="json"),
        "vocab": _file_sha(vocab),
        "lexicon": _file_sha(params.lexicon),
    }
    if _stamp_state(out, inputs) == "done":
        return out, True
    synthesize(params, out, overwrite=True)
    _stamp(out, inputs, done=True)
    return out, False


def _train(
    settings: Settings, data: Path, out: Path, descriptions: Path | None, console: Console
) -> tuple[Metrics, bool]:
    """Train one run, reusing a finished one with the same inputs and resuming an interrupted one."""
    from gspgen.train import train
    from gspgen.train.rundir import RunDir, read_metrics

    train_settings = settings.train.model_copy(update={"seed": settings.train.seed or settings.pipeline.seed})
    inputs = {
        "train": train_settings.model_dump(mode="json"),
        "data": _file_sha(data / "joints.npy"),
        "descriptions": _file_sha(descriptions) if descriptions else None,
    }
    state = _stamp_state(out, inputs)
    paths = RunDir(out)
    if state == "done" and paths.metrics.exists():
        return read_metrics(paths.metrics), True
    resume = state == "started" and paths.last.exists() and paths.meta.exists()
    if not resume:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        _stamp(out, inputs, done=False)
    metrics = train(data, out, train_settings, descriptions=descriptions, resume=resume, console=console)
    if metrics is None:
        raise GspgenError("training stopped before its last epoch", where=out)
    _stamp(out, inputs, done=True)
    return metrics, False


def _result(name: str, run_dir: Path, metrics: Metrics) -> RunResult:
    from gspgen.train.rundir import load_meta

    test = metrics.splits["test"]
    targets = load_meta(run_dir).text_targets
    glob, syn = (targets.term("global"), targets.term("synonyms")) if targets else (None, None)
    return RunResult(
        name=name,
        run_dir=run_dir,
        top1=test.top1,
        top5=test.top5,
        mean_class=test.mean_class_accuracy,
        retrieval_r1=test.retrieval.r1,
        text_mass=glob.own_mass if glob else None,
        text_nearest=syn.nearest_own if syn else None,
        text_targets=targets.line() if targets else None,
    )


def _targets_cell(r: RunResult) -> str:
    """Own-class softmax mass of the global texts / share of synonyms nearest their own class."""
    if r.text_mass is None:
        return "–"
    nearest = f" / {100 * r.text_nearest:.0f}%" if r.text_nearest is not None else ""
    return f"{r.text_mass:.2f}{nearest}"


def run_pipeline(settings: Settings, console: Console | None = None) -> PipelineReport:
    """Run (or finish) the whole main job and write ``report.md`` / ``report.json`` in the workdir."""
    console = console or Console()
    work = settings.pipeline.workdir
    work.mkdir(parents=True, exist_ok=True)
    clock = _Clock(console)
    vocab, descriptions = work / "vocab.tsv", work / "descriptions.jsonl"
    clock.run("1/5 ingest the expert corpus", lambda: _ingest(settings, console))
    classes = covered_vocab(settings, vocab)
    summary = clock.run(
        f"2/5 describe {classes} glosses with the LLM",
        lambda: _describe(settings, vocab, descriptions, console),
    )
    data = clock.run("3/5 synthesize skeletons", lambda: _synth(settings, vocab, work / "synth", classes))
    results = []
    for name, with_text in RUNS.items():
        run_dir = work / "runs" / name
        text = descriptions if with_text and descriptions.exists() else None
        metrics = clock.run(
            f"4/5 train {name}", functools.partial(_train, settings, data, run_dir, text, console)
        )
        results.append(_result(name, run_dir, metrics))
    described = sum(1 for line in descriptions.read_text(encoding="utf-8").splitlines() if line.strip())
    report = PipelineReport(
        workdir=work,
        classes=classes,
        descriptions=descriptions,
        described=described,
        failed_glosses=summary.failed,
        dataset=data,
        runs=results,
        stages=clock.stages,
    )
    console.rule("[bold]5/5 report")
    atomic_write_json(work / "report.json", report.model_dump(mode="json"))
    atomic_write_text(work / "report.md", report_markdown(report))
    console.print(report_table(report))
    console.print(
        f"outputs: {work} (report.md, descriptions.jsonl, synth/, runs/*/curves.png, runs/*/eval/test/)"
    )
    return report


def report_markdown(report: PipelineReport) -> str:
    lines = [
        "# gspgen pipeline report",
        "",
        f"{report.classes} classes; {report.described} described ({report.failed_glosses} failed);"
        f" test = held-out synthetic signers.",
        "",
        "| run | top-1 % | top-5 % | mean-class % | skeleton→text R@1 % | text targets: mass / nearest "
        "| run dir |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report.runs:
        r1 = f"{100 * r.retrieval_r1:.1f}" if r.retrieval_r1 is not None else "–"
        lines.append(
            f"| {r.name} | {100 * r.top1:.2f} | {100 * r.top5:.2f} | {100 * r.mean_class:.2f} | {r1} | "
            f"{_targets_cell(r)} | {r.run_dir} |"
        )
    lines += [
        "",
        "Text targets: own-class softmax mass of each class's global text among all class texts at the run's "
        "τ (1 = the contrastive target is reachable) / share of synonyms nearest their own class "
        "(gspgen.train.targets).",
    ]
    lines += [f"- {r.name}: {r.text_targets}" for r in report.runs if r.text_targets]
    lines += ["", "| stage | seconds | CPU s | reused |", "|---|---|---|---|"]
    lines += [
        f"| {s.stage} | {s.seconds:.1f} | {'–' if s.cpu_s is None else f'{s.cpu_s:.1f}'} | {'yes' if s.reused else 'no'} |"
        for s in report.stages
    ]
    return "\n".join(lines) + "\n"


def report_table(report: PipelineReport) -> Table:
    table = Table(title=f"GSP-MC vs CE-only on {report.classes} classes (held-out signers)")
    for column in ("run", "top-1 %", "top-5 %", "mean-class %", "R@1 %", "text targets"):
        table.add_column(column, justify="right" if "%" in column else "left")
    for r in report.runs:
        r1 = f"{100 * r.retrieval_r1:.1f}" if r.retrieval_r1 is not None else "–"
        cells = (
            f"{100 * r.top1:.2f}",
            f"{100 * r.top5:.2f}",
            f"{100 * r.mean_class:.2f}",
            r1,
            _targets_cell(r),
        )
        table.add_row(r.name, *cells)
    total = sum(s.seconds for s in report.stages)
    table.caption = (
        " · ".join(f"{s.stage.split(' ', 1)[1]} {s.seconds:.0f}s" for s in report.stages)
        + f" · total {total:.0f}s\ntext targets: own-class mass of the global texts at τ / synonyms nearest "
        "their own class"
    )
    return table

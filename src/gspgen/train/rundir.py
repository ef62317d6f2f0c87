"""A training run's directory: the one place that names its files, and the typed records stored in them.

::

    run.json            RunMeta: resolved config, hashes, data and description provenance, classes
    text_bank.pt        the frozen text features (TextBank)
    last.pt / best.pt   full train state / best-validation weights (gspgen.train.checkpoint)
    history.json        list[EpochRecord], one per finished epoch
    metrics.json        Metrics: the training summary and the val/test SplitMetrics
    curves.png          losses and validation top-1 per epoch
    eval/<split>/       Reports: metrics.json (Metrics), per_class.csv, confusion.csv/.png,
                        scores.npy, labels.npy, samples.json
    eval/zeroshot-<split>/zeroshot.json   ZeroShotMetrics (gspgen.evaluate), open-vocabulary scores

Every ``metrics.json`` gspgen writes (run, eval, ensemble) is one :class:`Metrics`; files written before
this format are read through :func:`read_metrics`, which converts them or says why it cannot.
No torch here: reading a run's records stays cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gspgen import __version__
from gspgen.errors import TrainError
from gspgen.jsonio import atomic_write_text
from gspgen.skeleton import ClassInfo
from gspgen.train.run_config import RunConfig

METRICS_FORMAT = 2  # 1 = the untyped dicts written before rundir.py (converted on read)
SPLITS = ("train", "val", "test")


@dataclass(frozen=True)
class Reports:
    """A folder of evaluation reports: ``RUN/eval/<split>/`` or an ensemble's output."""

    root: Path

    @property
    def metrics(self) -> Path:
        return self.root / "metrics.json"

    @property
    def per_class(self) -> Path:
        return self.root / "per_class.csv"

    @property
    def confusion_csv(self) -> Path:
        return self.root / "confusion.csv"

    @property
    def confusion_png(self) -> Path:
        return self.root / "confusion.png"

    @property
    def scores(self) -> Path:
        return self.root / "scores.npy"

    @property
    def labels(self) -> Path:
        return self.root / "labels.npy"

    @property
    def samples(self) -> Path:
        return self.root / "samples.json"


@dataclass(frozen=True)
class RunDir:
    """The paths of one run directory (nothing is created until a stage writes)."""

    root: Path

    @property
    def meta(self) -> Path:
        return self.root / "run.json"

    @property
    def text_bank(self) -> Path:
        return self.root / "text_bank.pt"

    @property
    def last(self) -> Path:
        return self.root / "last.pt"

    @property
    def best(self) -> Path:
        return self.root / "best.pt"

    @property
    def history(self) -> Path:
        return self.root / "history.json"

    @property
    def metrics(self) -> Path:
        return self.root / "metrics.json"

    @property
    def curves(self) -> Path:
        return self.root / "curves.png"

    def eval(self, split: str) -> Reports:
        return Reports(self.root / "eval" / split)

    def zero_shot(self, split: str) -> Path:
        """``gspgen eval --zero-shot``'s report (``gspgen.evaluate.ZeroShotMetrics``, not a Metrics)."""
        return self.root / "eval" / f"zeroshot-{split}" / "zeroshot.json"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TermTargets(Record):
    """How well one term's (transformed) texts tell the vocabulary's classes apart."""

    term: str
    classes: int  # classes with a text for the term
    texts: int  # (class, text) pairs
    inter_class_cosine: float | None  # mean cosine between two different classes' class vectors
    own_mass: float  # mean softmax mass at τ of a text on its own class among the reference class vectors
    nearest_own: float  # share of texts whose nearest reference class vector is their own class's
    reference: str  # the term whose class vectors a text is compared with (synonyms: global)
    identical: list[list[str]]  # glosses of classes sharing one identical text of this term


class TargetsReport(Record):
    """The text-target figures of a run's vocabulary (gspgen.train.targets.diagnose), stored in run.json."""

    encoder: str
    transform: str
    tau: float
    classes: int
    terms: list[TermTargets]

    def term(self, name: str) -> TermTargets | None:
        return next((t for t in self.terms if t.term == name), None)

    def line(self) -> str:
        """One log line: own-class mass and nearest-own share per term, identical texts counted."""
        parts = [
            f"{t.term} mass {t.own_mass:.2f} nearest {100 * t.nearest_own:.0f}%"
            + (f" cos {t.inter_class_cosine:.2f}" if t.inter_class_cosine is not None else "")
            for t in self.terms
        ]
        same = sum(len(t.identical) for t in self.terms)
        shared = self.term("global")
        named = (
            f"; identical global texts: {_groups(shared.identical)}" if shared and shared.identical else ""
        )
        return (
            f"text targets ({self.transform}, τ {self.tau:g}, {self.classes} classes, {self.encoder}): "
            + " | ".join(parts)
            + f"; {same} text(s) shared across classes{named}"
        )


def _groups(groups: list[list[str]], limit: int = 4) -> str:
    shown = ", ".join("=".join(g) for g in groups[:limit])
    return shown + (f" and {len(groups) - limit} more" if len(groups) > limit else "")


class RunMeta(Record):
    """run.json: what a run is, enough to rebuild its model and check a resume or an eval against it."""

    config: RunConfig
    config_hash: str
    run_hash: str  # config + dataset + descriptions: what a checkpoint must match
    data: str
    dataset_name: str
    descriptions: str | None
    descriptions_sha256: str | None
    classes: list[ClassInfo]
    classes_with_texts: int
    active_terms: list[str]
    text_dim: int
    text_targets: TargetsReport | None = None  # how well the targets tell the classes apart (None: no texts)
    gspgen_version: str = __version__
    created_at: datetime


class EpochRecord(Record):
    """One finished epoch. ``losses``: mean per step of "loss", "ce", "contrastive" and each text term."""

    epoch: int = Field(ge=1)  # 1-based
    step: int  # optimizer steps so far
    lr: float
    losses: dict[str, float]
    val_top1: float | None = None  # rank 0 only
    seconds: float
    clips_per_s: float
    peak_memory_mb: float

    @model_validator(mode="before")
    @classmethod
    def _flat_losses(cls, data: Any) -> Any:
        """Checkpoints written before this record kept the losses flat, as ``train_<name>`` keys."""
        if isinstance(data, dict) and "losses" not in data:
            data = dict(data)
            data["losses"] = {k[6:]: data.pop(k) for k in list(data) if k.startswith("train_")}
        return data


class Retrieval(Record):
    """Skeleton→text retrieval over the classes that have a global text (none: all None)."""

    queries: int = 0
    r1: float | None = None
    r5: float | None = None


class ConfusedPair(Record):
    true: str
    predicted: str
    count: int


class SplitMetrics(Record):
    """One split scored by one run or one fusion."""

    samples: int
    top1: float
    top5: float
    mean_class_accuracy: float
    most_confused: list[ConfusedPair]
    retrieval: Retrieval = Field(default_factory=Retrieval)
    eval_clips_per_s: float | None = None


class PriorRow(Record):
    """Validation figures of one prior-correction weight (gspgen.train.calibrate)."""

    weight: float
    top1: float
    mean_class: float
    frequent_top1: float | None  # classes with more training clips than the median class
    rare_top1: float | None


class PriorChoice(Record):
    """The logit-adjustment weight chosen on validation, and what each candidate scored there."""

    weight: float
    frequent_classes: int
    rows: list[PriorRow]

    def line(self) -> str:
        chosen = next(r for r in self.rows if r.weight == self.weight)
        base = self.rows[0]

        def pct(x: float | None) -> str:
            return "–" if x is None else f"{100 * x:.1f}%"

        return (
            f"prior correction (chosen on validation): weight {self.weight:g}; val mean-class "
            f"{pct(base.mean_class)} -> {pct(chosen.mean_class)}, frequent classes ({self.frequent_classes}) "
            f"{pct(base.frequent_top1)} -> {pct(chosen.frequent_top1)}, rare {pct(base.rare_top1)} -> "
            f"{pct(chosen.rare_top1)}"
        )


class TrainingSummary(Record):
    best_epoch: int  # 1-based
    epochs: int  # epochs run (fewer than configured when a validation plateau stopped the run)
    stopped_early: bool = False
    s_per_epoch: float
    train_clips_per_s: float
    parameters: int
    peak_memory_mb: float
    prior: PriorChoice | None = None  # the decision's logit adjustment, chosen on validation


class FusedRun(Record):
    run: str
    stream: str
    weight: float
    top1: float  # this run alone on the fused split


class Metrics(Record):
    """The shape of every metrics.json: a run's summary, one eval split, or a fusion."""

    format: Literal[2] = 2  # METRICS_FORMAT
    run_hash: str | None = None
    config_hash: str | None = None
    training: TrainingSummary | None = None  # a trained run's own metrics.json
    fused: list[FusedRun] | None = None  # an ensemble's
    splits: dict[str, SplitMetrics] = Field(default_factory=dict)


def write_record(path: Path, record: BaseModel | list[EpochRecord]) -> None:
    """Atomic JSON of one record (or the epoch history)."""
    if isinstance(record, list):
        text = json.dumps([r.model_dump(mode="json") for r in record], indent=2)
    else:
        text = record.model_dump_json(indent=2)
    atomic_write_text(path, text + "\n")


def load_meta(root: Path) -> RunMeta:
    """A run's run.json, or a TrainError saying the folder is not a run."""
    path = RunDir(root).meta
    if not path.exists():
        raise TrainError("not a run directory (no run.json)", where=root)
    try:
        return RunMeta.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise TrainError(f"invalid run.json: {_fields(exc)}", where=path) from None


def read_history(path: Path) -> list[EpochRecord]:
    try:
        return [EpochRecord.model_validate(r) for r in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, ValidationError) as exc:
        raise TrainError(f"invalid epoch history: {exc}", where=path) from None


def read_metrics(path: Path) -> Metrics:
    """Any metrics.json gspgen wrote, in today's shape; older (format 1) files are converted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TrainError(f"unreadable metrics: {exc}", where=path) from None
    if isinstance(data, dict) and "format" not in data:
        data = _from_format_1(data, path)
    try:
        return Metrics.model_validate(data)
    except ValidationError as exc:
        raise TrainError(f"not a gspgen metrics file: {_fields(exc)}", where=path) from None


def _from_format_1(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Before format 2 a run's summary held val/test at the top; eval and ensemble files were one split."""
    if "best_epoch" in data:
        training = {k: data[k] for k in TrainingSummary.model_fields if k in data}  # newer fields: defaults
        splits = {s: data[s] for s in SPLITS if isinstance(data.get(s), dict)}
        return {
            "run_hash": data.get("run_hash"),
            "config_hash": data.get("config_hash"),
            "training": training,
            "splits": splits,
        }
    split = path.parent.name.removeprefix("ensemble-")
    if "top1" not in data or split not in SPLITS:
        raise TrainError(
            "metrics.json from an older gspgen whose split is unknown; rerun `gspgen eval` or `gspgen ensemble`",
            where=path,
        )
    fused = None
    if "runs" in data:
        singles = data.pop("single", [None] * len(data["runs"]))
        fused = [r | {"top1": s} for r, s in zip(data.pop("runs"), singles, strict=True)]
    return {"fused": fused, "splits": {split: data}}


def _fields(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors())

"""``gspgen recognize``: which sign is each new clip? Closed set (the run's classes) or open vocabulary.

Clips are read one file at a time, checked (frames, hands, layout), preprocessed exactly as eval does,
and scored in batches. A clip that cannot be used yields a :class:`ClipResult` with ``error`` set and the
others go on; the caller decides the exit status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gspgen.errors import TrainError
from gspgen.infer.clips import ClipError, InputClip, expand, read_clips
from gspgen.infer.recognizer import Recognizer, load_recognizer
from gspgen.infer.zeroshot import (
    Candidate,
    TextTable,
    ZeroShotConfig,
    described_candidates,
    open_probabilities,
)

BATCH = 32


class Prediction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rank: int
    gloss: str
    class_id: int
    probability: float
    trained: bool  # the classifier saw training clips of this sign (False: known from its description only)


class ClipResult(BaseModel):
    """One input clip's answer (``predictions``) or why there is none (``error``)."""

    model_config = ConfigDict(extra="forbid")

    input: str
    mode: Literal["closed", "open"]
    frames: int | None = None
    layout: str | None = None
    predictions: list[Prediction] = []
    error: str | None = None


class RecognizeSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clips: int
    failed: int
    classes: int  # candidate classes scored


class _Scorer:
    """Closed-set or open-vocabulary scoring of encoded batches, with the class names to report."""

    def __init__(
        self, recognizer: Recognizer, descriptions: Path | None, config: ZeroShotConfig, cache_dir: Path
    ) -> None:
        self.recognizer, self.config = recognizer, config
        self.trained = recognizer.trained_glosses()
        self.table: TextTable | None = None
        self.candidates: list[Candidate] = []
        if descriptions is not None:
            self.candidates, self.table = described_candidates(recognizer, descriptions, config, cache_dir)
            if not self.candidates:
                raise TrainError("no described class has a text for the weighted terms", where=descriptions)
            self.names = [
                (c.class_id, c.gloss, any(g.lower() in self.trained for g in c.glosses))
                for c in self.candidates
            ]
        else:
            self.names = [(c.class_id, c.gloss, c.gloss.lower() in self.trained) for c in recognizer.classes]

    @property
    def mode(self) -> Literal["closed", "open"]:
        return "closed" if self.table is None else "open"

    def probabilities(self, batch: list[list[np.ndarray]]) -> np.ndarray:
        encoded = self.recognizer.encode(batch)
        if self.table is None:
            return self.recognizer.class_probabilities(encoded)
        return open_probabilities(
            self.recognizer, encoded, self.table, self.config, self.candidates, self.trained
        )

    def top(self, probs: np.ndarray, k: int) -> list[Prediction]:
        order = np.argsort(-probs, kind="stable")[:k]
        return [
            Prediction(
                rank=r + 1,
                gloss=self.names[i][1],
                class_id=self.names[i][0],
                probability=float(probs[i]),
                trained=self.names[i][2],
            )
            for r, i in enumerate(order)
        ]


def _clips(path: Path) -> Iterator[InputClip | ClipResult]:
    try:
        yield from read_clips(path)
    except ClipError as exc:
        yield ClipResult(input=exc.where or str(path), mode="closed", error=exc.message)


def _failed(item: InputClip, mode: Literal["closed", "open"], error: str) -> ClipResult:
    return ClipResult(input=item.name, mode=mode, frames=len(item.clip), layout=item.layout, error=error)


def recognize(
    run: Path,
    inputs: list[Path],
    *,
    k: int = 5,
    descriptions: Path | None = None,
    config: ZeroShotConfig | None = None,
    cache_dir: Path = Path(".gspgen/text-cache"),
    on_result: Callable[[ClipResult], None] = lambda r: None,
    console: Console | None = None,
) -> RecognizeSummary:
    """Recognise every clip in ``inputs``; ``on_result`` gets each clip's result as soon as it is known."""
    files = expand(inputs)
    scorer = _Scorer(load_recognizer(run), descriptions, config or ZeroShotConfig(), cache_dir)
    counts = {"clips": 0, "failed": 0}
    pending: list[tuple[InputClip, list[np.ndarray]]] = []

    def emit(result: ClipResult) -> None:
        counts["clips"] += 1
        counts["failed"] += result.error is not None
        on_result(result)

    def flush() -> None:
        if pending:
            probs = scorer.probabilities([inputs for _, inputs in pending])
            for (item, _), row in zip(pending, probs, strict=True):
                emit(
                    ClipResult(
                        input=item.name,
                        mode=scorer.mode,
                        frames=len(item.clip),
                        layout=item.layout,
                        predictions=scorer.top(row, k),
                    )
                )
            pending.clear()

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(
        *columns, console=console, transient=True, disable=console is None or len(files) < 2
    ) as bar:
        task = bar.add_task("recognising", total=len(files))
        for path in files:
            for item in _clips(path):
                if isinstance(item, ClipResult):
                    emit(item.model_copy(update={"mode": scorer.mode}))
                    continue
                try:
                    pending.append((item, scorer.recognizer.prepare(item)))
                except ClipError as exc:
                    emit(_failed(item, scorer.mode, exc.message))
                if len(pending) >= BATCH:
                    flush()
            bar.advance(task)
        flush()
    return RecognizeSummary(clips=counts["clips"], failed=counts["failed"], classes=len(scorer.names))

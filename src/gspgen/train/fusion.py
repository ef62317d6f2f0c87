"""Late fusion of multi-stream runs: a weighted sum of their saved softmax scores [P/S].

Weights are declared, never fitted on the split being reported: by default each run gets its recorded
stream's SAM-SLR weight (joint 1, bone 0.9, joint-motion 0.5, bone-motion 0.5), whatever order the runs
are given in; explicit weights follow the runs' order.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gspgen.errors import TrainError
from gspgen.evaluate import summary, top_k, write_reports
from gspgen.train.rundir import FusedRun, Metrics, Reports, RunDir, load_meta

SAM_SLR_WEIGHTS = {"joint": 1.0, "bone": 0.9, "joint_motion": 0.5, "bone_motion": 0.5}


def _scores(run: Path, split: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    reports = RunDir(run).eval(split)
    if not reports.scores.exists():
        raise TrainError(f"no saved {split} scores; run `gspgen eval {run} --split {split}` first", where=run)
    samples = json.loads(reports.samples.read_text(encoding="utf-8"))
    return np.load(reports.scores), np.load(reports.labels), samples


def ensemble(
    runs: list[Path], weights: list[float] | None = None, split: str = "test", out: Path | None = None
) -> Metrics:
    """Fuse the runs' ``split`` scores with ``weights`` and write the usual reports into ``out``."""
    if not runs:
        raise TrainError("no runs to fuse")
    metas = [load_meta(r) for r in runs]
    weights = list(weights) if weights is not None else [SAM_SLR_WEIGHTS[m.config.stream] for m in metas]
    if len(weights) != len(runs):
        raise TrainError(f"{len(weights)} weights for {len(runs)} runs", where="--weights")
    classes = [c.model_dump() for c in metas[0].classes]
    fused, labels, samples = None, None, None
    for run, meta, weight in zip(runs, metas, weights, strict=True):
        if [c.model_dump() for c in meta.classes] != classes:
            raise TrainError("runs were trained on different classes", where=run)
        scores, run_labels, run_samples = _scores(run, split)
        if samples is not None and run_samples != samples:
            raise TrainError(f"{split} samples differ from {runs[0]}'s", where=run)
        fused = weight * scores if fused is None else fused + weight * scores
        labels, samples = run_labels, run_samples
    assert fused is not None and labels is not None
    glosses = [c["gloss"] for c in classes]
    result, matrix = summary(fused, labels, glosses)
    record = Metrics(
        fused=[
            FusedRun(
                run=str(r),
                stream=m.config.stream,
                weight=w,
                top1=top_k(_scores(r, split)[0], labels, 1),
            )
            for r, m, w in zip(runs, metas, weights, strict=True)
        ],
        splits={split: result},
    )
    reports = Reports(out or runs[0].parent / f"ensemble-{split}")
    write_reports(reports, record, split, matrix, [c["class_id"] for c in classes], glosses)
    return record

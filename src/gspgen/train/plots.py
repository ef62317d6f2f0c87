"""PNG reports (matplotlib, Agg): training curves and the confusion matrix with its worst pairs named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from gspgen.train.rundir import ConfusedPair, EpochRecord


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.png")
    fig.savefig(tmp, dpi=120, bbox_inches="tight")
    os.replace(tmp, path)


def curves_png(path: Path, history: list[EpochRecord]) -> None:
    """Training losses (CE, contrastive, total) and validation top-1 per epoch."""
    plt = _pyplot()
    epochs = [h.epoch for h in history]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for key, label in (("loss", "total"), ("ce", "CE"), ("contrastive", "contrastive")):
        if any(key in h.losses for h in history):
            left.plot(epochs, [h.losses.get(key, np.nan) for h in history], label=label)
    left.set(xlabel="epoch", ylabel="training loss", title="loss")
    left.legend()
    right.plot(
        epochs, [np.nan if h.val_top1 is None else 100 * h.val_top1 for h in history], color="tab:green"
    )
    right.set(xlabel="epoch", ylabel="top-1 (%)", title="validation top-1")
    _save(fig, path)
    plt.close(fig)


def confusion_png(path: Path, matrix: np.ndarray, glosses: list[str], pairs: list[ConfusedPair]) -> None:
    """Row-normalised confusion matrix; the most confused gloss pairs listed beside it."""
    plt = _pyplot()
    support = np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, (ax, text) = plt.subplots(1, 2, figsize=(13, 6), gridspec_kw={"width_ratios": [3, 2]})
    image = ax.imshow(matrix / support, cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    fig.colorbar(image, ax=ax, fraction=0.046)
    if len(glosses) <= 30:
        ax.set_xticks(range(len(glosses)), glosses, rotation=90, fontsize=7)
        ax.set_yticks(range(len(glosses)), glosses, fontsize=7)
    ax.set(xlabel="predicted", ylabel="true", title=f"confusion ({len(glosses)} classes, row-normalised)")
    lines = [f"{p.true} → {p.predicted}: {p.count}" for p in pairs] or ["no confusions"]
    text.axis("off")
    text.text(
        0,
        1,
        "most confused (true → predicted)\n\n" + "\n".join(lines),
        va="top",
        fontsize=9,
        family="monospace",
    )
    _save(fig, path)
    plt.close(fig)

"""Closed-set evaluation numbers and the files that carry them: accuracy, per-class, confusion, retrieval.

Everything works on saved softmax scores, so ``gspgen ensemble`` reuses it on fused scores. The numbers
are :class:`~gspgen.train.SplitMetrics`; the files go where a :class:`~gspgen.train.Reports` names them.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from gspgen.jsonio import atomic_write_text
from gspgen.train import ConfusedPair, Metrics, Reports, Retrieval, SplitMetrics, write_record


def top_k(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    if not len(labels):
        return 0.0
    k = min(k, scores.shape[1])
    best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    return float((best == labels[:, None]).any(axis=1).mean())


def confusion(labels: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """(true, predicted) counts."""
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def per_class_accuracy(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Accuracy and support per class; classes absent from the split get NaN accuracy."""
    support = matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.diag(matrix) / support, support


def most_confused(matrix: np.ndarray, glosses: list[str], n: int = 10) -> list[ConfusedPair]:
    """The n largest off-diagonal cells, named by gloss (true → predicted)."""
    off = matrix.copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None)[::-1][:n]
    pairs = []
    for flat in order:
        t, p = divmod(int(flat), matrix.shape[1])
        if off[t, p] == 0:
            break
        pairs.append(ConfusedPair(true=glosses[t], predicted=glosses[p], count=int(off[t, p])))
    return pairs


def retrieval(
    projections: np.ndarray, labels: np.ndarray, text_means: np.ndarray, has_text: np.ndarray
) -> Retrieval:
    """Skeleton→text R@1/R@5: rank the classes that have a global text by cosine to FC_g(S_g)."""
    candidates = np.flatnonzero(has_text)
    queries = np.isin(labels, candidates)
    if not queries.any():
        return Retrieval()
    s = projections[queries] / np.maximum(np.linalg.norm(projections[queries], axis=1, keepdims=True), 1e-12)
    t = text_means[candidates] / np.maximum(
        np.linalg.norm(text_means[candidates], axis=1, keepdims=True), 1e-12
    )
    target = np.searchsorted(candidates, labels[queries])
    sims = s @ t.T
    return Retrieval(queries=int(queries.sum()), r1=top_k(sims, target, 1), r5=top_k(sims, target, 5))


def summary(scores: np.ndarray, labels: np.ndarray, glosses: list[str]) -> tuple[SplitMetrics, np.ndarray]:
    """Top-1/top-5, mean per-class accuracy and the most confused pairs; also the confusion matrix."""
    matrix = confusion(labels, scores.argmax(axis=1), len(glosses))
    accuracy, support = per_class_accuracy(matrix)
    metrics = SplitMetrics(
        samples=int(len(labels)),
        top1=top_k(scores, labels, 1),
        top5=top_k(scores, labels, 5),
        mean_class_accuracy=float(np.nanmean(accuracy)) if (support > 0).any() else 0.0,
        most_confused=most_confused(matrix, glosses),
    )
    return metrics, matrix


def write_reports(
    reports: Reports,
    record: Metrics,
    split: str,
    matrix: np.ndarray,
    class_ids: list[int],
    glosses: list[str],
) -> None:
    """The record as metrics.json, and per_class.csv, confusion.csv, confusion.png of its ``split``."""
    from gspgen.train import confusion_png  # matplotlib loads only when a report is written

    accuracy, support = per_class_accuracy(matrix)
    rows = [["class_id", "gloss", "support", "correct", "accuracy"]]
    for i, (cid, gloss) in enumerate(zip(class_ids, glosses, strict=True)):
        acc = "" if support[i] == 0 else f"{accuracy[i]:.6f}"
        rows.append([str(cid), gloss, str(int(support[i])), str(int(matrix[i, i])), acc])
    atomic_write_text(reports.per_class, _csv(rows))
    atomic_write_text(
        reports.confusion_csv,
        _csv(
            [["true\\predicted", *glosses]]
            + [[g, *map(str, r)] for g, r in zip(glosses, matrix, strict=True)]
        ),
    )
    confusion_png(reports.confusion_png, matrix, glosses, record.splits[split].most_confused)
    write_record(reports.metrics, record)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()

"""The evaluate stage: how well a run recognises signs, closed set and zero-shot.

Public surface: closed-set numbers on softmax scores (:func:`top_k`, :func:`summary` — top-1/top-5,
mean per-class accuracy, most confused pairs and the confusion matrix —, :func:`retrieval` skeleton→text
R@1/R@5) and their files (:func:`write_reports`: per-class, confusion CSV and PNG, metrics.json), used by
``gspgen train``/``eval`` and ``gspgen ensemble``; zero-shot evaluation of signs a run never trained on
(:func:`zero_shot_eval` → :class:`ZeroShotMetrics`, or :func:`encode_clips` / :class:`EncodedClips` once
and :func:`zero_shot_metrics` per scoring). Internals: metrics (closed set), unseen (zero-shot). Nothing
is imported until first use, so ``gspgen --help`` never imports numpy or torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.evaluate.metrics import retrieval, summary, top_k, write_reports
    from gspgen.evaluate.unseen import (
        EncodedClips,
        ZeroShotMetrics,
        encode_clips,
        zero_shot_eval,
        zero_shot_metrics,
    )

_EXPORTS = {
    "retrieval": "gspgen.evaluate.metrics",
    "summary": "gspgen.evaluate.metrics",
    "top_k": "gspgen.evaluate.metrics",
    "write_reports": "gspgen.evaluate.metrics",
    "EncodedClips": "gspgen.evaluate.unseen",
    "ZeroShotMetrics": "gspgen.evaluate.unseen",
    "encode_clips": "gspgen.evaluate.unseen",
    "zero_shot_eval": "gspgen.evaluate.unseen",
    "zero_shot_metrics": "gspgen.evaluate.unseen",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

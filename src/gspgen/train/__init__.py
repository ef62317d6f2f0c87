"""The train stage: GSP-MC's skeleton-text multi-positive contrastive recognizer.

Public surface: :func:`train`, :func:`evaluate`, :func:`ensemble`; the run directory other stages read
runs through (:class:`RunDir`, :class:`RunMeta`, :class:`Metrics`, :func:`load_meta`,
:func:`read_metrics`) and the records and plot the evaluation writes into it (:class:`Reports`,
:class:`SplitMetrics`, :class:`ConfusedPair`, :class:`Retrieval`, :func:`write_record`,
:func:`confusion_png`); and what inference needs to rebuild a run (:func:`build_model` /
:class:`SkeletonTextModel`, :func:`eval_input`, :func:`load_bank`, :class:`TextSpace`, the class texts
:func:`read_descriptions`, :func:`class_texts` / :class:`ClassTexts`, :func:`embed_texts`). Internals:
run_config (presets), trainer, rundir, textbank (descriptions → cached embeddings), targets, model
(CTR-GCN), loss, data, loop, checkpoint, fusion, plots. The numbers themselves are
:mod:`gspgen.evaluate`'s. Nothing is imported until first use, so ``gspgen --help`` never imports torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.train.data import eval_input
    from gspgen.train.fusion import ensemble
    from gspgen.train.model import SkeletonTextModel
    from gspgen.train.plots import confusion_png
    from gspgen.train.rundir import (
        ConfusedPair,
        Metrics,
        Reports,
        Retrieval,
        RunDir,
        RunMeta,
        SplitMetrics,
        load_meta,
        read_metrics,
        write_record,
    )
    from gspgen.train.targets import TextSpace
    from gspgen.train.textbank import ClassTexts, class_texts, embed_texts, read_descriptions
    from gspgen.train.trainer import build_model, evaluate, load_bank, train

_EXPORTS = {
    "eval_input": "gspgen.train.data",
    "ensemble": "gspgen.train.fusion",
    "SkeletonTextModel": "gspgen.train.model",
    "confusion_png": "gspgen.train.plots",
    "ConfusedPair": "gspgen.train.rundir",
    "Metrics": "gspgen.train.rundir",
    "Reports": "gspgen.train.rundir",
    "Retrieval": "gspgen.train.rundir",
    "RunDir": "gspgen.train.rundir",
    "RunMeta": "gspgen.train.rundir",
    "load_meta": "gspgen.train.rundir",
    "read_metrics": "gspgen.train.rundir",
    "SplitMetrics": "gspgen.train.rundir",
    "write_record": "gspgen.train.rundir",
    "TextSpace": "gspgen.train.targets",
    "ClassTexts": "gspgen.train.textbank",
    "class_texts": "gspgen.train.textbank",
    "embed_texts": "gspgen.train.textbank",
    "read_descriptions": "gspgen.train.textbank",
    "build_model": "gspgen.train.trainer",
    "evaluate": "gspgen.train.trainer",
    "load_bank": "gspgen.train.trainer",
    "train": "gspgen.train.trainer",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

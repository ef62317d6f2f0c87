"""The train stage: GSP-MC's skeleton-text multi-positive contrastive recognizer.

Public surface (imported lazily so ``gspgen --help`` never imports torch): ``train``, ``evaluate``,
``ensemble``, and the run directory (``RunDir``, ``RunMeta``, ``Metrics``, ``load_meta``,
``read_metrics``). Internals: run_config (presets), rundir (every file of a run directory and its typed
records), textbank (descriptions → cached embeddings), model (CTR-GCN), loss, data, loop, checkpoint,
metrics, plots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gspgen.train.rundir import Metrics, RunDir, RunMeta, load_meta, read_metrics

__all__ = ["Metrics", "RunDir", "RunMeta", "ensemble", "evaluate", "load_meta", "read_metrics", "train"]
# The run directory's names and records are public: other stages read runs through them.
RUNDIR_NAMES = {"Metrics", "RunDir", "RunMeta", "load_meta", "read_metrics"}


def __getattr__(name: str) -> Any:
    if name in RUNDIR_NAMES:
        from gspgen.train import rundir

        return getattr(rundir, name)
    if name in ("train", "evaluate"):
        from gspgen.train import trainer

        return getattr(trainer, name)
    if name == "ensemble":
        from gspgen.train.fusion import ensemble

        return ensemble
    raise AttributeError(name)

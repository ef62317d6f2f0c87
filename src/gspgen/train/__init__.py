"""The train stage: GSP-MC's skeleton-text multi-positive contrastive recognizer.

Public surface (imported lazily so ``gspgen --help`` never imports torch): ``train``, ``evaluate``,
``ensemble``. Internals: run_config (presets), rundir (every file of a run directory and its typed
records), texts (descriptions → cached embeddings), model (CTR-GCN), loss, data, loop, checkpoint,
metrics, plots.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ensemble", "evaluate", "train"]


def __getattr__(name: str) -> Any:
    if name in ("train", "evaluate"):
        from gspgen.train import run

        return getattr(run, name)
    if name == "ensemble":
        from gspgen.train.fusion import ensemble

        return ensemble
    raise AttributeError(name)

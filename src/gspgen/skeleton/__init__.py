"""The skeleton stage: keypoint layouts and presets, the canonical dataset, readers, streams, transforms.

Submodules are the public surface (``layouts``, ``dataset``, ``readers``, ``streams``, ``transforms``,
``drawing``); the most used names are re-exported here lazily so importing the package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Preset": "layouts",
    "get_preset": "layouts",
    "SkeletonDataset": "dataset",
    "DatasetWriter": "dataset",
    "import_dataset": "readers",
    "stream": "streams",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)

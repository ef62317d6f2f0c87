"""Use a trained run: recognise new clips, score signs known only by description, export the encoder.

Public surface (imported lazily so ``gspgen --help`` never imports torch): ``recognize`` (clips → top-k
signs, closed set or open vocabulary), ``zero_shot_eval`` (accuracy on classes absent from training),
``export_onnx``. Internals: clips (input files), recognizer (runs and ensembles), zeroshot (description
scoring), evaluate, export.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "recognize": "recognize",
    "zero_shot_eval": "evaluate",
    "export_onnx": "export",
    "ZeroShotConfig": "zeroshot",
    "parse_term_weights": "zeroshot",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)

"""The infer stage: use a trained run to recognise new clips, score signs known only by description, export.

Public surface: :func:`recognize` (clips → top-k signs, closed set or open vocabulary),
:func:`zero_shot_eval` (accuracy on classes absent from training) with :class:`ZeroShotConfig` and
:func:`parse_term_weights`, and :func:`export_onnx`. Internals: clips (input files), recognizer (runs and
ensembles), zeroshot (description scoring), evaluate, onnx_export. Nothing is imported until first use, so
``gspgen --help`` never imports torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.infer.evaluate import zero_shot_eval
    from gspgen.infer.onnx_export import export_onnx
    from gspgen.infer.recognition import recognize
    from gspgen.infer.zeroshot import ZeroShotConfig, parse_term_weights

_EXPORTS = {
    "zero_shot_eval": "gspgen.infer.evaluate",
    "export_onnx": "gspgen.infer.onnx_export",
    "recognize": "gspgen.infer.recognition",
    "ZeroShotConfig": "gspgen.infer.zeroshot",
    "parse_term_weights": "gspgen.infer.zeroshot",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

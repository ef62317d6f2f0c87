"""The infer stage: use a trained run to recognise new clips, score signs known only by description, export.

Public surface: :func:`recognize` (clips → top-k signs, closed set or open vocabulary) and
:func:`export_onnx`; description scoring (:class:`ZeroShotConfig`, :func:`parse_term_weights`,
:func:`described_candidates`, :class:`Candidate`, :class:`TextTable`, :func:`describable`,
:func:`subset`, :func:`text_parts`, :func:`open_probabilities`), a loaded run (:func:`load_recognizer`,
:class:`Recognizer`, :class:`Encoded`) and input clips (:class:`InputClip`, :class:`ClipError`), which
the zero-shot evaluation (:mod:`gspgen.evaluate`) scores with. Internals: clips (input files),
recognizer (runs and ensembles), zeroshot (description scoring), recognition, onnx_export. Nothing is
imported until first use, so ``gspgen --help`` never imports torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.infer.clips import ClipError, InputClip
    from gspgen.infer.onnx_export import export_onnx
    from gspgen.infer.recognition import recognize
    from gspgen.infer.recognizer import Encoded, Recognizer, load_recognizer
    from gspgen.infer.zeroshot import (
        Candidate,
        TextTable,
        ZeroShotConfig,
        describable,
        described_candidates,
        open_probabilities,
        parse_term_weights,
        subset,
        text_parts,
    )

_EXPORTS = {
    "ClipError": "gspgen.infer.clips",
    "InputClip": "gspgen.infer.clips",
    "export_onnx": "gspgen.infer.onnx_export",
    "recognize": "gspgen.infer.recognition",
    "Encoded": "gspgen.infer.recognizer",
    "Recognizer": "gspgen.infer.recognizer",
    "load_recognizer": "gspgen.infer.recognizer",
    "Candidate": "gspgen.infer.zeroshot",
    "TextTable": "gspgen.infer.zeroshot",
    "ZeroShotConfig": "gspgen.infer.zeroshot",
    "describable": "gspgen.infer.zeroshot",
    "described_candidates": "gspgen.infer.zeroshot",
    "open_probabilities": "gspgen.infer.zeroshot",
    "parse_term_weights": "gspgen.infer.zeroshot",
    "subset": "gspgen.infer.zeroshot",
    "text_parts": "gspgen.infer.zeroshot",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

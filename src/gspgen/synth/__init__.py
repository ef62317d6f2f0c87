"""The synth stage: phonology-grounded synthetic signs, lexicon rows → clips the texts describe.

``synthesize(SynthParams(...), out)`` (or :func:`make_params`) writes a canonical dataset
(COCO-WholeBody 133) plus ``phonology.jsonl`` (ground truth per class, :class:`PhonologyRecord`) and
``descriptions.jsonl`` (:func:`description_record`). Also public: :func:`select_classes`, the plan of a
sign (:func:`build_plan`, :class:`SignPlan`, :class:`Phase`, :class:`HandshapeSpec`,
:func:`handshape_table`), the performer (:func:`render`, :class:`Frame`), and the signers
(:func:`make_signers`, :class:`Signer`). See docs/synth.md. Nothing is imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.synth.generate import (
        DESCRIPTIONS_FILE,
        PHONOLOGY_FILE,
        PhonologyRecord,
        SynthParams,
        SynthSummary,
        description_record,
        make_params,
        select_classes,
        synthesize,
    )
    from gspgen.synth.performer import Frame, render
    from gspgen.synth.phonology import HandshapeSpec, Phase, SignPlan, build_plan, handshape_table
    from gspgen.synth.signer import Signer, make_signers

_EXPORTS = {
    "DESCRIPTIONS_FILE": "gspgen.synth.generate",
    "PHONOLOGY_FILE": "gspgen.synth.generate",
    "PhonologyRecord": "gspgen.synth.generate",
    "SynthParams": "gspgen.synth.generate",
    "SynthSummary": "gspgen.synth.generate",
    "description_record": "gspgen.synth.generate",
    "make_params": "gspgen.synth.generate",
    "select_classes": "gspgen.synth.generate",
    "synthesize": "gspgen.synth.generate",
    "HandshapeSpec": "gspgen.synth.phonology",
    "Phase": "gspgen.synth.phonology",
    "SignPlan": "gspgen.synth.phonology",
    "build_plan": "gspgen.synth.phonology",
    "handshape_table": "gspgen.synth.phonology",
    "Frame": "gspgen.synth.performer",
    "render": "gspgen.synth.performer",
    "Signer": "gspgen.synth.signer",
    "make_signers": "gspgen.synth.signer",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""Phonology-grounded synthetic signs: lexicon rows → skeleton clips whose motion the texts describe.

``synthesize(SynthParams(...), out)`` (or :func:`make_params`) writes a canonical dataset
(COCO-WholeBody 133) plus ``phonology.jsonl`` (ground truth per class, :class:`PhonologyRecord`) and
``descriptions.jsonl`` (:func:`description_record`). Also public: :func:`select_classes`, the plan of a
sign (:func:`build_plan`, :class:`SignPlan`, :class:`Phase`, :class:`HandshapeSpec`,
:func:`handshape_table`), :func:`render` / :class:`Frame`, and the signers (:func:`make_signers`,
:class:`Signer`). See docs/synth.md. Nothing is imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.skeleton.synth.generate import (
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
    from gspgen.skeleton.synth.phonology import HandshapeSpec, Phase, SignPlan, build_plan, handshape_table
    from gspgen.skeleton.synth.renderer import Frame, render
    from gspgen.skeleton.synth.signer import Signer, make_signers

_EXPORTS = {
    "DESCRIPTIONS_FILE": "gspgen.skeleton.synth.generate",
    "PHONOLOGY_FILE": "gspgen.skeleton.synth.generate",
    "PhonologyRecord": "gspgen.skeleton.synth.generate",
    "SynthParams": "gspgen.skeleton.synth.generate",
    "SynthSummary": "gspgen.skeleton.synth.generate",
    "description_record": "gspgen.skeleton.synth.generate",
    "make_params": "gspgen.skeleton.synth.generate",
    "select_classes": "gspgen.skeleton.synth.generate",
    "synthesize": "gspgen.skeleton.synth.generate",
    "HandshapeSpec": "gspgen.skeleton.synth.phonology",
    "Phase": "gspgen.skeleton.synth.phonology",
    "SignPlan": "gspgen.skeleton.synth.phonology",
    "build_plan": "gspgen.skeleton.synth.phonology",
    "handshape_table": "gspgen.skeleton.synth.phonology",
    "Frame": "gspgen.skeleton.synth.renderer",
    "render": "gspgen.skeleton.synth.renderer",
    "Signer": "gspgen.skeleton.synth.signer",
    "make_signers": "gspgen.skeleton.synth.signer",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

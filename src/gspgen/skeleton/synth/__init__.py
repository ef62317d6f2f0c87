"""Phonology-grounded synthetic signs: lexicon rows → skeleton clips whose motion the texts describe.

``synthesize(SynthParams(...), out)`` writes a canonical dataset (COCO-WholeBody 133) plus
``phonology.jsonl`` (ground truth per class) and ``descriptions.jsonl``. See docs/synth.md.
"""

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

__all__ = [
    "DESCRIPTIONS_FILE",
    "PHONOLOGY_FILE",
    "Frame",
    "HandshapeSpec",
    "Phase",
    "PhonologyRecord",
    "SignPlan",
    "Signer",
    "SynthParams",
    "SynthSummary",
    "build_plan",
    "description_record",
    "handshape_table",
    "make_params",
    "make_signers",
    "render",
    "select_classes",
    "synthesize",
]

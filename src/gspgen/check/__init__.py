"""The check stage: score generated descriptions against an expert lexicon, and flag contradictions.

Public surface: :func:`check_file` / :class:`Checker` (score a description JSONL), the lexicon sources
(:class:`TableLexicon`, :class:`SynthPhonology`, any :class:`LexiconSource`), :func:`load_report` →
:class:`CheckReport` (``.flags_for(class_id)`` for the review page) and :func:`contradicted_fields`
(for describe's ``--regenerate-rejected``), :func:`fluency_problems` (broken English, for texts no
source checks). Nothing heavy is imported here.
"""

from gspgen.check.checker import Checker, FirstKnown, check_file, open_source, run_check
from gspgen.check.extract import Claim, Extractor, Hand
from gspgen.check.fluency import fluency_problems
from gspgen.check.report import (
    AttributeStats,
    CheckReport,
    FieldCheck,
    RecordCheck,
    Unsupported,
    Verdict,
    contradicted_fields,
    load_report,
    summary_table,
    unsupported_table,
)
from gspgen.check.sources import Coded, LexiconSource, SynthPhonology, TableLexicon, coded_from_morphemes
from gspgen.check.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "AttributeStats",
    "CheckReport",
    "Checker",
    "Claim",
    "Coded",
    "Extractor",
    "FieldCheck",
    "FirstKnown",
    "Hand",
    "LexiconSource",
    "RecordCheck",
    "SynthPhonology",
    "TableLexicon",
    "Unsupported",
    "Verdict",
    "Vocabulary",
    "check_file",
    "coded_from_morphemes",
    "contradicted_fields",
    "fluency_problems",
    "load_report",
    "load_vocabulary",
    "open_source",
    "run_check",
    "summary_table",
    "unsupported_table",
]

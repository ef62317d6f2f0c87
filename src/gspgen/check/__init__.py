"""The check stage: score generated descriptions against an expert lexicon, and flag contradictions.

Public surface: :func:`check_file` / :func:`run_check` / :class:`Checker` (score a description JSONL,
with :func:`open_source` and :class:`FirstKnown` choosing the lexicon), the lexicon sources
(:class:`TableLexicon`, :class:`SynthPhonology`, any :class:`LexiconSource`, :class:`Coded`,
:func:`coded_from_morphemes`), claim extraction (:class:`Extractor`, :class:`Claim`, :class:`Hand`),
the check vocabulary (:func:`load_vocabulary` / :class:`Vocabulary`), :func:`load_report` →
:class:`CheckReport` (``.flags_for(class_id)`` for the review page) with its parts and tables, and
:func:`contradicted_fields` (for describe's ``--regenerate-rejected``), :func:`fluency_problems` (broken
English, for texts no source checks). Nothing is imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
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

_EXPORTS = {
    "Checker": "gspgen.check.checker",
    "FirstKnown": "gspgen.check.checker",
    "check_file": "gspgen.check.checker",
    "open_source": "gspgen.check.checker",
    "run_check": "gspgen.check.checker",
    "Claim": "gspgen.check.extract",
    "Extractor": "gspgen.check.extract",
    "Hand": "gspgen.check.extract",
    "fluency_problems": "gspgen.check.fluency",
    "AttributeStats": "gspgen.check.report",
    "CheckReport": "gspgen.check.report",
    "FieldCheck": "gspgen.check.report",
    "RecordCheck": "gspgen.check.report",
    "Unsupported": "gspgen.check.report",
    "Verdict": "gspgen.check.report",
    "contradicted_fields": "gspgen.check.report",
    "load_report": "gspgen.check.report",
    "summary_table": "gspgen.check.report",
    "unsupported_table": "gspgen.check.report",
    "Coded": "gspgen.check.sources",
    "LexiconSource": "gspgen.check.sources",
    "SynthPhonology": "gspgen.check.sources",
    "TableLexicon": "gspgen.check.sources",
    "coded_from_morphemes": "gspgen.check.sources",
    "Vocabulary": "gspgen.check.vocabulary",
    "load_vocabulary": "gspgen.check.vocabulary",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

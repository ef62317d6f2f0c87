"""The describe stage: vocabulary → four-step RAG prompt chain → one DescriptionRecord JSONL line per gloss.

Public surface: :func:`describe_vocab`, :func:`describe`, :func:`regenerate_rejected`, :class:`RunSummary`,
and the record model :class:`DescriptionRecord` (from :mod:`gspgen.records`); class lists are read by
:mod:`gspgen.vocab`. For check: :func:`entry_reading`, :func:`compare_statements`, :func:`slot` and
``SLOTS`` (what a free-text entry states, and a text's statements against it); a coded row's fact
sentences (:class:`FactSource`, :func:`sign_facts`). Nothing is imported until
first use, so ``gspgen --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.describe.facts import FactSource, sign_facts
    from gspgen.describe.regenerate import regenerate_rejected
    from gspgen.describe.runner import RunSummary, describe, describe_vocab
    from gspgen.describe.statements import SLOTS, compare_statements, entry_reading, slot
    from gspgen.records import DescriptionRecord

_EXPORTS = {
    "FactSource": "gspgen.describe.facts",
    "sign_facts": "gspgen.describe.facts",
    "regenerate_rejected": "gspgen.describe.regenerate",
    "RunSummary": "gspgen.describe.runner",
    "describe": "gspgen.describe.runner",
    "describe_vocab": "gspgen.describe.runner",
    "SLOTS": "gspgen.describe.statements",
    "compare_statements": "gspgen.describe.statements",
    "entry_reading": "gspgen.describe.statements",
    "slot": "gspgen.describe.statements",
    "DescriptionRecord": "gspgen.records",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

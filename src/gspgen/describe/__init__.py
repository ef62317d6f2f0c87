"""The describe stage: vocabulary → four-step RAG prompt chain → one DescriptionRecord JSONL line per gloss.

Public surface (loaded lazily so ``gspgen --help`` stays fast): :func:`describe_vocab`, :func:`describe`,
:func:`regenerate_rejected`, :class:`RunSummary`, and the record models in :mod:`gspgen.records`; class
lists are read by :mod:`gspgen.vocab`. For check: :func:`entry_reading`, :func:`compare_statements`,
:func:`slot` and ``SLOTS`` (what a free-text entry states, and a text's statements against it).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "describe": "gspgen.describe.runner",
    "describe_vocab": "gspgen.describe.runner",
    "RunSummary": "gspgen.describe.runner",
    "regenerate_rejected": "gspgen.describe.regenerate",
    "DescriptionRecord": "gspgen.records",
    "entry_reading": "gspgen.describe.statements",
    "compare_statements": "gspgen.describe.statements",
    "slot": "gspgen.describe.statements",
    "SLOTS": "gspgen.describe.statements",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'gspgen.describe' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)

"""The corpus stage: expert dictionaries → documents → embeddings → a searchable Chroma store.

Public surface (heavy modules load on first attribute access, so ``gspgen --help`` stays fast):
``ingest``, ``IngestReport``, ``open_store``, ``Store``, ``make_embedder``, ``render_entry``, ``Hit``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Hit", "IngestReport", "Store", "ingest", "make_embedder", "open_store", "render_entry"]

_HOMES = {
    "Hit": "gspgen.corpus.hits",
    "IngestReport": "gspgen.corpus.ingest_report",
    "Store": "gspgen.corpus.store",
    "ingest": "gspgen.corpus.ingest",
    "make_embedder": "gspgen.corpus.embedder",
    "open_store": "gspgen.corpus.store",
    "render_entry": "gspgen.corpus.render",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'gspgen.corpus' has no attribute {name!r}")

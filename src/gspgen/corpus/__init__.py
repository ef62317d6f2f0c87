"""The corpus stage: expert dictionaries → documents → embeddings → a searchable Chroma store.

Public surface: :func:`ingest` / :class:`IngestReport`, the store (:func:`open_store`, :class:`Store`,
:class:`Hit`, :func:`make_embedder`, the lookup keys :func:`gloss_key` and :func:`plain_key`), and
:func:`column_map`, the coded lexicon's column mapping from the corpus settings (the lexicon itself is
:mod:`gspgen.lexicon`). Heavy modules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.corpus.documents import gloss_key, plain_key
    from gspgen.corpus.embedder import make_embedder
    from gspgen.corpus.hits import Hit
    from gspgen.corpus.ingest_report import IngestReport
    from gspgen.corpus.ingestion import ingest
    from gspgen.corpus.loaders.entries import column_map
    from gspgen.corpus.store import Store, open_store

_EXPORTS = {
    "gloss_key": "gspgen.corpus.documents",
    "plain_key": "gspgen.corpus.documents",
    "make_embedder": "gspgen.corpus.embedder",
    "Hit": "gspgen.corpus.hits",
    "ingest": "gspgen.corpus.ingestion",
    "IngestReport": "gspgen.corpus.ingest_report",
    "column_map": "gspgen.corpus.loaders.entries",
    "Store": "gspgen.corpus.store",
    "open_store": "gspgen.corpus.store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

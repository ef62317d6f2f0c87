"""The corpus stage: expert dictionaries → documents → embeddings → a searchable Chroma store.

Public surface: :func:`ingest` / :class:`IngestReport`, the store (:func:`open_store`, :class:`Store`,
:class:`Hit`, :func:`make_embedder`, the lookup keys :func:`gloss_key` and :func:`plain_key`), the coded
lexicon shared by check, describe and synth (:func:`load_lexicon`, :class:`ColumnMap`,
:class:`LexiconEntry`, :class:`Morpheme`, :func:`match_glosses`, :func:`column_map` from the corpus
settings), and the renderer of coded facts into English with its phrase bank (:func:`render_entry`,
:func:`wordings` / :class:`Wordings`, ``PHRASINGS``, ``HANDSHAPES``, :func:`handshape_code`,
:func:`finger_details`, :func:`place_to`, :func:`two_hands_meet`). Heavy modules load on first use.
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
    from gspgen.corpus.lexicon import ColumnMap, LexiconEntry, Morpheme, load_lexicon, match_glosses
    from gspgen.corpus.loaders.entries import column_map
    from gspgen.corpus.render import (
        HANDSHAPES,
        PHRASINGS,
        Wordings,
        finger_details,
        handshape_code,
        place_to,
        render_entry,
        two_hands_meet,
        wordings,
    )
    from gspgen.corpus.store import Store, open_store

_EXPORTS = {
    "gloss_key": "gspgen.corpus.documents",
    "plain_key": "gspgen.corpus.documents",
    "make_embedder": "gspgen.corpus.embedder",
    "Hit": "gspgen.corpus.hits",
    "ingest": "gspgen.corpus.ingestion",
    "IngestReport": "gspgen.corpus.ingest_report",
    "ColumnMap": "gspgen.corpus.lexicon",
    "LexiconEntry": "gspgen.corpus.lexicon",
    "Morpheme": "gspgen.corpus.lexicon",
    "load_lexicon": "gspgen.corpus.lexicon",
    "match_glosses": "gspgen.corpus.lexicon",
    "column_map": "gspgen.corpus.loaders.entries",
    "HANDSHAPES": "gspgen.corpus.render",
    "PHRASINGS": "gspgen.corpus.render",
    "Wordings": "gspgen.corpus.render",
    "finger_details": "gspgen.corpus.render",
    "handshape_code": "gspgen.corpus.render",
    "place_to": "gspgen.corpus.render",
    "render_entry": "gspgen.corpus.render",
    "two_hands_meet": "gspgen.corpus.render",
    "wordings": "gspgen.corpus.render",
    "Store": "gspgen.corpus.store",
    "open_store": "gspgen.corpus.store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

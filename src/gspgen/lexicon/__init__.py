"""The coded lexicon shared by corpus, check, describe and synth: ASL-LEX rows → typed phonology → words.

Public surface: the lexicon (:func:`load_lexicon`, :func:`entries_from_rows`, :class:`ColumnMap`,
:class:`LexiconEntry`, :class:`Morpheme`, :func:`match_glosses`) and its phrasing into English with the
phrase bank ``wordings.toml`` (:func:`render_entry`, :func:`wordings` / :class:`Wordings`, ``PHRASINGS``,
the label vocabularies ``HANDSHAPES``, ``HANDSHAPE_LETTERS``, ``HANDSHAPE_NUMBERS``, ``FLEXION``,
``LANGUAGES``, and :func:`handshape_code`, :func:`handshape_words`, :func:`fingers_words`,
:func:`finger_details`, :func:`place_to`, :func:`two_hands_meet`). Nothing is imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.lexicon.coding import (
        ColumnMap,
        LexiconEntry,
        Morpheme,
        entries_from_rows,
        load_lexicon,
        match_glosses,
    )
    from gspgen.lexicon.phrasing import (
        FLEXION,
        HANDSHAPE_LETTERS,
        HANDSHAPE_NUMBERS,
        HANDSHAPES,
        LANGUAGES,
        PHRASINGS,
        Wordings,
        finger_details,
        fingers_words,
        handshape_code,
        handshape_words,
        place_to,
        render_entry,
        two_hands_meet,
        wordings,
    )

_EXPORTS = {
    "ColumnMap": "gspgen.lexicon.coding",
    "LexiconEntry": "gspgen.lexicon.coding",
    "Morpheme": "gspgen.lexicon.coding",
    "entries_from_rows": "gspgen.lexicon.coding",
    "load_lexicon": "gspgen.lexicon.coding",
    "match_glosses": "gspgen.lexicon.coding",
    "FLEXION": "gspgen.lexicon.phrasing",
    "HANDSHAPE_LETTERS": "gspgen.lexicon.phrasing",
    "HANDSHAPE_NUMBERS": "gspgen.lexicon.phrasing",
    "HANDSHAPES": "gspgen.lexicon.phrasing",
    "LANGUAGES": "gspgen.lexicon.phrasing",
    "PHRASINGS": "gspgen.lexicon.phrasing",
    "Wordings": "gspgen.lexicon.phrasing",
    "finger_details": "gspgen.lexicon.phrasing",
    "fingers_words": "gspgen.lexicon.phrasing",
    "handshape_code": "gspgen.lexicon.phrasing",
    "handshape_words": "gspgen.lexicon.phrasing",
    "place_to": "gspgen.lexicon.phrasing",
    "render_entry": "gspgen.lexicon.phrasing",
    "two_hands_meet": "gspgen.lexicon.phrasing",
    "wordings": "gspgen.lexicon.phrasing",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""Lexicon codes become words: every code ASL-LEX uses has a label, and entries read as English."""

from __future__ import annotations

import pytest

from gspgen.corpus.handshapes import handshape_documents
from gspgen.lexicon.coding import MORPHEME_FIELDS, LexiconEntry, load_lexicon
from gspgen.lexicon.phrasing import (
    FLEXION,
    HANDSHAPES,
    MAJOR_LOCATIONS,
    MINOR_LOCATIONS,
    MOVEMENTS,
    SIGN_TYPES,
    handshape_code,
    render_entry,
)

from .conftest import ASL_LEX

VOCABULARIES = {
    "flexion": FLEXION,
    "sign_type": SIGN_TYPES,
    "movement": MOVEMENTS,
    "major_location": MAJOR_LOCATIONS,
    "minor_location": MINOR_LOCATIONS,
    "second_minor_location": MINOR_LOCATIONS,
}


@pytest.fixture(scope="module")
def entries() -> list[LexiconEntry]:
    return load_lexicon(ASL_LEX)


def test_every_code_in_asl_lex_has_words(entries: list[LexiconEntry]) -> None:
    missing: set[str] = set()
    for entry in entries:
        for m in entry.morphemes:
            for field in MORPHEME_FIELDS:
                value = getattr(m, field)
                if field in VOCABULARIES and value is not None and value not in VOCABULARIES[field]:
                    missing.add(f"{field}={value}")
                coded_hand = field.endswith("handshape") and value and not value.endswith("Violation")
                if coded_hand and handshape_code(value) not in HANDSHAPES:
                    missing.add(f"{field}={value}")
    assert not missing


def test_entry_reads_as_english(entries: list[LexiconEntry]) -> None:
    by_id = {e.entry_id: e for e in entries}
    text = render_entry(by_id["book"])
    assert text.startswith('BOOK: American Sign Language sign for "book". English: books, read, textbook.')
    assert (
        "Hand: open B (flat hand, fingers together, thumb extended); all four fingers are fully extended"
        in text
    )
    assert "Two-handed, both hands alike" in text and "Moves in an arc, repeated." in text
    assert (
        "In neutral space in front of the body, with the hands in contact." in text
    )  # each other, not the body
    help_text = render_entry(by_id["help"])
    assert (
        "Two-handed: the dominant hand moves, the other is a still base hand, base hand B (flat hand"
        in help_text
    )
    assert "At the palm of the non-dominant hand, with contact." in help_text
    assert "Moves in a straight line, only once." in render_entry(
        by_id["drink"]
    )  # "not repeated" is said too
    assert "_" not in text and "FullyOpen" not in text


def test_later_morphemes_follow_with_then(entries: list[LexiconEntry]) -> None:
    compound = next(e for e in entries if len(e.morphemes) > 1)
    assert render_entry(compound).count("Then:") == len(compound.morphemes) - 1


def test_handshape_documents_name_letters(entries: list[LexiconEntry]) -> None:
    docs = {d.locator: d for d in handshape_documents(entries, ASL_LEX)}
    v = docs["handshape:v"]
    assert v.gloss == "handshape V" and "letter V" in v.synonyms and "number 2" in v.synonyms
    assert "letter V of the manual alphabet" in v.text and "index and middle" in v.text
    assert "letter Q" in docs["handshape:g"].synonyms
    assert all(d.kind == "handshape" for d in docs.values())

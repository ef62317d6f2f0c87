"""The phrase bank and both renderers read back through the checker as what they say.

Every wording of every coded value (handshape, fingers, flexion, place, movement, repetition, contact)
is checked on its own, and every ASL-LEX entry is rendered — by the lexicon phrasing and as faithful
mode's facts, in the canonical wording and in another phrasing — and checked against its own coding:
every coded attribute correct, none contradicted, no unsupported claim.
"""

from __future__ import annotations

import re
import statistics

import pytest

from gspgen.check import Checker, Coded, TableLexicon, coded_from_morphemes, load_vocabulary
from gspgen.config import bundled_path
from gspgen.describe.facts import FactSource, sign_facts
from gspgen.lexicon.coding import LexiconEntry, load_lexicon
from gspgen.lexicon.phrasing import HANDSHAPES, PHRASINGS, render_morpheme, wordings

ASL_LEX = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
STOP = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "without",
        "from",
        "into",
        "onto",
        "for",
        "as",
        "is",
        "are",
        "be",
        "it",
        "its",
        "this",
        "that",
        "each",
        "both",
        "one",
        "then",
        "than",
        "so",
        "while",
        "also",
        "too",
        "only",
        "just",
        "not",
        "no",
        "very",
    ]
)


@pytest.fixture(scope="module")
def source() -> FactSource:
    return FactSource(ASL_LEX)


@pytest.fixture(scope="module")
def checker(source: FactSource) -> Checker:
    return Checker(source.table, load_vocabulary())


def problems(checker: Checker, text: str, coded: Coded, attributes: set[str] | None = None) -> list[str]:
    """What keeps ``text`` from stating ``coded`` exactly: unstated or contradicted attributes, unsupported claims."""
    found = checker.check_field("t", text, checker.vocabulary.accepted(coded))
    wrong = [
        f"{a} {s}"
        for a, s in found.statuses.items()
        if s != "correct" and (attributes is None or a in attributes)
    ]
    return wrong + [u.message for u in found.unsupported] + [c.message for c in found.contradictions]


def test_every_handshape_wording_names_its_handshape(checker: Checker) -> None:
    bank = wordings()
    failed = []
    for code in HANDSHAPES:
        if code == "lax":  # "relaxed hand" is no coded handshape
            continue
        for shape in bank.shapes(code):
            text = f"The dominant hand takes {shape}."
            if bad := problems(checker, text, {"handshape": (code,)}):
                failed.append(f"{text} -> {bad}")
    assert not failed, failed
    assert all(len(bank.shapes(code)) >= 4 for code in HANDSHAPES if code != "lax")


def test_every_place_movement_repetition_and_contact_wording_reads_back(checker: Checker) -> None:
    bank = wordings()
    failed = []
    for key, places in bank["places"].items():
        attribute, code = ("major_location", key[6:]) if key.startswith("major_") else ("minor_location", key)
        for place in places:
            text = f"The dominant hand is placed {place}."
            if bad := problems(checker, text, {attribute: (code,)}):
                failed.append(f"{text} -> {bad}")
    for code, verbs in bank["movement"].items():
        for verb in verbs:
            for subject, plural in (("The dominant hand", False), ("Both hands", True)):
                text = f"{subject} {bank.verb(verb, plural)}."
                if bad := problems(checker, text, {"movement": (code,)}):
                    failed.append(f"{text} -> {bad}")
    for value in ("true", "false"):
        texts = [f"The dominant hand moves in an arc, {w}." for w in bank["repetition"][value]]
        texts += bank["repetition"][f"{value}_sentence"]
        failed += [
            f"{t} -> {b}" for t in texts if (b := problems(checker, t, {"repeated_movement": (value,)}))
        ]
        for style in ("verb", "tail", "hands"):
            for touch in bank["contact"][f"{value}_{style}"]:
                text = f"The dominant hand is placed at the chin{touch}."
                if bad := problems(checker, text, {"contact": (value,)}):
                    failed.append(f"{text} -> {bad}")
    assert not failed, failed
    assert all(len(v) >= 3 for v in bank["places"].values() if len(v) > 1)


def test_every_finger_and_flexion_wording_reads_back(checker: Checker) -> None:
    """Every wording of the (selected fingers, flexion) pairs ASL-LEX codes."""
    bank = wordings()
    failed = []
    pairs = {(m.selected_fingers, m.flexion) for e in _entries() for m in e.morphemes}
    for fingers, said in bank["fingers"].items():
        for flexion, bends in bank["flexion"].items():
            if (fingers, flexion) not in pairs:
                continue
            for k in range(max(len(said), len(bends))):
                words = said[k % len(said)]
                verb = "are" if words.endswith("fingers") else "is"
                text = f"The dominant hand takes a hand shape: {words} {verb} {bends[k % len(bends)]}."
                coded = {"selected_fingers": (fingers,), "flexion": (flexion,)}
                if bad := problems(checker, text, coded):
                    failed.append(f"{text} -> {bad}")
    assert not failed, failed


def _entries() -> list[LexiconEntry]:
    return load_lexicon(ASL_LEX)


def test_every_asl_lex_entry_reads_back_from_both_renderers(source: FactSource, checker: Checker) -> None:
    """Every coded value of every entry, rendered by the lexicon phrasing and as faithful mode's facts (the
    canonical wording, and one other phrasing per entry, each phrasing in turn): 100 % correct, nothing
    contradicted or unsupported."""
    failed: list[str] = []
    checked = 0
    for i, entry in enumerate(_entries()):
        coded = coded_from_morphemes(m.model_dump() for m in entry.morphemes)
        body = " ".join(
            [render_morpheme(entry.morphemes[0])]
            + [f"Then: {render_morpheme(m)}" for m in entry.morphemes[1:]]
        )
        texts = [("render", body)]
        facts = sign_facts(entry, source.extras.get(entry.row, []), "right")
        if facts is not None:
            k = 1 + i % (PHRASINGS - 1)
            texts += [
                ("facts", facts.text),
                (f"facts phrasing {k}", " ".join(c.say(k) for c in facts.clauses)),
            ]
        for name, text in texts:
            checked += 1
            if bad := problems(checker, text, coded):
                failed.append(f"{entry.entry_id} ({name}): {bad} | {text}")
    assert checked > 3 * 2700
    assert not failed, failed[:10]


def test_synonym_variants_differ_in_words(source: FactSource) -> None:
    """The deterministic variants use other wordings, not only another order: content-word Jaccard with
    the canonical text well under 0.6."""

    def content(text: str) -> set[str]:
        return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP}

    ratios = []
    for entry in _entries()[:300]:
        facts = sign_facts(entry, source.extras.get(entry.row, []), "right")
        if facts is None:
            continue
        canonical = content(facts.text)
        for n in (1, 2, 3):
            variant = content(facts.variant(n))
            ratios.append(len(canonical & variant) / len(canonical | variant))
    assert statistics.median(ratios) <= 0.4, statistics.median(ratios)


def test_neutral_space_contact_is_between_the_hands(source: FactSource) -> None:
    """BOOK, THIN, YEAR: two hands in neutral space touch each other, never 'it' (the space)."""
    for gloss in ("book", "thin", "year"):
        facts = source.facts([gloss], "right")
        assert facts is not None
        place = next(c for c in facts.clauses if c.role == "location")
        assert all("touches it" not in p and "hands" in p for p in place.phrasings), place.phrasings
    table = TableLexicon.from_path(ASL_LEX)
    book = table.entry(["book"])
    assert book is not None and "with the hands in contact" in render_morpheme(book.morphemes[0])

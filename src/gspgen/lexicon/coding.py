"""Structured sign lexicons (ASL-LEX today): rows → typed entries with phonology, and readable text.

Ingest renders entries into documents, the synthetic generator animates their phonology, and
``gspgen check`` compares descriptions against it — so all three read the lexicon through this module.
The column mapping is data (:class:`ColumnMap`), so another lexicon with the same kind of coding can be
mapped without code changes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gspgen.errors import CorpusError

MORPHEME_FIELDS = (
    "handshape",
    "selected_fingers",
    "flexion",
    "spread",
    "thumb_position",
    "thumb_contact",
    "sign_type",
    "movement",
    "repeated_movement",
    "major_location",
    "minor_location",
    "second_minor_location",
    "contact",
    "nondominant_handshape",
)


class ColumnMap(BaseModel):
    """Where each logical field lives in a lexicon table. Defaults: ASL-LEX 2.0."""

    model_config = ConfigDict(extra="forbid")

    entry_id: str = "EntryID"
    lemma_id: str = "LemmaID"
    synonyms: str = "SignBankEnglishTranslations"
    lexical_class: str = "LexicalClass"
    semantic_field: str = "SignBankSemanticField"
    language: str = "ase"
    # Morpheme k's column for a field: template.format(stem=..., m="" for k=1 else f"M{k}").
    morpheme_template: str = "{stem}{m}.2.0"
    first_morpheme_template: str = "{stem}.2.0"
    stems: dict[str, str] = {
        "handshape": "Handshape",
        "selected_fingers": "SelectedFingers",
        "flexion": "Flexion",
        "spread": "Spread",
        "thumb_position": "ThumbPosition",
        "thumb_contact": "ThumbContact",
        "sign_type": "SignType",
        "movement": "Movement",
        "repeated_movement": "RepeatedMovement",
        "major_location": "MajorLocation",
        "minor_location": "MinorLocation",
        "second_minor_location": "SecondMinorLocation",
        "contact": "Contact",
        "nondominant_handshape": "NonDominantHandshape",
    }
    max_morphemes: int = 6

    def column(self, field: str, morpheme: int) -> str:
        template = self.first_morpheme_template if morpheme == 1 else self.morpheme_template
        return template.format(stem=self.stems[field], m=f"M{morpheme}")


class Morpheme(BaseModel):
    """One phonological segment of a sign as coded in the lexicon (None = not coded / NA)."""

    model_config = ConfigDict(extra="forbid")

    handshape: str | None = None
    selected_fingers: str | None = None
    flexion: str | None = None
    spread: bool | None = None
    thumb_position: str | None = None
    thumb_contact: bool | None = None
    sign_type: str | None = None
    movement: str | None = None
    repeated_movement: bool | None = None
    major_location: str | None = None
    minor_location: str | None = None
    second_minor_location: str | None = None
    contact: bool | None = None
    nondominant_handshape: str | None = None


class LexiconEntry(BaseModel):
    """One sign of a structured lexicon."""

    model_config = ConfigDict(extra="forbid")

    entry_id: str
    lemma_id: str | None = None
    synonyms: list[str] = []
    language: str = "ase"
    lexical_class: str | None = None
    semantic_field: str | None = None
    source: str
    row: int  # 1-based data row in the source table (header excluded)
    morphemes: list[Morpheme]

    @property
    def gloss(self) -> str:
        """The display gloss: the entry id with numbering and underscores made readable."""
        return self.entry_id.replace("_", " ")

    @property
    def phonology(self) -> Morpheme:
        return self.morphemes[0]


_MISSING = {"", "na", "n/a", "none_coded", "null"}
_BOOL_FIELDS = {"spread", "thumb_contact", "repeated_movement", "contact"}


def _clean(field: str, raw: str | None) -> str | bool | None:
    value = (raw or "").strip()
    if value.lower() in _MISSING:
        return None
    if field in _BOOL_FIELDS:
        if value in {"0", "1"}:
            return value == "1"
        return None
    return value


def _morpheme(row: Mapping[str, str], columns: ColumnMap, k: int) -> Morpheme | None:
    values = {
        f: _clean(f, row.get(columns.column(f, k))) for f in MORPHEME_FIELDS if columns.column(f, k) in row
    }
    if k > 1 and values.get("handshape") is None and values.get("movement") is None:
        return None
    return Morpheme(**values)  # type: ignore[arg-type]


def _synonyms(raw: str | None) -> list[str]:
    return [s.strip() for s in (raw or "").split(",") if s.strip()]


def entries_from_rows(
    rows: Iterable[Mapping[str, str]], source: str, columns: ColumnMap
) -> list[LexiconEntry]:
    """Typed entries from table rows; rows without an entry id are skipped."""
    entries = []
    for i, row in enumerate(rows, start=1):
        entry_id = (row.get(columns.entry_id) or "").strip()
        if not entry_id:
            continue
        morphemes = [m for k in range(1, columns.max_morphemes + 1) if (m := _morpheme(row, columns, k))]
        entries.append(
            LexiconEntry(
                entry_id=entry_id,
                lemma_id=(row.get(columns.lemma_id) or "").strip() or None,
                synonyms=_synonyms(row.get(columns.synonyms)),
                language=columns.language,
                lexical_class=(row.get(columns.lexical_class) or "").strip() or None,
                semantic_field=(row.get(columns.semantic_field) or "").strip() or None,
                source=source,
                row=i,
                morphemes=morphemes or [Morpheme()],
            )
        )
    return entries


def load_lexicon(path: Path, columns: ColumnMap | None = None) -> list[LexiconEntry]:
    """Read a lexicon CSV/TSV (UTF-8, BOM tolerated) into entries."""
    columns = columns or ColumnMap()
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if columns.entry_id not in (reader.fieldnames or []):
                raise CorpusError(f"no gloss column {columns.entry_id!r} in the header", where=path)
            return entries_from_rows(reader, path.name, columns)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"not UTF-8 (byte {exc.start})", where=path) from None
    except OSError as exc:
        raise CorpusError(exc.strerror or str(exc), where=path) from None


def _keys(text: str) -> set[str]:
    base = text.strip().lower()
    return {base, base.replace("_", " "), base.replace(" ", "_")}


def match_glosses(entries: list[LexiconEntry], glosses: Iterable[str]) -> dict[str, LexiconEntry]:
    """Map each gloss to its lexicon entry: exact entry id, then lemma id, then an English translation.

    Matching is lower-cased; glosses without a match are left out of the result.
    """
    by_entry: dict[str, LexiconEntry] = {}
    by_lemma: dict[str, LexiconEntry] = {}
    by_synonym: dict[str, LexiconEntry] = {}
    for entry in entries:
        for key in _keys(entry.entry_id):
            by_entry.setdefault(key, entry)
        if entry.lemma_id:
            for key in _keys(entry.lemma_id):
                by_lemma.setdefault(key, entry)
        for synonym in entry.synonyms:
            for key in _keys(synonym):
                by_synonym.setdefault(key, entry)
    matched = {}
    for gloss in glosses:
        key = gloss.strip().lower()
        found = by_entry.get(key) or by_lemma.get(key) or by_synonym.get(key)
        if found is not None:
            matched[gloss] = found
    return matched

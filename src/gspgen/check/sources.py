"""Lexicon sources: where the coded (true) phonology of a class comes from.

A source answers one question — which values are coded for this class — through
:class:`LexiconSource`. Two ship: :class:`TableLexicon` (a structured lexicon table such as ASL-LEX,
looked up by gloss) and :class:`SynthPhonology` (the synthetic generator's ``phonology.jsonl``, looked
up by class id). Each coded attribute maps to a tuple of values: the first is the sign's main (first
morpheme) value, the rest are values it also takes (later morphemes, the end location of a setting
change), which a claim may state without being wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from gspgen.errors import DataError
from gspgen.lexicon import ColumnMap, LexiconEntry, Morpheme, load_lexicon, match_glosses

Coded = dict[str, tuple[str, ...]]

# Lexicon field -> the check's attribute (second_minor_location adds to minor_location's accepted values).
_FIELDS = {
    "handshape": "handshape",
    "selected_fingers": "selected_fingers",
    "flexion": "flexion",
    "major_location": "major_location",
    "minor_location": "minor_location",
    "second_minor_location": "minor_location",
    "movement": "movement",
    "repeated_movement": "repeated_movement",
    "contact": "contact",
    "sign_type": "sign_type",
    "nondominant_handshape": "nondominant_handshape",
}
_HANDSHAPES = {"handshape", "nondominant_handshape"}
# Codes that say "not applicable" rather than a value. ASL-LEX marks two-handed exceptions with the
# violation codes: as a handshape they code none, as a sign type they still code two hands.
_NOT_CODED = {"dominanceviolation", "symmetryviolation", "lax", "na", "other", "none_coded"}
_SIGN_TYPES = {"dominanceviolation", "symmetryviolation"}


class LexiconSource(Protocol):
    """What ``gspgen check`` needs from a lexicon: the coded values of one class, or None if unknown."""

    name: str

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> Coded | None: ...


def _value(field: str, raw: str | bool | None) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    value = str(raw).strip()
    if field == "sign_type" and value.lower() in _SIGN_TYPES:
        return value
    if not value or value.lower() in _NOT_CODED:
        return None
    return value.lower() if field in _HANDSHAPES else value


def coded_from_morphemes(morphemes: Iterable[Mapping[str, Any]]) -> Coded:
    """Attribute -> (main value, other accepted values) from morpheme-like mappings, first morpheme first."""
    main: dict[str, str] = {}
    accepted: dict[str, list[str]] = {}
    for k, morpheme in enumerate(morphemes):
        for field, attribute in _FIELDS.items():
            value = _value(field, morpheme.get(field))
            if value is None:
                continue
            if k == 0 and field == attribute:
                main[attribute] = value
            accepted.setdefault(attribute, []).append(value)
    return {a: tuple(dict.fromkeys([v, *accepted[a]])) for a, v in main.items()}


class TableLexicon:
    """A structured lexicon table (ASL-LEX by default), matched to a record by its glosses."""

    def __init__(self, entries: list[LexiconEntry], name: str) -> None:
        self.name = name
        keys = {k for e in entries for k in (e.entry_id, e.lemma_id or "", *e.synonyms) if k}
        keys |= {k.replace("_", " ") for k in keys} | {k.replace(" ", "_") for k in keys}
        self._by_key = {k.strip().lower(): e for k, e in match_glosses(entries, sorted(keys)).items()}

    @classmethod
    def from_path(cls, path: Path, columns: ColumnMap | None = None) -> TableLexicon:
        return cls(load_lexicon(path, columns), path.name)

    def entry(self, glosses: Sequence[str]) -> LexiconEntry | None:
        """The entry of the first gloss that has one (match_glosses' order: entry id, lemma, translation)."""
        for gloss in glosses:
            if (found := self._by_key.get(gloss.strip().lower())) is not None:
                return found
        return None

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> Coded | None:
        entry = self.entry(glosses)
        if entry is None:
            return None
        return coded_from_morphemes(m.model_dump() for m in entry.morphemes)


class SynthPhonology:
    """Ground truth of synthetic classes: ``phonology.jsonl``, one JSON object per class.

    Each line carries ``class_id`` and the class's phonology either as ``morphemes`` (a list of
    :class:`~gspgen.lexicon.Morpheme`-shaped objects), as ``phonology`` (one such object), or
    flat on the line itself. Unknown keys are ignored, so the generator may add its own.
    """

    def __init__(self, by_class: dict[int, Coded], name: str) -> None:
        self.name = name
        self._by_class = by_class

    @classmethod
    def from_path(cls, path: Path) -> SynthPhonology:
        by_class: dict[int, Coded] = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataError(exc.strerror or str(exc), where=path) from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                class_id = int(row["class_id"])
            except (ValueError, KeyError, TypeError):
                raise DataError(
                    "not a phonology line (needs JSON with class_id)", where=f"{path}:{number}"
                ) from None
            morphemes = row.get("morphemes") or [row.get("phonology") or row]
            fields = set(Morpheme.model_fields)
            by_class[class_id] = coded_from_morphemes(
                {k: v for k, v in m.items() if k in fields} for m in morphemes
            )
        return cls(by_class, path.name)

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> Coded | None:
        return self._by_class.get(class_id)

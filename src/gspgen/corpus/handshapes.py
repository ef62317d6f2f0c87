"""One document per handshape found in a lexicon, so P3 refinement can look up "the 'Q' handshape".

Dictionaries describe signs by naming handshapes and manual-alphabet letters; these documents say what
each named hand looks like, which letters and numbers use it, and how the lexicon codes it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from gspgen.corpus.documents import Document
from gspgen.corpus.hits import UNDETERMINED
from gspgen.lexicon import (
    FLEXION,
    HANDSHAPE_LETTERS,
    HANDSHAPE_NUMBERS,
    HANDSHAPES,
    LexiconEntry,
    Morpheme,
    fingers_words,
    handshape_code,
    handshape_words,
)

_EXAMPLES = 5


def _most_common(values: list[str | bool | None]) -> str | bool | None:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _typical(morphemes: list[Morpheme]) -> str:
    """The lexicon's usual coding of a handshape, in words."""
    parts = []
    fingers = _most_common([m.selected_fingers for m in morphemes])
    if isinstance(fingers, str):
        parts.append(f"selected fingers: {fingers_words(fingers)}")
    flexion = _most_common([m.flexion for m in morphemes])
    if isinstance(flexion, str):
        parts.append(FLEXION.get(flexion, flexion))
    spread = _most_common([m.spread for m in morphemes])
    if spread is not None:
        parts.append("spread apart" if spread else "held together")
    thumb = _most_common([m.thumb_position for m in morphemes])
    if isinstance(thumb, str):
        parts.append(f"thumb {thumb.lower()}")
    return "; ".join(parts)


def handshape_names(code: str) -> tuple[str, list[str]]:
    """The document gloss (``handshape open B``) and the other names it is looked up by."""
    name = HANDSHAPES.get(code, (code.replace("_", " "), ""))[0]
    aliases = [f"{name} handshape", f"{name} hand", code, code.replace("_", " ")]
    for letter in HANDSHAPE_LETTERS.get(code, []):
        aliases += [f"letter {letter}", f"{letter} handshape"]
    if code in HANDSHAPE_NUMBERS:
        aliases.append(f"number {HANDSHAPE_NUMBERS[code]}")
    unique = list(dict.fromkeys(a for a in aliases if a.lower() != f"handshape {name}".lower()))
    return f"handshape {name}", unique


def _text(code: str, gloss: str, morphemes: list[Morpheme], signs: list[str]) -> str:
    letters = HANDSHAPE_LETTERS.get(code, [])
    text = f"{gloss}: {handshape_words(code)}."
    if letters:
        text += f" It is the hand for the letter {' and '.join(letters)} of the manual alphabet."
    if code in HANDSHAPE_NUMBERS:
        text += f" It is also the number {HANDSHAPE_NUMBERS[code]}."
    typical = _typical(morphemes)
    if typical:
        text += f" Coded as {typical}."
    return text + f" Used in signs such as {', '.join(signs[:_EXAMPLES])}."


def handshape_documents(entries: list[LexiconEntry], path: Path) -> list[Document]:
    """Every handshape used by the entries (dominant or base hand), as one document each."""
    uses: dict[str, list[Morpheme]] = defaultdict(list)
    signs: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for m in entry.morphemes:
            for raw, coded in ((m.handshape, True), (m.nondominant_handshape, False)):
                if not raw or raw.endswith("Violation"):
                    continue
                code = handshape_code(raw)
                if coded:
                    uses[code].append(m)
                if entry.gloss not in signs[code]:
                    signs[code].append(entry.gloss)
    documents = []
    for code in sorted(signs):
        gloss, aliases = handshape_names(code)
        documents.append(
            Document(
                text=_text(code, gloss, uses[code], signs[code]),
                kind="handshape",
                path=str(path),
                source=path.name,
                locator=f"handshape:{code}",
                gloss=gloss,
                synonyms=aliases,
                language=entries[0].language if entries else UNDETERMINED,
            )
        )
    return documents

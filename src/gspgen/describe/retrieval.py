"""What the chain retrieves: a gloss's own entries (P1) and the entries its description refers to (P3).

The chain needs only two methods of the corpus store (:class:`Retriever`), so any object with them
works. P3's references are found with a few patterns that cover how dictionaries substitute one
description for another: a quoted manual-alphabet letter or handshape (``'Q'``, ``the "flat B"
handshape``), ``X handshape``, ``letter X``, and another sign (``as in 'love'``, ``the sign for LOVE``).

Language: every lookup is restricted to the vocabulary's sign language, because a sign of another
language for the same word is a different sign. A gloss with no entry of its own in that language is
*ungrounded* (no evidence at all, as with ``--no-retrieval``); only ``cross_language`` lets an entry of
another language stand in, and the record then says ``cross_language``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from gspgen.corpus import Hit, gloss_key, plain_key
from gspgen.records import Evidence, Grounding, StepName

Match = Literal["exact", "variant", "semantic", "reference"]
_Q = "['\"‘’“”]"
_NAME = r"[A-Za-z0-9][\w-]{0,12}(?: [A-Za-z0-9][\w-]{0,8})?"
_HANDSHAPE_PATTERNS = (
    re.compile(rf"{_Q}({_NAME}){_Q}\s*-?\s*hand\s?shape", re.I),  # the 'flat B' handshape
    re.compile(rf"(?:manual sign|manual alphabet|letter|fingerspelled)\s+{_Q}?([A-Za-z])(?!\w){_Q}?", re.I),
    re.compile(r"\b([A-Za-z0-9][\w-]*(?: [A-Za-z0-9])?)\s+hand\s?shape", re.I),  # a flat B handshape
)
_SIGN_PATTERNS = (
    re.compile(
        rf"\b(?:as in|like(?: the sign(?: for)?)?|the sign (?:for )?)\s+{_Q}([A-Za-z][\w' -]{{0,24}}?){_Q}",
        re.I,
    ),
    re.compile(r"\b(?:as in|the sign (?:for )?)\s+([A-Z][A-Z-]{1,24})\b"),  # as in LOVE
    re.compile(rf"{_Q}([A-Za-z][\w -]{{0,24}}?){_Q}\s+sign\b", re.I),  # the 'love' sign
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_VARIANT = re.compile(r"\s*\d+$")
_LIST = re.compile(r"[、，,;；/]")  # 暖（温暖、暖和）: several alternatives in one pair of brackets
_ALTERNATIVES = re.compile(
    r"\s*[（(]([^（()）]+)[）)]"
)  # 成效（成功）: a vocabulary gloss printed with its alternative
_NOT_NAMES = {
    "a", "an", "the", "same", "this", "that", "one", "each", "both", "dominant", "non-dominant",
    "nondominant", "other", "its", "their", "your", "final", "initial", "first", "second", "different",
    "starting", "ending", "open", "closed", "relaxed", "hand", "handshape", "sign", "and", "with",
}  # fmt: skip


class Retriever(Protocol):
    """The part of ``gspgen.corpus.store.Store`` the chain uses."""

    def by_gloss(self, gloss: str, *, language: str | None = None) -> list[Hit]: ...

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        gloss: str | None = None,
        kinds: set[str] | None = None,
        language: str | None = None,
    ) -> list[Hit]: ...


@dataclass(frozen=True)
class Found:
    """A retrieved hit and how it was found."""

    hit: Hit
    match: Match
    primary: bool = False  # an entry named by the gloss itself (not one that only translates as it)

    def evidence(self, step: StepName) -> Evidence:
        hit = self.hit
        return Evidence(
            chunk_id=hit.id,
            source=hit.source,
            page=hit.page,
            row=hit.row,
            gloss=hit.gloss,
            score=max(0.0, min(1.0, hit.score)),
            match=self.match,
            step=step,
            text=hit.text,
            language=hit.language,
        )


@dataclass(frozen=True)
class Reference:
    name: str
    kind: Literal["handshape", "entry"]


@dataclass(frozen=True)
class Grounded:
    """What P1 is shown for a gloss, and whether that is the gloss's own entry."""

    found: list[Found]
    grounding: Grounding


def gloss_entries(
    retriever: Retriever, forms: list[str], k: int, *, language: str, cross_language: bool = False
) -> Grounded:
    """The gloss's own entries in ``language`` first, then up to ``k`` other passages of that language.

    ``by_gloss`` also matches entries that merely list the gloss as a translation (ASL-LEX's BEER lists
    "drink"); those rank after the entries *named* by the gloss (headword, a numbered variant such as
    ``drink_2``, or an alternative form such as 外祖父（外公）), which alone are ``primary`` and alone make
    the gloss grounded. Without one: no evidence at all, unless ``cross_language`` finds the gloss's own
    entry in another sign language (shown as another sign, never as "this sign").
    """
    forms = lookup_forms(forms)
    primary, related = _lookup_forms(retriever, forms, language)
    if primary:
        chosen = [*primary, *related[:k]]
        return Grounded(
            [*chosen, *_neighbours(retriever, forms, k, chosen, len(primary), language)], "grounded"
        )
    if cross_language:
        foreign, _ = _lookup_forms(retriever, forms, None)
        other = [Found(f.hit, f.match) for f in foreign if f.hit.language != language]
        if other:
            return Grounded(other, "cross_language")
    return Grounded([], "ungrounded")


def has_entry(retriever: Retriever, forms: list[str], *, language: str, cross_language: bool = False) -> bool:
    """Whether the gloss would now be grounded (or cross-language grounded): the resume check of an
    ungrounded record, so ingesting its language's dictionary later regenerates it."""
    forms = lookup_forms(forms)
    if _lookup_forms(retriever, forms, language)[0]:
        return True
    return cross_language and any(
        f.hit.language != language for f in _lookup_forms(retriever, forms, None)[0]
    )


def own_entries(retriever: Retriever, glosses: list[str], *, language: str) -> list[Found]:
    """The entries the gloss itself names in ``language`` (exact matches before variants): the only entries
    a free-text fact source may take a sign's facts from."""
    primary, _ = _lookup_forms(retriever, lookup_forms(glosses), language)
    return sorted((f for f in primary if f.hit.kind == "entry"), key=lambda f: f.match != "exact")


def lookup_forms(glosses: list[str]) -> list[str]:
    """Every form to look up: each gloss, and for ``成效（成功）`` also ``成效`` and ``成功`` (for
    ``暖（温暖、暖和）`` each of the three)."""
    forms: list[str] = []
    for gloss in glosses:
        forms.append(gloss)
        alternatives = _ALTERNATIVES.findall(gloss)
        if alternatives:
            listed = [a.strip() for group in alternatives for a in _LIST.split(group)]
            forms += [_ALTERNATIVES.sub("", gloss).strip(), *listed]
    return list(dict.fromkeys(f for f in forms if f))


def _lookup_forms(
    retriever: Retriever, forms: list[str], language: str | None
) -> tuple[list[Found], list[Found]]:
    """Exact/variant hits of every form: (the entries the gloss names, the others that list it)."""
    names = {_key(form) for form in forms}
    primary: dict[str, Found] = {}
    related: dict[str, Found] = {}
    for form in forms:
        for hit in retriever.by_gloss(form, language=language):
            is_primary = bool(_names(hit) & names)
            found = Found(hit, hit.match or "exact", is_primary)
            (primary if is_primary else related).setdefault(hit.id, found)
    return list(primary.values()), [f for i, f in related.items() if i not in primary]


def _neighbours(
    retriever: Retriever, forms: list[str], k: int, chosen: list[Found], own: int, language: str
) -> list[Found]:
    """Semantic neighbours of the gloss in its language that fill the ``k`` places left."""
    seen = {f.hit.id for f in chosen}
    neighbours: dict[str, Hit] = {}
    for form in forms:
        # Ask for k more than already chosen: the top hits are usually the gloss's own entries.
        for hit in retriever.search(form, k + len(seen), kinds={"entry", "chunk"}, language=language):
            previous = neighbours.get(hit.id)
            if hit.id not in seen and (previous is None or hit.score > previous.score):
                neighbours[hit.id] = hit
    room = max(0, k - len(chosen) + own)
    best = sorted(neighbours.values(), key=lambda h: -h.score)[:room]
    return [Found(h, "semantic") for h in best]


def _names(hit: Hit) -> set[str]:
    """The names an entry is filed under: its headword and the alternative forms printed with it."""
    return {_key(name) for name in [hit.gloss or "", *hit.variants]} - {""}


def _key(gloss: str) -> str:
    """``drink_2`` / ``Drink 2`` → ``drink``; ``ＡＢＬＡ`` → ``abla``; ``ağaç`` → ``agac``: one spelling of a name."""
    return plain_key(_VARIANT.sub("", gloss_key(gloss)))


def find_references(text: str, own: list[str]) -> list[Reference]:
    """Handshapes, letters and signs that ``text`` names instead of describing (own glosses left out)."""
    skip = {g.lower() for g in own} | _NOT_NAMES
    refs: dict[str, Reference] = {}
    for patterns, kind in ((_HANDSHAPE_PATTERNS, "handshape"), (_SIGN_PATTERNS, "entry")):
        for pattern in patterns:
            for match in pattern.finditer(text):
                name = _ARTICLE.sub("", match.group(1).strip())
                if name.lower() not in skip:
                    refs.setdefault(name.lower(), Reference(name, kind))  # type: ignore[arg-type]
    return list(refs.values())


def reference_entries(
    retriever: Retriever,
    refs: list[Reference],
    exclude: set[str],
    limit: int,
    *,
    language: str,
    cross_language: bool = False,
) -> list[Found]:
    """One entry per reference in ``language``: an exact name match of the wanted kind, else the nearest
    of that kind; with ``cross_language``, another language's when ``language`` has none."""
    found: dict[str, Found] = {}
    for ref in refs:
        hit = _lookup(retriever, ref, language)
        if hit is None and cross_language:
            hit = _lookup(retriever, ref, None)
        if hit is not None and hit.id not in exclude:
            found.setdefault(hit.id, Found(hit, "reference"))
        if len(found) >= limit:
            break
    return list(found.values())


def _lookup(retriever: Retriever, ref: Reference, language: str | None) -> Hit | None:
    names = [ref.name, ref.name.replace(" ", "_"), ref.name.replace("-", "_")]
    if ref.kind == "handshape":  # the corpus names handshape documents "letter Q", "open B handshape"
        names += [f"letter {ref.name}", f"{ref.name} handshape"]
    for name in dict.fromkeys(names):
        exact = [h for h in retriever.by_gloss(name, language=language) if h.kind == ref.kind]
        if exact:
            return exact[0]
    query = f"{ref.name} handshape" if ref.kind == "handshape" else ref.name
    near = retriever.search(query, 1, kinds={ref.kind}, language=language)
    return near[0] if near else None

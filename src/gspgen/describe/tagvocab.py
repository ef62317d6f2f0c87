"""Per-language text vocabularies for free-text entries: how to split, tag and ground a dictionary's own words.

One data file per written language in ``tagvocabularies/`` (``zh`` for CSL dictionaries, ``tr`` for TİD,
``en`` for ASL/BSL and for English renderings): sentence and clause breaks, what to drop (meaning
statements, notes), which words name a hand, a place on the face, mouth or body, or a non-manual
clause, the function words a rewording may add, interchangeable connectives, and (``en``) the
phrase table that renders a claim of the claim vocabulary in English. The claims themselves come from
check's vocabulary for the language (``claims``); what the face and mouth do (``expressions``) and which
phrasings say the same thing (``phrases``, for rewordings that change words, not only their order) come
from here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from gspgen.errors import ConfigError
from gspgen.records import PartTag

BUNDLED = Path(__file__).parent / "tagvocabularies"


class Expression(BaseModel):
    """A non-manual statement (a serious face, raised eyebrows): the part it is about and how it is said."""

    model_config = ConfigDict(extra="forbid")

    tag: PartTag  # face or mouth
    terms: list[str]  # regexes


class TagVocabulary(BaseModel):
    """Everything the free-text fact source needs to know about one written language."""

    model_config = ConfigDict(extra="forbid")

    language: str  # the written language: zh, tr, en
    label: str  # its English name, as prompts say it ("Chinese")
    name: str
    sign_languages: list[str]  # sign languages whose dictionaries are written in it (csl -> zh)
    claims: str  # check's claim vocabulary for texts in this language
    spaced: bool  # words separated by spaces (tr, en); zh grounds per character
    stem: int | None = None  # words compare on this many leading letters (Turkish suffixes)
    suffixes: list[str] = []  # stripped before comparing (English inflections)
    conjunction: str | None = None  # "and" of a spaced script: joins the last clause when clauses move
    meanwhile: str | None = None  # joins a non-manual sentence to the hand's as a clause (同时, bu sırada)
    sentence_end: str  # added to a clause group that ends without one
    sentence_breaks: str  # regex splitting a description into sentences
    clause_breaks: str  # regex splitting a sentence into clauses
    drop: list[str]  # sentences that say what a sign means or refer elsewhere (regex, case-insensitive)
    hands: dict[str, list[str]]  # right / left / both / dominant / nondominant -> regexes
    hand_places: list[
        str
    ] = []  # right after a hand word, these make it a place (sol elin avucuna), not a subject
    places: dict[PartTag, list[str]]  # face / mouth / body -> place words
    nonmanual: dict[PartTag, list[str]]  # a clause opening with one of these is about the face or mouth
    openers: list[str]  # connectives and articles that may come before the hand a clause opens with
    function_words: list[str]  # words a rewording may add without the entry saying them
    connectives: list[list[str]]  # interchangeable connectives (fallback variants swap them)
    expressions: dict[str, Expression] = {}  # non-manual value -> its part and phrases
    phrases: list[list[str]] = []  # interchangeable phrasings (the same statements in other words)
    filler: list[str] = []  # words that state nothing of their own (postpositions, plain verbs of motion)
    english: dict[str, dict[str, str]] = {}  # en: attribute -> claim value -> English phrase
    manner: dict[str, str] = {}  # how a movement is made (轻轻, hafifçe) -> the English adverb

    def words(self, text: str) -> list[str]:
        """Comparable units of ``text``: a Han character or a (folded, stemmed) word."""
        tokens = re.findall(r"[\u3400-\u9fff]|[^\W\d_]+|\d+", fold(text, self.language))
        return [self.key(t) for t in tokens]

    def key(self, word: str) -> str:
        """A word's comparable form: suffixes stripped (repeatedly, keeping three letters), then cut."""
        changed = True
        while changed:
            changed = False
            for suffix in sorted(self.suffixes, key=len, reverse=True):
                if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                    word, changed = word[: -len(suffix)], True
                    break
        return word[: self.stem] if self.stem else word


def fold(text: str, language: str) -> str:
    """Lower case as the language writes it (Turkish: İ -> i, I -> ı)."""
    if language == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()


def match_key(text: str, language: str) -> str:
    """The key a term and every match of it share: :func:`pattern` ignores case as Python does, which takes
    ı, i and I as one letter, so a Turkish text typed without its dotless/dotted distinction ("Iki el",
    folded "ıki el") still matches "iki el" and must find it."""
    return fold(text, language).replace("ı", "i")


def pattern(terms: list[str], spaced: bool) -> re.Pattern[str]:
    """An alternation of regex terms, longest first; spaced languages match whole words only."""
    body = "|".join(f"(?:{t})" for t in sorted(terms, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced else f"(?:{body})", re.IGNORECASE)


@cache
def load_tag_vocabulary(language: str) -> TagVocabulary:
    """The bundled tag vocabulary of a written language ("zh", "tr", "en")."""
    path = BUNDLED / f"{language}.json"
    try:
        return TagVocabulary.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc), where=path) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}", where=path) from None
    except ValueError as exc:
        raise ConfigError(f"not a tag vocabulary: {exc}", where=path) from None


def written_language(sign_language: str) -> str | None:
    """The written language of a sign language's dictionaries, if a tag vocabulary covers it."""
    for path in sorted(BUNDLED.glob("*.json")):
        if sign_language in load_tag_vocabulary(path.stem).sign_languages:
            return path.stem
    return None

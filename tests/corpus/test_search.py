"""Retrieval over the real ASL-LEX store: glosses find their entry, handshapes are findable by name."""

from __future__ import annotations

import re

import pytest

from gspgen.corpus.store import Store

from .conftest import wlasl_targets

pytestmark = pytest.mark.slow  # the session store takes a while to embed once


def _word(gloss: str) -> str:
    """``walk 2`` → ``walk``: numbered variants are entries of the same English gloss."""
    return re.sub(r"\s+\d+$", "", gloss)


def test_gloss_search_puts_the_sign_at_rank_one(asl_lex_store: Store) -> None:
    """Rank 1 is an entry of that gloss: the matched entry itself, or a numbered variant of the same
    English word when ASL-LEX lists two signs for it (WALK / WALK 2); by_gloss picks the exact one."""
    targets = wlasl_targets(20)
    assert len(targets) == 20
    misses, variants = {}, {}
    for gloss, entry in targets.items():
        top = asl_lex_store.search(gloss, k=1)[0]
        if top.kind != "entry" or _word(top.gloss or "") != _word(entry.gloss):
            misses[gloss] = top.gloss
        elif top.gloss != entry.gloss:
            variants[gloss] = top.gloss
        assert asl_lex_store.by_gloss(gloss)[0].gloss == entry.gloss
    assert misses == {}
    assert len(variants) <= 2, variants


def test_by_gloss_matches_entry_ids_first_then_synonyms(asl_lex_store: Store) -> None:
    hits = asl_lex_store.by_gloss("BOOK")
    assert hits[0].gloss == "book" and hits[0].kind == "entry" and hits[0].score == 1.0 and hits[0].row
    assert "open book" in [h.gloss for h in hits[1:]]  # its English translations include "book"
    assert asl_lex_store.by_gloss("drink_2")[0].gloss == "drink 2"
    assert asl_lex_store.by_gloss("no such gloss at all") == []


def test_handshapes_and_letters_are_findable(asl_lex_store: Store) -> None:
    (v,) = asl_lex_store.by_gloss("letter V")
    assert v.kind == "handshape" and v.gloss == "handshape V"
    assert [h.gloss for h in asl_lex_store.by_gloss("Q handshape")] == ["handshape G"]
    hits = asl_lex_store.search(
        "index and middle fingers extended and spread apart", k=3, kinds={"handshape"}
    )
    assert all(h.kind == "handshape" for h in hits)
    assert any("V" in (h.gloss or "").split() for h in hits)  # V, flat V, bent V ...


def test_gloss_filter_restricts_hits(asl_lex_store: Store) -> None:
    hits = asl_lex_store.search("hand movement", k=5, gloss="Book")
    assert hits and all(h.gloss == "book" for h in hits)
    assert all(0.0 <= h.score <= 1.0 for h in hits)

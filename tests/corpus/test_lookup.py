"""Gloss lookup: normalised forms, exact before variant, and one sign language at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import gloss_key, lookup_keys
from gspgen.corpus.embedder import Embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.store import open_store


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("ＡＢＣ", "abc"),
        ("外公", "外公"),
        ("Drink_2", "drink 2"),
        ("  İstanbul ", "istanbul"),
        ("ÇAY", "çay"),
    ],
)
def test_gloss_key_normalises_width_case_and_spacing(printed: str, typed: str) -> None:
    assert gloss_key(printed) == gloss_key(typed)


def test_lookup_keys_rank_headword_translation_variant() -> None:
    head, printed, other = lookup_keys("ağaç 2", ["tree"], ["ağaççık"])
    assert head == {"ağaç 2"} and printed == {"tree"}
    assert {"ağaç", "agac 2", "agac", "agaccik", "ağaççık"} <= other
    assert not other & (head | printed)


def test_by_gloss_marks_exact_and_variant_and_filters_language(tmp_path: Path, minilm: Embedder) -> None:
    entries = [
        {"gloss": "外祖父", "synonyms": ["grandfather"], "language": "csl"},
        {"gloss": "abla", "synonyms": ["older sister"], "language": "tsm"},
        {"gloss": "ağaç", "synonyms": ["tree"], "language": "tsm"},
        {"gloss": "sister", "language": "ase"},
    ]
    (tmp_path / "d.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    settings = CorpusSettings(store_dir=tmp_path / "store")
    assert ingest([tmp_path / "d.json"], settings, embedder=minilm).ok
    store = open_store(settings, minilm)

    (hit,) = store.by_gloss("ＡＢＬＡ")
    assert (hit.gloss, hit.match, hit.language) == ("abla", "exact", "tsm")
    assert [(h.gloss, h.match) for h in store.by_gloss("agac")] == [("ağaç", "variant")]
    assert [h.gloss for h in store.by_gloss("Older Sister")] == ["abla"]
    assert store.by_gloss("grandfather", language="tsm") == []
    assert [h.language for h in store.by_gloss("grandfather", language="csl")] == ["csl"]
    assert {h.language for h in store.search("sister", k=4, language="tsm")} == {"tsm"}
    assert [h.gloss for h in store.search("sister", k=4, gloss="ABLA")] == ["abla"]

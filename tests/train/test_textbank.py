"""Descriptions → per-class texts (approved-only, part tags), the embedding cache and the text bank."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from gspgen.errors import TrainError
from gspgen.jsonio import append_jsonl
from gspgen.train.textbank import EmbeddingCache, build_bank, class_texts, embed_texts, load_descriptions


def test_approved_only_keeps_accepted_and_edited_fields(record_factory) -> None:  # type: ignore[no-untyped-def]
    rec = record_factory(
        0,
        "HELLO",
        {"global.0": "accepted", "synonym.0": "rejected", "synonym.1": "edited", "part.1": "pending"},
    )
    all_texts = class_texts(rec, approved_only=False, part_text="join").by_term
    kept = class_texts(rec, approved_only=True, part_text="join").by_term
    assert kept["global"] == all_texts["global"]
    assert kept["synonyms"] == [rec.synonyms[1]]
    assert (
        kept["right_hand"] == [] and kept["body"] == [] and kept["face"] == []
    )  # part.0 unreviewed, part.1 pending
    assert (
        all_texts["body"] == all_texts["face"] == ["body stays still, face neutral"]
    )  # one segment, two parts


def test_descriptions_may_cover_only_some_classes(tmp_path: Path, record_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.jsonl"
    append_jsonl(path, record_factory(1, "thanks"))  # gloss match is case-insensitive
    texts = load_descriptions(path, {0: "HELLO", 1: "THANKS"})
    assert set(texts) == {1}
    append_jsonl(path, record_factory(1, "THANKS"))
    with pytest.raises(TrainError, match="described twice"):
        load_descriptions(path, {0: "HELLO", 1: "THANKS"})


def test_cache_encodes_each_text_once(tmp_path: Path, text_cache: Path) -> None:
    texts = ["the right hand circles", "both hands tap twice", "the right hand circles"]
    first = embed_texts(texts, "minilm", text_cache)
    assert first.shape == (3, 384) and np.allclose(first[0], first[2])
    from gspgen.corpus.embedder import make_embedder

    cache = EmbeddingCache(text_cache, make_embedder("minilm").name)
    assert cache.missing(texts) == []
    again = embed_texts(texts[:2], "minilm", text_cache)
    assert np.array_equal(again, first[:2])


def test_bank_sampling_by_label(text_cache: Path, record_factory) -> None:  # type: ignore[no-untyped-def]
    from gspgen.train.textbank import class_texts as ct

    texts = {
        0: ct(record_factory(0, "HELLO"), approved_only=False, part_text="join"),
        2: ct(record_factory(2, "PLEASE"), approved_only=False, part_text="join"),
    }
    bank = build_bank(texts, [0, 1, 2], "minilm", text_cache)
    labels = torch.tensor([0, 1, 2, 2, 0])
    feats, index, has = bank.sample("synonyms", labels, torch.Generator().manual_seed(0))
    assert feats.shape == (5, 384) and has.tolist() == [True, False, True, True, True]
    torch.testing.assert_close(feats, bank.embeddings["synonyms"][index])
    syn = bank.embeddings["synonyms"]
    for row, label in zip(feats[has], labels[has], strict=True):
        start, end = bank.offsets["synonyms"][label], bank.offsets["synonyms"][label + 1]
        assert any(torch.equal(row, syn[r]) for r in bank.rows["synonyms"][start:end])
    means, with_text = bank.class_means("global")
    assert with_text.tolist() == [True, False, True] and means.shape == (3, 384)


def test_segments_pair_each_sample_with_all_of_its_class_segments(text_cache: Path, record_factory) -> None:  # type: ignore[no-untyped-def]
    recs = {c: record_factory(c, g) for c, g in ((0, "HELLO"), (2, "PLEASE"))}
    recs[0].parts.append(recs[0].parts[0].model_copy(update={"text": "right hand ends at the chin"}))
    texts = {c: class_texts(r, approved_only=False, part_text="segments") for c, r in recs.items()}
    joined = class_texts(recs[0], approved_only=False, part_text="join")
    assert joined.by_term["right_hand"] == [" ".join(texts[0].by_term["right_hand"])]
    assert len(texts[0].by_term["right_hand"]) == 2
    bank = build_bank(texts, [0, 1, 2], "minilm", text_cache)
    feats, owners, _ = bank.class_segments("right_hand", torch.tensor([2, 0, 0, 1, 2]))
    assert owners.tolist() == [0, 0, 2]  # each class's segments once; class 1 has none
    emb, rows, offsets = bank.embeddings["right_hand"], bank.rows["right_hand"], bank.offsets["right_hand"]
    for c in (0, 2):
        want = emb[rows[offsets[c] : offsets[c + 1]]]
        torch.testing.assert_close(feats[owners == c], want)
    sampled, sampled_labels, _ = bank.sampled_texts("right_hand", torch.tensor([1, 0, 2]), torch.Generator())
    assert sampled.shape == (2, emb.shape[1]) and sampled_labels.tolist() == [0, 2]


def test_texts_over_the_token_limit_warn(tmp_path: Path, text_cache: Path) -> None:
    from gspgen.train.textbank import TextTruncatedWarning

    long_text = " ".join(["the right hand moves from the chin down to the chest twice"] * 40)
    with pytest.warns(TextTruncatedWarning, match=r"1 text\(s\) exceed all-MiniLM-L6-v2's 256-token limit"):
        embed_texts(["short text", long_text], "minilm", tmp_path / "cache")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        embed_texts(["short text", "another short text"], "minilm", tmp_path / "cache")

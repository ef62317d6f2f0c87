"""The vocabulary transform of the text targets and the figures that say whether they separate classes."""

from __future__ import annotations

import math

import numpy as np
import torch

from gspgen.train.run_config import resolve
from gspgen.train.targets import TextSpace, diagnose, fit_space, unit
from gspgen.train.textbank import ClassTexts, TextBank, bank_from_vectors

DIM = 16


def _vocabulary(classes: int = 12, seed: int = 0) -> tuple[dict[int, ClassTexts], dict[str, np.ndarray]]:
    """Texts that share one strong "description" direction; each class differs from the others in a weak
    direction of its own, and its paraphrases differ from each other in a strong shared "wording" plane."""
    rng = np.random.default_rng(seed)
    common = np.zeros(DIM)
    common[0] = 5.0
    wording = np.eye(DIM)[1:3] * 2.0
    texts: dict[int, ClassTexts] = {}
    vectors: dict[str, np.ndarray] = {}
    for c in range(classes):
        own = rng.normal(size=DIM) * 0.4
        own[:3] = 0
        names = [f"class {c} text {k}" for k in range(4)]
        for name in names:
            vectors[name] = unit(common + own + rng.normal(size=2) @ wording)
        texts[c] = ClassTexts({"global": names[:1], "synonyms": names[1:]})
    return texts, vectors


def _figures(bank: TextBank, classes: int) -> dict[str, tuple[float, float, float | None]]:
    report = diagnose(bank, [f"g{c}" for c in range(classes)], "test", 0.1)
    return {t.term: (t.own_mass, t.nearest_own, t.inter_class_cosine) for t in report.terms}


def test_whitening_separates_classes_that_raw_embeddings_crowd_together() -> None:
    texts, vectors = _vocabulary()
    ids = list(texts)
    raw = _figures(bank_from_vectors(texts, ids, vectors, "none"), len(ids))
    centred = _figures(bank_from_vectors(texts, ids, vectors, "center"), len(ids))
    white = _figures(bank_from_vectors(texts, ids, vectors, "whiten"), len(ids))
    assert raw["global"][2] is not None and raw["global"][2] > 0.7  # every text near one direction
    assert abs(centred["global"][2] or 0) < 0.2 and centred["global"][0] > raw["global"][0]
    # Paraphrases differ most in the wording plane: whitening shrinks it, so they find their class.
    assert white["synonyms"][1] > centred["synonyms"][1] and white["synonyms"][1] >= 0.9
    assert white["synonyms"][0] > raw["synonyms"][0]


def test_the_space_maps_new_texts_like_the_vocabulary_and_survives_a_round_trip() -> None:
    texts, vectors = _vocabulary()
    bank = bank_from_vectors(texts, list(texts), vectors, "whiten")
    assert bank.space is not None and bank.space.matrix is not None
    again = TextSpace.from_state(bank.space.state())
    name = texts[3].by_term["synonyms"][0]
    row = bank.rows["synonyms"][bank.offsets["synonyms"][3]]
    new = again.apply("synonyms", torch.from_numpy(vectors[name][None]).float())
    torch.testing.assert_close(new[0], bank.embeddings["synonyms"][row])
    assert torch.allclose(new.norm(dim=1), torch.ones(1))
    assert TextSpace.from_state(None).kind == "none"


def test_whiten_without_paraphrases_only_centres() -> None:
    per_class = {"global": [unit(np.random.default_rng(c).normal(size=(1, DIM))) for c in range(5)]}
    space = fit_space("whiten", per_class)
    assert space.matrix is None and space.kind == "center" and "global" in space.means


def test_identical_texts_are_named_and_are_positives_of_each_class_that_has_them() -> None:
    texts, vectors = _vocabulary(4)
    shared = texts[0].by_term["global"][0]
    texts[2] = ClassTexts({"global": [shared], "synonyms": texts[2].by_term["synonyms"]})
    bank = bank_from_vectors(texts, list(texts), vectors, "whiten")
    report = diagnose(bank, ["a", "b", "c", "d"], "test", 0.1)
    global_term = report.term("global")
    assert global_term is not None and global_term.identical == [["a", "c"]]
    # Counted as one class: the shared text's mass on "its own" includes both owners.
    assert global_term.nearest_own == 1.0
    assert "identical global texts: a=c" in report.line()
    row = int(bank.rows["global"][0])
    positives = bank.positives("global", torch.tensor([0, 1, 2]), torch.tensor([0]), torch.tensor([row]))
    assert positives.flatten().tolist() == [True, False, True]


def test_own_mass_is_the_softmax_share_at_tau() -> None:
    """Two classes, one text each, at cosine c: a text's mass on its own class is e^(1/τ)/(e^(1/τ)+e^(c/τ))."""
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([0.6, 0.8])}
    texts = {0: ClassTexts({"global": ["a"]}), 1: ClassTexts({"global": ["b"]})}
    bank = bank_from_vectors(texts, [0, 1], vectors, "none")
    term = diagnose(bank, ["a", "b"], "test", 0.5).term("global")
    assert term is not None
    expected = math.exp(2) / (math.exp(2) + math.exp(1.2))
    assert abs(term.own_mass - expected) < 1e-5 and term.inter_class_cosine is not None
    assert abs(term.inter_class_cosine - 0.6) < 1e-6


def test_new_runs_get_the_discriminative_defaults_and_old_hashes_hold() -> None:
    config = resolve("cpu-small")
    assert (config.text_transform, config.decision, config.learn_tau) == ("whiten", "texts", False)
    paper = resolve("cpu-small", {"text_transform": "none", "decision": "classifier"})
    # A run.json written before these fields reads as the paper's setting, with the same hash.
    old = paper.model_dump(exclude={"text_transform", "decision", "learn_tau"})
    assert type(paper).model_validate(old).hash() == paper.hash() != config.hash()

"""The decision's prior correction, chosen on validation: for the best mean-class accuracy (balanced), or
the best that keeps the frequent classes within a point (validation)."""

from __future__ import annotations

import numpy as np

from gspgen.train.calibrate import HEAD_TOLERANCE, choose_prior_weight, log_prior


def _scores(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_a_classifier_biased_toward_frequent_classes_gets_a_weight_that_frees_the_rare_ones() -> None:
    """Classes 0-1 have 20 training clips, 2-5 one each. The classifier's evidence for the true class is
    right, but the frequent classes carry a bias of log(20): only a correction lets rare classes win."""
    rng = np.random.default_rng(0)
    counts = np.array([20, 20, 1, 1, 1, 1])
    labels = np.repeat(np.arange(6), 10)
    evidence = np.eye(6)[labels] * 2.0 + rng.normal(0, 0.3, size=(60, 6))
    logits = evidence + np.log(counts)  # what a classifier trained on these counts learns
    choice = choose_prior_weight(_scores(logits), labels, counts, "validation")
    rows = {r.weight: r for r in choice.rows}
    assert choice.weight > 0 and choice.frequent_classes == 2
    assert rows[choice.weight].rare_top1 > rows[0.0].rare_top1 + 0.5
    assert rows[choice.weight].frequent_top1 >= rows[0.0].frequent_top1 - HEAD_TOLERANCE
    assert "weight" in choice.line() and "rare" in choice.line()


def test_validation_rule_lets_no_weight_cost_the_frequent_classes_more_than_the_tolerance() -> None:
    """The rare classes gain only by taking frequent clips. The validation rule keeps the weight at 0; the
    balanced rule pays with 4 of 20 frequent clips for every rare one (mean-class 0.33 -> 0.93)."""
    counts = np.array([20, 20, 1, 1, 1, 1])
    labels = np.array([0] * 10 + [1] * 10 + [2, 3, 4, 5] * 2)
    logits = np.zeros((28, 6))
    logits[:20][np.arange(20), labels[:20]] = 1.0
    logits[[0, 1, 10, 11], 2] = 0.9  # frequent clips: a rare class a close second, the first to win
    logits[20:, 0] = 1.0
    logits[20:][np.arange(8), labels[20:]] = 0.5  # rare clips: right only once the boost is large
    choice = choose_prior_weight(_scores(logits), labels, counts, "validation")
    assert choice.weight == 0.0
    assert max(r.rare_top1 or 0 for r in choice.rows) == 1.0  # a weight that helps them was there
    balanced = choose_prior_weight(_scores(logits), labels, counts, "balanced")
    rows = {r.weight: r for r in balanced.rows}
    assert balanced.weight > 0 and rows[balanced.weight].mean_class == max(
        r.mean_class for r in balanced.rows
    )
    assert rows[balanced.weight].rare_top1 == 1.0 and rows[balanced.weight].frequent_top1 == 0.8


def test_equal_counts_keep_the_decision_as_it_is() -> None:
    counts = np.array([5, 5, 5])
    labels = np.array([0, 1, 2, 0])
    scores = _scores(np.random.default_rng(1).normal(size=(4, 3)))
    assert choose_prior_weight(scores, labels, counts).weight == 0.0
    assert choose_prior_weight(scores, labels, counts, "validation").weight == 0.0
    assert np.allclose(log_prior(np.array([0, 2, 2])), [0.0, np.log(0.5), np.log(0.5)])

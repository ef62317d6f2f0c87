"""The decision's prior correction, chosen on validation once training is over.

A long-tailed training set teaches the classifier that rare classes are rare: a class seen in one clip
loses almost every decision, whatever the clip shows. Logit adjustment (Menon et al., "Long-tail learning
via logit adjustment", ICLR 2021) subtracts w · log(training share) from each class's logit. ``w`` is
chosen here, on the validation split, by one of two rules:

- ``balanced`` (the default of new runs): the highest mean-class accuracy, the measure a long-tailed
  vocabulary is judged by; the frequent classes give up what the rare ones gain, where that pays;
- ``validation``: the highest mean-class accuracy among the weights that keep the frequent classes'
  validation top-1 within HEAD_TOLERANCE of the uncorrected decision (frequent = more training clips
  than the median class).

On the long-tail benchmark (bench/results/longtail.md) the second rule left most of the tail gain unused:
with texts in the decision the rare classes' text score carries them once the prior stops holding them
back. With equal counts every weight decides alike and 0 is kept.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from gspgen.train.rundir import PriorChoice, PriorRow

PriorRule = Literal["balanced", "validation"]

PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
HEAD_TOLERANCE = 0.01  # the frequent classes may lose at most 1 point of validation top-1


def log_prior(counts: np.ndarray) -> np.ndarray:
    """log of each class's share of the training clips; 0 for a class without any (never boosted)."""
    share = counts / max(counts.sum(), 1)
    return np.where(counts > 0, np.log(np.maximum(share, 1e-12)), 0.0)


def choose_prior_weight(
    scores: np.ndarray, labels: np.ndarray, counts: np.ndarray, rule: PriorRule = "balanced"
) -> PriorChoice:
    """The weight by ``rule`` (above), from validation ``scores`` (N, C) decided without correction."""
    logits = np.log(np.maximum(scores, 1e-30))
    prior = log_prior(counts)
    trained = counts[counts > 0]
    frequent = counts > (np.median(trained) if len(trained) else 0)
    rows = [_row(w, logits - w * prior, labels, frequent) for w in PRIOR_WEIGHTS]
    base = rows[0].frequent_top1
    tolerance = HEAD_TOLERANCE if rule == "validation" else 1.0
    allowed = [r for r in rows if base is None or (r.frequent_top1 or 0) >= base - tolerance]
    best = max(allowed, key=lambda r: (round(r.mean_class, 9), -r.weight))
    return PriorChoice(weight=best.weight, frequent_classes=int(frequent.sum()), rows=rows)


def _row(weight: float, logits: np.ndarray, labels: np.ndarray, frequent: np.ndarray) -> PriorRow:
    hit = logits.argmax(axis=1) == labels
    per_class = [hit[labels == c].mean() for c in np.unique(labels)]
    in_frequent = frequent[labels]
    return PriorRow(
        weight=weight,
        top1=float(hit.mean()),
        mean_class=float(np.mean(per_class)),
        frequent_top1=float(hit[in_frequent].mean()) if in_frequent.any() else None,
        rare_top1=float(hit[~in_frequent].mean()) if (~in_frequent).any() else None,
    )

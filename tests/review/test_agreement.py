"""Agreement figures against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.records import DescriptionRecord
from gspgen.review import agreement
from gspgen.review.interrater import cohen_kappa, fleiss_kappa, krippendorff_alpha, percent_agreement
from gspgen.review.log import append_decision, log_path, make_decision

A = ["accepted"] * 5 + ["rejected", "rejected", "edited", "edited", "accepted"]
B = ["accepted"] * 3 + ["rejected", "accepted", "rejected", "accepted", "edited", "accepted", "accepted"]
TWO = [{"ann": a, "ben": b} for a, b in zip(A, B, strict=True)]

# Three reviewers on four fields, plus one field only one of them judged (ignored by every figure).
THREE = [
    {"x": "accepted", "y": "accepted", "z": "accepted"},
    {"x": "accepted", "y": "accepted", "z": "rejected"},
    {"x": "rejected", "y": "rejected", "z": "rejected"},
    {"x": "accepted", "y": "edited", "z": "rejected"},
    {"x": "accepted"},
]


def test_two_reviewers_by_hand() -> None:
    # Agreements on fields 1,2,3,5,6,8,10 -> p_o = 7/10.
    assert percent_agreement(TWO) == pytest.approx(0.7)
    # ann: accepted 6, rejected 2, edited 2; ben: accepted 7, rejected 2, edited 1.
    # p_e = (6*7 + 2*2 + 2*1) / 10^2 = 0.48;  kappa = (0.7 - 0.48) / (1 - 0.48) = 0.22 / 0.52.
    assert cohen_kappa(TWO, "ann", "ben") == pytest.approx(0.22 / 0.52)
    # Coincidences (2 coders, weight 1): n = 20; n_acc = 13, n_rej = 4, n_edit = 3.
    # Disagreeing ordered pairs = 2 * 3 = 6; sum_{c!=k} n_c n_k = 20^2 - (169 + 16 + 9) = 206.
    # alpha = 1 - (n - 1) * 6 / 206 = 1 - 114/206 = 92/206.
    assert krippendorff_alpha(TWO) == pytest.approx(92 / 206)


def test_three_reviewers_by_hand() -> None:
    # Fleiss, m = 3 on the 4 fully rated fields: P_i = (sum n_ij^2 - 3) / 6 = 1, 1/3, 1, 0 -> P = 7/12.
    # Totals accepted 6, rejected 5, edited 1 of 12: P_e = (36 + 25 + 1) / 144 = 62/144.
    # kappa = (84/144 - 62/144) / (82/144) = 22/82.
    assert fleiss_kappa(THREE, ["x", "y", "z"]) == pytest.approx(22 / 82)
    # Pairwise agreement per field: 1, 1/3, 1, 0 (the single-rated field has no pair) -> 7/12.
    assert percent_agreement(THREE) == pytest.approx(7 / 12)
    # Krippendorff, each ordered pair weighs 1/(3-1): n_acc = 6, n_rej = 5, n_edit = 1, n = 12.
    # Disagreement mass: acc-rej 1 + 1 + 0.5 + 0.5 = 3, acc-edit 1, edit-rej 1 -> 5.
    # sum_{c!=k} n_c n_k = 144 - (36 + 25 + 1) = 82; alpha = 1 - 11 * 5 / 82 = 27/82.
    assert krippendorff_alpha(THREE) == pytest.approx(27 / 82)


def test_undefined_when_no_variation() -> None:
    same = [{"a": "accepted", "b": "accepted"}] * 3
    assert percent_agreement(same) == 1.0
    assert cohen_kappa(same, "a", "b") is None  # p_e = 1
    assert krippendorff_alpha(same) is None  # D_e = 0
    assert percent_agreement([{"a": "accepted"}]) is None


def test_report_from_the_log_uses_latest_decision(generated: Path, records: list[DescriptionRecord]) -> None:
    keys = [(r, k) for r in records for k in r.field_texts()][:10]
    log = log_path(generated)
    for (record, key), a, b in zip(keys, A, B, strict=True):
        for name, decision in (("ann", a), ("ben", b)):
            extra = {"reason": "inaccurate"} if decision == "rejected" else {}
            if decision == "edited":
                extra = {"after": "The flat hands open like a book."}
            if name == "ann" and key == keys[0][1] and record is keys[0][0]:
                # ann first rejected field 1, then changed her mind: only the later line counts.
                append_decision(
                    log, make_decision(record, key, reviewer="ann", decision="rejected", reason="unclear")
                )
            append_decision(log, make_decision(record, key, reviewer=name, decision=decision, **extra))
    report = agreement(generated)
    assert report.reviewers == ["ann", "ben"]
    overall = {k.kind: k for k in report.kinds}["all"]
    assert overall.fields == 10
    assert overall.percent == pytest.approx(0.7)
    assert overall.cohen_kappa == pytest.approx(0.22 / 0.52)
    assert overall.krippendorff_alpha == pytest.approx(92 / 206)
    assert overall.fleiss_kappa is None
    # Per kind: the first 10 fields are book's 5 (global.0, synonym.0-1, part.0-1) and drink's 5.
    per_kind = {k.kind: k.fields for k in report.kinds}
    assert per_kind == {"global": 2, "synonym": 4, "part": 4, "all": 10}

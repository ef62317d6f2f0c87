"""The checker on its adversarial set: planted errors found, correct texts and paraphrases left alone.

The set (``tests/check/data/adversarial.jsonl.gz``) is what the seeded generator makes from ASL-LEX rows
(``gspgen.testing.adversarial``; ``bench/adversarial.py`` rewrites it and reports per kind).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.check import Checker, TableLexicon
from gspgen.lexicon.coding import load_lexicon
from gspgen.testing import adversarial as adv

from .conftest import ASL_LEX

SET = Path(__file__).parent / "data" / "adversarial.jsonl.gz"  # written by bench/adversarial.py
SEEDS = {"dev": adv.SEED, "heldout": adv.HELDOUT_SEED, "fresh": adv.FRESH_SEED}


@pytest.fixture(scope="module")
def cases() -> list[adv.Case]:
    return adv.read(SET)


def test_the_set_is_what_the_seeded_generator_makes(cases: list[adv.Case]) -> None:
    fresh = [c for name, seed in SEEDS.items() for c in adv.generate(ASL_LEX, seed, adv.PER_KIND, name)]
    assert fresh == cases
    kinds = {c.kind for c in cases}
    assert kinds == {*adv.CLEAN, *adv.EXPECTED} and len(cases) == len(SEEDS) * len(kinds) * adv.PER_KIND
    planted = [c for c in cases if c.kind not in adv.CLEAN]
    assert all(c.planted and c.planted in c.text and c.text != c.base_text for c in planted)


def test_every_planted_kind_is_found_and_nothing_correct_is_flagged(
    cases: list[adv.Case], lexicon: TableLexicon
) -> None:
    checker = Checker(lexicon)
    entries = load_lexicon(ASL_LEX)
    for name in SEEDS:
        scores = adv.score([c for c in cases if c.templates == name], checker, entries)
        alarms = {k: s["misses"] for k, s in scores.items() if k in adv.CLEAN and s["hits"]}
        assert not alarms, (name, alarms)
        low = {
            k: (s["rate"], s["misses"][:3])
            for k, s in scores.items()
            if k not in adv.CLEAN and s["rate"] < 0.95
        }
        assert not low, (name, low)


def test_a_planted_error_is_what_is_found() -> None:
    """Scoring asks for a finding on the planted attribute, not any finding: a swap read as something
    else is not a detection."""
    case = adv.Case(id="x", templates="dev", gloss="drink", row=1, kind="swap_movement", base="paraphrase",
                    text="It is done twice.", base_text="It is done.", planted="twice")  # fmt: skip
    entry = next(e for e in load_lexicon(ASL_LEX) if e.row == 1)
    scores = adv.score([case], Checker(TableLexicon.from_path(ASL_LEX)), [entry])
    assert scores["swap_movement"]["hits"] == 0  # a count, found as such, is no movement swap

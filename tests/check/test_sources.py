"""Lexicon sources: the ASL-LEX table, the synthetic generator's phonology.jsonl, and their chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gspgen.check import Checker, FirstKnown, SynthPhonology, TableLexicon
from gspgen.check.sources import coded_from_morphemes
from gspgen.errors import DataError


def phonology(tmp_path: Path) -> Path:
    """Lines shaped like gspgen synth's PhonologyRecord (extra keys are ignored)."""
    lines = [
        {
            "class_id": 4,
            "gloss": "custom",
            "morphemes": [
                {
                    "handshape": "B",
                    "sign_type": "OneHanded",
                    "minor_location": "Chin",
                    "contact": True,
                    "spread": None,
                },
                {"handshape": "s", "minor_location": "Forehead", "movement": "Straight"},
            ],
            "description": "ignored",
        },
        {"class_id": 5, "phonology": {"movement": "Circular", "repeated_movement": False}},
    ]
    path = tmp_path / "phonology.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def test_synth_phonology_by_class_id(tmp_path: Path) -> None:
    source = SynthPhonology.from_path(phonology(tmp_path))
    coded = source.coded_attributes(4, ["anything"])
    assert coded == {
        "handshape": ("b", "s"),  # lower-cased; the 2nd morpheme's value is accepted too
        "sign_type": ("OneHanded",),
        "minor_location": ("Chin", "Forehead"),
        "contact": ("true",),
    }
    assert source.coded_attributes(5, []) == {"movement": ("Circular",), "repeated_movement": ("false",)}
    assert source.coded_attributes(6, ["mother"]) is None


def test_synth_phonology_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"class_id": 1}\n{"gloss": "no id"}\n')
    with pytest.raises(DataError, match="bad.jsonl:2"):
        SynthPhonology.from_path(bad)
    with pytest.raises(DataError):
        SynthPhonology.from_path(tmp_path / "missing.jsonl")


def test_first_known_source_answers(tmp_path: Path, lexicon: TableLexicon) -> None:
    chain = FirstKnown([SynthPhonology.from_path(phonology(tmp_path)), lexicon])
    assert chain.coded_attributes(4, ["mother"])["minor_location"] == ("Chin", "Forehead")  # type: ignore[index]
    assert chain.coded_attributes(77, ["mother"])["minor_location"] == ("Chin",)  # type: ignore[index]
    assert chain.name == "phonology.jsonl + signdata-11-5-20.csv"
    field = Checker(chain).check_field(
        "g", "The S handshape touches the forehead.", chain.coded_attributes(4, []) or {}
    )
    assert field.statuses["handshape"] == "correct" and field.statuses["minor_location"] == "correct"


def test_table_lexicon_matches_like_match_glosses(lexicon: TableLexicon) -> None:
    assert lexicon.entry(["thank you"]).entry_id.lower() == "thank_you"  # type: ignore[union-attr]
    assert lexicon.entry(["THANK_YOU"]) is not None
    assert lexicon.entry(["zzz-not-a-sign", "mother"]).entry_id.lower() == "mother"  # type: ignore[union-attr]
    assert lexicon.entry(["zzz-not-a-sign"]) is None


def test_uncoded_values_are_left_out() -> None:
    """A violation code names no handshape, but as a sign type it still says: two hands."""
    coded = coded_from_morphemes(
        [
            {
                "sign_type": "DominanceViolation",
                "nondominant_handshape": "DominanceViolation",
                "minor_location": "Other",
            }
        ]
    )
    assert coded == {"sign_type": ("DominanceViolation",)}

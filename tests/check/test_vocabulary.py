"""Vocabularies are data: another language's vocabulary is a TOML file, with no code change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gspgen.check import Checker, SynthPhonology, load_vocabulary
from gspgen.check.vocabulary import readable
from gspgen.errors import ConfigError

TOML = """
language = "tsm"
name = "Turkish descriptions, toy coding"
name_templates = ["{name} el şekli"]
location_cues = ["de", "da", "dokunur"]
orientation_cues = ["avuç"]
negations = ["değil"]
clause_breaks = "[.;]"

[hand_cues]
nondominant = ["sol el"]
dominant = ["sağ el"]

[attributes.minor_location]
label = "yer"
[attributes.minor_location.values.Chin]
terms = ["çene(de|ye)?"]
implies = { major_location = "Head" }
display = "çene"
[attributes.minor_location.values.Forehead]
terms = ["alın(da)?"]

[attributes.major_location]
label = "bölge"
[attributes.major_location.values.Head]
terms = []

[attributes.handshape]
label = "el şekli"
hands = "split"
nondominant_attribute = "nondominant_handshape"
[attributes.handshape.values.b]
names = ["B"]

[attributes.nondominant_handshape]
label = "diğer el şekli"
values_from = "handshape"
"""


def test_a_toml_vocabulary_for_another_language(tmp_path: Path) -> None:
    (tmp_path / "tsm.toml").write_text(TOML, encoding="utf-8")
    vocabulary = load_vocabulary(tmp_path / "tsm.toml")
    truth = tmp_path / "phonology.jsonl"
    truth.write_text(json.dumps({"class_id": 0, "morphemes": [{"minor_location": "Forehead", "major_location": "Head",
                                                               "handshape": "b"}]}) + "\n")  # fmt: skip
    checker = Checker(SynthPhonology.from_path(truth), vocabulary)
    field = checker.check_field(
        "global.0", "B el şekli çeneye dokunur.", checker.source.coded_attributes(0, []) or {}
    )
    assert field.statuses == {
        "minor_location": "contradicted",
        "major_location": "correct",
        "handshape": "correct",
    }
    assert field.contradictions[0].message == "yer: says 'çeneye', lexicon: forehead"
    left = checker.check_field("part.0", "sol el B el şekli", {"nondominant_handshape": ("b",)})
    assert left.statuses == {"nondominant_handshape": "correct"}


def test_bad_vocabulary_files(tmp_path: Path) -> None:
    (tmp_path / "v.json").write_text('{"language": "x"}')
    with pytest.raises(ConfigError, match="name"):
        load_vocabulary(tmp_path / "v.json")
    (tmp_path / "v.toml").write_text("not = [valid")
    with pytest.raises(ConfigError, match="not a vocabulary file"):
        load_vocabulary(tmp_path / "v.toml")
    with pytest.raises(ConfigError):
        load_vocabulary(tmp_path / "missing.toml")


def test_bundled_vocabulary_is_valid_and_readable() -> None:
    vocabulary = load_vocabulary("ase")
    assert vocabulary.language == "ase"
    assert vocabulary.compatible("handshape", "family_5", "curved_5")
    assert not vocabulary.compatible("handshape", "curved_5", "5")
    assert vocabulary.compatible("nondominant_handshape", "open_b", "family_b")
    assert (
        readable("FullyOpen") == "fully open"
        and readable("open_b") == "open B"
        and readable("family_5") == "5"
    )


def test_the_bundled_vocabulary_is_a_data_file_that_knows_every_rendered_handshape() -> None:
    """ase.json was written from the renderer's handshape table: a look added there must be added here."""
    import re

    from gspgen.check.vocabulary import BUNDLED, bundled_vocabularies
    from gspgen.lexicon.phrasing import HANDSHAPES

    assert "ase" in bundled_vocabularies() and (BUNDLED / "ase.json").exists()
    vocab = load_vocabulary("ase")
    terms = {t for v in vocab.values_of("handshape").values() for t in v.terms}
    missing = [code for code, (_, look) in HANDSHAPES.items() if re.escape(look) not in terms]
    assert not missing

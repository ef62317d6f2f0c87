"""``train.text_encoder = "auto"`` (the default) follows the texts' language; a named encoder that cannot
read them is an error, never silent. A run on CSL (Chinese) texts uses the multilingual encoder and says so."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from gspgen.config import Settings, TrainSettings
from gspgen.describe.faithful import english_texts, entry_texts_notes
from gspgen.errors import ConfigError
from gspgen.jsonio import append_jsonl
from gspgen.records import DescriptionRecord, Generation, PartSegment
from gspgen.textlang import resolve_encoder, written_language

CHINESE = ["右手伸食指，置于胸前，向前移动两下。", "表情严肃。", "双手平伸，掌心向下，向两侧分开。"]
TURKISH = ["Sağ el yumruk yapılır ve göğüs önünde iki kez öne doğru itilir.", "Kaşlar kalkıktır."]
ENGLISH = ["The right hand traces a circle in front of the chest.", "A loop with the dominant hand."]


def test_written_language_of_texts() -> None:
    assert written_language(CHINESE) == "zh" and written_language(TURKISH) == "tr"
    assert written_language(ENGLISH) == "en" and written_language([]) is None
    rendered = [
        "Both hands take the V handshape, and as the entry puts it: “ve eller göğüs önünde küçük bir daire çizer”."
    ]
    assert written_language(rendered) == "en"  # an English rendering that quotes the Turkish entry


def test_auto_follows_the_texts_and_an_english_only_encoder_for_chinese_is_an_error() -> None:
    assert resolve_encoder("auto", CHINESE) == ("usem", "text encoder: usem (auto: the texts are Chinese)")
    assert resolve_encoder("auto", TURKISH)[0] == "usem"
    assert resolve_encoder("auto", ENGLISH) == (
        "minilm",
        "text encoder: minilm (auto: the texts are English)",
    )
    assert resolve_encoder("auto", []) == ("minilm", None)  # CE only: nothing is encoded
    assert resolve_encoder("usem", CHINESE) == ("usem", "text encoder: usem")
    with pytest.raises(ConfigError, match="reads English only"):
        resolve_encoder("minilm", CHINESE)
    spec, line = resolve_encoder("st:/models/mine", TURKISH)  # unknown to gspgen: a loud warning
    assert spec == "st:/models/mine" and line and "warning: the texts are Turkish" in line


def test_describe_defaults_follow_the_vocabulary_language() -> None:
    default = Settings()
    assert default.train.text_encoder == "auto" and default.describe.entry_texts == "auto"
    assert not english_texts(default)  # a CSL / TİD entry keeps its own words
    assert entry_texts_notes(default, {"csl", "ase"}) == [
        (False, "csl: texts from dictionary entries in the entry's own words (Chinese), for text encoder "
                "usem (train.text_encoder = auto)")
    ]  # fmt: skip
    minilm = Settings(train={"text_encoder": "minilm"})
    assert english_texts(minilm)  # an English-only encoder named: English renderings
    assert entry_texts_notes(minilm, {"tsm"})[0][1].startswith(
        "tsm: texts from dictionary entries rendered in English"
    )
    mismatch = Settings(train={"text_encoder": "minilm"}, describe={"entry_texts": "entry"})
    warnings = [line for warn, line in entry_texts_notes(mismatch, {"csl"}) if warn]
    assert warnings and "reads English only" in warnings[0]


def _chinese_record(class_id: int, gloss: str) -> DescriptionRecord:
    now = datetime.now(UTC)
    moves = ["向前", "向后", "向上", "向下"][class_id % 4]
    return DescriptionRecord(
        class_id=class_id,
        glosses=[gloss],
        language="csl",
        primary_description=f"右手伸食指，{moves}移动两下。",
        global_descriptions=[f"右手伸食指，置于胸前，{moves}移动两下。表情严肃。"],
        synonyms=[f"右手伸出食指，放在胸部前方，{moves}移两次。神情严肃。"],
        parts=[PartSegment(text=f"右手伸食指，{moves}移动两下。", parts=["right_hand"])],
        generation=Generation(model="test", endpoint_kind="fake", steps={}, started_at=now, finished_at=now),
    )


@pytest.mark.slow
def test_a_csl_texts_run_uses_the_multilingual_encoder_by_default(
    tiny_data: Path, tiny_settings: TrainSettings
) -> None:
    from gspgen.train import train

    descriptions = Path("csl.jsonl")
    for cid, gloss in enumerate(["HELLO", "THANKS", "PLEASE", "SORRY"]):
        append_jsonl(descriptions, _chinese_record(cid, gloss))
    assert tiny_settings.text_encoder == "auto"
    out = io.StringIO()
    settings = tiny_settings.model_copy(update={"epochs": 1})
    train(tiny_data, Path("run"), settings, descriptions=descriptions, console=Console(file=out, width=200))
    assert "text encoder: usem (auto: the texts are Chinese)" in out.getvalue()
    assert json.loads(Path("run/run.json").read_text())["config"]["text_encoder"] == "usem"
    with pytest.raises(ConfigError, match="reads English only"):  # named, and wrong: nothing is written
        train(
            tiny_data,
            Path("run2"),
            settings.model_copy(update={"text_encoder": "minilm"}),
            descriptions=descriptions,
        )
    assert not Path("run2").exists()

"""Settings are resolved per call: file < GSPGEN_* environment < flags, and every bad field is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import load_settings
from gspgen.errors import ConfigError


def test_two_calls_with_two_files_give_two_settings() -> None:
    Path("a.toml").write_text('[train]\nepochs = 3\n[llm]\nmodel = "a"\n')
    Path("b.toml").write_text("[train]\nepochs = 5\n")
    first, second = load_settings(None, Path("a.toml")), load_settings(None, Path("b.toml"))
    assert (first.train.epochs, first.llm.model) == (3, "a")
    assert (second.train.epochs, second.llm.model) == (5, None)
    assert load_settings().train.epochs is None  # no ./gspgen.toml: the earlier --config left no trace
    Path("gspgen.toml").write_text("[train]\nepochs = 7\n")
    assert load_settings().train.epochs == 7


def test_flags_beat_the_environment_which_beats_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("run.toml").write_text("[train]\nepochs = 3\nseed = 1\nlr = 0.5\n")
    monkeypatch.setenv("GSPGEN_TRAIN__SEED", "2")
    monkeypatch.setenv("GSPGEN_TRAIN__LR", "0.25")
    settings = load_settings({"train": {"lr": 0.125, "epochs": None}}, Path("run.toml"))
    assert (settings.train.epochs, settings.train.seed, settings.train.lr) == (3, 2, 0.125)


def test_a_bad_file_names_itself_and_every_invalid_field(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("bad.toml").write_text(
        '[train]\nbatch_size = "many"\nepoch = 3\n[llm]\ntemperature = "hot"\n[review]\nport = 1.5\n'
    )
    monkeypatch.setenv("GSPGEN_LLM__MAX_TOKENS", "lots")
    with pytest.raises(ConfigError) as caught:
        load_settings({"describe": {"synonyms": "three"}}, Path("bad.toml"))
    error = caught.value
    assert error.where == "bad.toml" and error.message.startswith("6 invalid settings: ")
    for field in ("train.batch_size", "train.epoch", "llm.temperature", "review.port"):
        assert f"{field}: " in error.message, field
    assert "llm.max_tokens: Input should be a valid integer" in error.message
    assert "(GSPGEN_LLM__MAX_TOKENS)" in error.message and "describe.synonyms" in error.message
    assert "train.batch_size: Input should be a valid integer, unable to parse string as an integer;" in (
        error.message
    )


def test_an_invalid_environment_alone_is_not_blamed_on_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("gspgen.toml").write_text("[train]\nepochs = 3\n")
    monkeypatch.setenv("GSPGEN_TRAIN__EPOCHS", "ten")
    with pytest.raises(ConfigError, match=r"train\.epochs: .*\(GSPGEN_TRAIN__EPOCHS\)") as caught:
        load_settings()
    assert caught.value.where is None


def test_missing_and_malformed_files_are_named() -> None:
    with pytest.raises(ConfigError, match="no such settings file") as caught:
        load_settings(None, Path("nowhere.toml"))
    assert caught.value.where == "nowhere.toml"
    Path("torn.toml").write_text("[train\nepochs = 3\n")
    with pytest.raises(ConfigError, match=r"not valid TOML: .*line 1") as caught:
        load_settings(None, Path("torn.toml"))
    assert caught.value.where == "torn.toml"


def test_the_cli_reports_the_config_it_was_given() -> None:
    Path("gspgen.toml").write_text("[train]\nepochs = 3\n")
    Path("other.toml").write_text("[train]\nepochs = -1\nframes = 'x'\n")
    result = CliRunner().invoke(app, ["train", "--data", "d", "-o", "r", "--config", "other.toml"])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception).startswith("other.toml: 1 invalid setting: train.frames")

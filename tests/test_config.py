"""Settings are resolved per call: file < GSPGEN_* environment < flags, and every bad field is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import TrainSettings, load_settings
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


def test_every_run_config_field_can_be_set_from_the_train_section() -> None:
    """docs/method.md and docs/presets.md promise any RunConfig field in [train]; TrainSettings must keep up."""
    from gspgen.train.run_config import RunConfig, resolve
    from gspgen.train.trainer import overrides

    settable = set(TrainSettings.model_fields)
    missing = set(RunConfig.model_fields) - {"preset"} - settable
    assert not missing, f"RunConfig fields without a [train] setting: {sorted(missing)}"
    # and a value set in the file reaches the run's config
    Path("gspgen.toml").write_text(
        "[train]\nmomentum = 0.5\nmirror_p = 0.25\ndropout = 0.1\nlr_decay = 0.2\n"
    )
    train = load_settings().train
    config = resolve(train.preset, overrides(train))
    assert (config.momentum, config.mirror_p, config.dropout, config.lr_decay) == (0.5, 0.25, 0.1, 0.2)


def test_model_and_text_caches_live_in_one_per_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GSPGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    settings = load_settings()
    assert settings.llm.models_dir == tmp_path / "xdg" / "gspgen" / "models"
    assert settings.train.text_cache_dir == tmp_path / "xdg" / "gspgen" / "text-cache"
    monkeypatch.setenv("GSPGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert load_settings().llm.models_dir == tmp_path / "mine" / "models"


def test_bundled_folders_are_read_from_the_installed_package_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gspgen import resources

    assert (resources.bundled_path("prompts") / "chain.toml").is_file()  # the source tree's
    (tmp_path / "pkg" / "_bundled" / "vocab").mkdir(parents=True)
    monkeypatch.setattr(resources, "files", lambda package: tmp_path / "pkg")
    assert resources.bundled_path("vocab") == tmp_path / "pkg" / "_bundled" / "vocab"

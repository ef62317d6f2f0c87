"""One output-flag convention: every command that writes takes ``-o/--output``; the retired ``--out`` works."""

from __future__ import annotations

import sys
from typing import Any

import pytest
import typer

from gspgen.cli import app, main, renamed_flags


def _commands(command: Any, path: str = "gspgen") -> list[tuple[str, Any]]:
    """Every command and group under ``command`` (typer's own click: matched by shape, not by class)."""
    found = [(path, command)]
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            found += _commands(sub, f"{path} {name}")
    return found


def test_every_output_option_is_dash_o_and_output() -> None:
    outputs = {}
    for path, command in _commands(typer.main.get_command(app)):
        for param in command.params:
            if {"-o", "--out", "--output"} & set(getattr(param, "opts", [])):
                outputs[path] = sorted(param.opts)
    assert len(outputs) >= 9, outputs  # train, ensemble, synth, data import/show, export, describe, ...
    assert {path: opts for path, opts in outputs.items() if opts != ["--output", "-o"]} == {}


def test_the_retired_out_flag_is_renamed_before_parsing() -> None:
    assert renamed_flags(["synth", "--out", "d", "--classes", "3"]) == [
        "synth",
        "--output",
        "d",
        "--classes",
        "3",
    ]
    assert renamed_flags(["train", "--out=run"]) == ["train", "--output=run"]
    assert renamed_flags(["x", "--outer", "-o", "a", "--", "--out"]) == [
        "x",
        "--outer",
        "-o",
        "a",
        "--",
        "--out",
    ]


def test_the_console_script_still_accepts_out(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "argv", ["gspgen", "ensemble", "nowhere", "--out", "fused"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 1  # a usage error (unknown option) would be 2
    assert "not a run directory" in capsys.readouterr().err


def test_a_closed_set_eval_refuses_a_settings_file_it_would_ignore(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    (tmp_path / "run").mkdir()
    (tmp_path / "s.toml").write_text("")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "run"), "--config", str(tmp_path / "s.toml")])
    assert result.exit_code == 2 and "--zero-shot" in result.output


def test_choice_flags_offer_exactly_what_the_stages_accept() -> None:
    """The CLI spells a few Literal choices itself (so `gspgen --help` imports no numpy): they must match."""
    from typing import get_args

    from gspgen.cli import _data
    from gspgen.skeleton.dataset import Split
    from gspgen.skeleton.readers import Format
    from gspgen.train.run_config import PRESETS, PresetName
    from gspgen.train.run_config import Split as TrainSplit

    assert get_args(_data.FormatChoice) == get_args(Format)
    assert get_args(_data.SplitChoice) == get_args(Split) == get_args(TrainSplit)
    assert set(get_args(PresetName)) == set(PRESETS)


def test_commands_that_report_results_take_json_and_shared_flags_mean_one_thing() -> None:
    reporting = {
        "gspgen ingest", "gspgen search", "gspgen describe", "gspgen check", "gspgen synth", "gspgen train",
        "gspgen eval", "gspgen ensemble", "gspgen recognize", "gspgen export", "gspgen pipeline",
        "gspgen data info", "gspgen review status", "gspgen review agreement", "gspgen review merge",
    }  # fmt: skip
    options = {
        path: {opt: param for param in command.params for opt in getattr(param, "opts", [])}
        for path, command in _commands(typer.main.get_command(app))
    }
    assert {path for path in reporting if "--json" not in options[path]} == set()
    meaning = {"-k": "--top", "--limit": "--limit", "--vocab": "--vocab", "--seed": "--seed"}
    for path, opts in options.items():
        for flag, long in meaning.items():
            if flag in opts:
                assert long in opts[flag].opts, (path, flag, opts[flag].opts)
    assert "-k" not in options["gspgen synth"] and "--classes" not in options["gspgen synth"]

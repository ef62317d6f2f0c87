"""``gspgen review ...`` end to end: the commands write (and read) the real artefacts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.review.log import append_decision, log_path, make_decision

runner = CliRunner()


def _review(generated: Path, records: list[DescriptionRecord]) -> None:
    log = log_path(generated)
    for name in ("ann", "ben"):
        append_decision(log, make_decision(records[0], "global.0", reviewer=name, decision="accepted"))
        append_decision(
            log,
            make_decision(records[0], "synonym.0", reviewer=name, decision="rejected", reason="inaccurate"),
        )
    append_decision(
        log, make_decision(records[1], "part.0", reviewer="ann", decision="edited", after="C hand.")
    )


def test_status_agreement_merge_export(
    generated: Path, records: list[DescriptionRecord], tmp_path: Path
) -> None:
    _review(generated, records)
    result = runner.invoke(app, ["review", "status", str(generated)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert re.search(
        r"all\s+│\s+17\s+│\s+1\s+│\s+1\s+│\s+1\s", result.output
    )  # pending accepted edited rejected
    assert re.search(r"ann\s+│\s+3 / 20", result.output)

    result = runner.invoke(app, ["review", "agreement", str(generated)], env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "100.0%" in result.output

    out = tmp_path / "reviewed.jsonl"
    result = runner.invoke(app, ["review", "merge", str(generated), "-o", str(out), "--adjudicator", "ann"])
    assert result.exit_code == 0, result.output
    merged = list(read_jsonl(out, DescriptionRecord))
    assert merged[0].synonyms == records[0].synonyms[1:]
    assert merged[1].parts[0].text == "C hand." and merged[1].review.fields["part.0"].status == "edited"

    gap = tmp_path / "gap"
    result = runner.invoke(app, ["review", "export", str(generated), "--to", "gap", "-o", str(gap)])
    assert result.exit_code == 0 and (gap / "pasta.txt").exists()
    result = runner.invoke(app, ["review", "export", str(generated), "--to", "prodigy", "-o", "x.json"])
    assert result.exit_code != 0


def test_serve_answers_on_loopback(generated: Path) -> None:
    command = [sys.executable, "-c", "from gspgen.cli import main; main()", "review", "serve", str(generated)]
    command += ["--reviewer", "ann", "--port", "0", "--no-open"]
    env = os.environ | {"COLUMNS": "200", "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(f"{url}api/index", timeout=10) as response:
            index = json.load(response)
        assert index["reviewer"] == "ann" and index["total"] == 20
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()

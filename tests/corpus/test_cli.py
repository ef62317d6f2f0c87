"""``gspgen ingest`` and ``gspgen search`` end to end: exit codes, printed lines, and the store written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder
from gspgen.corpus.store import open_store

pytestmark = pytest.mark.slow  # loads the embedding model in-process


def test_ingest_reports_failures_with_exit_code_and_search_shows_hits(
    tmp_path: Path, minilm: Embedder
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "signs.json").write_text(
        json.dumps([{"gloss": "tree", "movement": "forearm twists"}]), encoding="utf-8"
    )
    (corpus / "empty.md").write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--store", "st"])
    assert result.exit_code == 1
    assert f"failed: {corpus / 'empty.md'}: empty file" in " ".join(result.output.split())
    assert open_store(CorpusSettings(store_dir=Path("st")), minilm).count() == 1

    found = runner.invoke(app, ["search", "tree", "--store", "st", "-k", "1"])
    assert found.exit_code == 0 and "tree" in found.output and "signs.json" in found.output
    as_json = runner.invoke(app, ["search", "tree", "--store", "st", "--top", "1", "--json"])
    (hit,) = json.loads(as_json.stdout)
    assert (hit["gloss"], hit["source"]) == ("tree", "signs.json")
    again = runner.invoke(app, ["ingest", str(corpus / "signs.json"), "--store", "st", "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["unchanged"] == 1

"""The issue's own case on a real Chroma store: SLR500 (Chinese Sign Language) glosses against an
ASL-only store must not be grounded in ASL entries, even where ASL-LEX has the same English word."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings
from gspgen.corpus.ingestion import ingest
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI

# English glosses of SLR500's first 20 classes that ASL-LEX also has (FUTURE, SITUATION, ...), plus others.
ASL_WORDS = {"future", "situation", "form", "advantage", "result", "area", "goal", "book", "drink", "sister"}


def store_settings() -> CorpusSettings:
    return CorpusSettings(store_dir=Path.cwd() / ".gspgen" / "store")


@pytest.fixture
def asl_only_store(asl_lex_csv: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real ASL-LEX sample ingested into the store ``gspgen describe`` opens. The store path is made
    absolute: chromadb caches clients by path string, and every test's ``.gspgen/store`` reads the same."""
    monkeypatch.setenv("GSPGEN_CORPUS__STORE_DIR", str(Path.cwd() / ".gspgen" / "store"))
    with asl_lex_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    gloss = rows[0].index("EntryID")
    sample = Path("asl-lex-sample.csv")
    with sample.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *(r for r in rows[1:] if r[gloss].lower() in ASL_WORDS)])
    report = ingest([sample], store_settings())
    assert report.ok and report.added >= len(ASL_WORDS)
    return sample


def test_slr500_on_the_asl_only_store_is_ungrounded_with_one_warning(
    fake: FakeOpenAI, asl_only_store: Path, vocab_dir: Path
) -> None:
    args = ["describe", "--vocab", str(vocab_dir / "slr500_classes.tsv"), "--limit", "20"]
    args += ["--base-url", fake.base_url, "--model", "fake-model", "-o", "slr500.jsonl"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = list(read_jsonl(Path("slr500.jsonl"), DescriptionRecord))
    assert len(written) == 20
    assert {r.language for r in written} == {"csl"}
    assert {r.grounding for r in written} == {"ungrounded"}
    assert [e for r in written for e in r.evidence] == []  # no ASL evidence anywhere
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: no csl dictionary entries for 20 of 20 glosses: ingest a Chinese Sign Language (CSL) "
        "dictionary (gspgen ingest DIR --language csl)"
    ]
    assert re.search(r"grounded / ungrounded / cross-language\s*│\s*0 / 20 / 0", result.output)

    # Control: the same store does hold ASL entries for these words; only --cross-language uses them.
    crossed = CliRunner().invoke(app, [*args, "--cross-language"])
    assert crossed.exit_code == 0, crossed.output
    by_gloss = {r.glosses[1]: r for r in read_jsonl(Path("slr500.jsonl"), DescriptionRecord)}
    future = by_gloss["FUTURE"]
    assert future.grounding == "cross_language" and future.language == "csl"
    assert [(e.gloss, e.language) for e in future.evidence if e.step == "p1_describe"] == [("future", "ase")]
    assert by_gloss["DYNAMIC"].grounding == "ungrounded"


def test_a_csl_dictionary_in_the_same_store_grounds_slr500_in_csl_entries_only(
    fake: FakeOpenAI, asl_only_store: Path, vocab_dir: Path
) -> None:
    from gspgen.testing.printed import chinese_entries, write_dictionary_pdf

    entries = chinese_entries(10)  # 抹布 and two with alternative forms, then SLR500 classes 0..6
    Path("csl").mkdir()
    pdf = write_dictionary_pdf(Path("csl") / "csl.pdf", entries, language="csl")
    assert ingest([pdf], store_settings(), language="csl").ok
    args = ["describe", "--vocab", str(vocab_dir / "slr500_classes.tsv"), "--limit", "7"]
    result = CliRunner().invoke(app, [*args, "--base-url", fake.base_url, "--model", "m", "-o", "csl.jsonl"])
    assert result.exit_code == 0, result.output
    written = list(read_jsonl(Path("csl.jsonl"), DescriptionRecord))
    assert {r.grounding for r in written} == {"grounded"}
    for record in written:
        first = record.evidence[0]
        assert (first.gloss, first.match, first.language) == (record.glosses[0], "exact", "csl")
        assert {e.language for e in record.evidence} == {"csl"}  # FUTURE, SITUATION never reach ASL-LEX
    assert "warning:" not in result.output

"""End to end with real parts: a Chroma store built by the corpus stage from ASL-LEX rows, and a real
llama.cpp server (SmolLM2-135M: fast, its text is junk — the plumbing is what is checked here)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rich.console import Console

from gspgen.config import Settings
from gspgen.describe.runner import describe
from gspgen.jsonio import read_jsonl
from gspgen.records import PART_TAGS, DescriptionRecord
from gspgen.vocab import VocabEntry

QUIET = Console(quiet=True)
GLOSSES = ["book", "drink", "chair", "love", "coffee", "read"]


def small_lexicon(source: Path, target: Path) -> Path:
    """The ASL-LEX rows of a few signs, same columns, as a CSV the corpus stage ingests."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["EntryID"].lower() in GLOSSES]
        fields = reader.fieldnames or []
    target.parent.mkdir(parents=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.mark.slow
def test_real_llama_cpp_and_real_store(asl_lex_csv: Path) -> None:
    from gspgen.corpus.ingestion import ingest
    from gspgen.corpus.store import open_store

    lexicon = small_lexicon(asl_lex_csv, Path("corpus/signdata-11-5-20.csv"))
    settings = Settings(
        corpus={"store_dir": Path("store")},
        llm={"embedded_model": "smollm2-135m", "threads": 1, "validation_retries": 4, "temperature": 0.5},
        describe={"output": Path("out.jsonl"), "synonyms": 1, "retrieve_k": 1, "mode": "paper"},
    )
    report = ingest([lexicon.parent], settings.corpus)
    assert report.ok
    store = open_store(settings.corpus)
    entries = [VocabEntry(class_id=7, glosses=["book"], line=1)]
    summary = describe(settings, entries, retriever=store, console=QUIET)
    assert summary.calls >= 4 and summary.prompt_tokens > 0
    assert summary.failed == 0, summary.failed_output.read_text()
    record = next(read_jsonl(summary.output, DescriptionRecord))
    assert record.class_id == 7 and record.generation.endpoint_kind == "embedded"
    assert record.generation.model == "smollm2-135m-instruct-q4_1"
    book = [e for e in record.evidence if e.match == "exact"]
    assert book and book[0].gloss == "book" and book[0].source == "signdata-11-5-20.csv" and book[0].row
    assert all(set(p.parts) <= set(PART_TAGS) for p in record.parts)
    assert len(record.synonyms) == 1
    # The server is gone once the run is over, and a second identical run needs no LLM at all.
    again = describe(settings, entries, retriever=store, force=True, console=QUIET)
    assert (again.calls, again.cached) == (0, 1)

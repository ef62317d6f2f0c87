"""--regenerate-rejected: only rejected fields change, and the reviewer's note reaches the prompt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from gspgen.describe.regenerate import regenerate_rejected
from gspgen.describe.runner import describe
from gspgen.jsonio import append_jsonl, read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.review import write_rejections_file
from gspgen.review.log import Decision, log_path
from gspgen.testing.fake_openai import FakeOpenAI
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)
ENTRIES = [VocabEntry(class_id=i, glosses=[g], line=i + 1) for i, g in enumerate(["book", "drink"])]


def decide(path: Any, record: DescriptionRecord, key: str, decision: str, note: str = "") -> None:
    text = record.field_texts()[key]
    reason = "inaccurate" if decision == "rejected" else None
    append_jsonl(
        log_path(path),
        Decision(
            reviewer="ana", time=datetime.now(UTC), class_id=record.class_id, key=key,
            decision=decision, reason=reason, note=note, before=text,  # type: ignore[arg-type]
        ),
    )  # fmt: skip


def test_rejected_fields_are_regenerated_in_place(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url)
        summary = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
        book, drink = list(read_jsonl(summary.output, DescriptionRecord))
        decide(summary.output, book, "synonym.1", "rejected", note="the palm faces down, not up")
        decide(summary.output, book, "global.0", "accepted")
        decide(summary.output, book, "synonym.0", "accepted")
        fake.description = "Both open B hands start palms together and open like a book."
        before = fake.calls
        rejections = write_rejections_file(summary.output)
        result = regenerate_rejected(settings, rejections, retriever=retriever, console=QUIET)
        asks = fake.requests[before:]
    assert (result.selected, result.done, result.failed) == (1, 1, 0)
    assert len(asks) == 1 and "the palm faces down, not up" in asks[0]["messages"][1]["content"]
    new_book, new_drink = list(read_jsonl(summary.output, DescriptionRecord))
    assert new_drink == drink  # untouched
    assert new_book.global_descriptions == book.global_descriptions
    assert new_book.synonyms[0] == book.synonyms[0] and new_book.synonyms[2] == book.synonyms[2]
    assert new_book.synonyms[1] != book.synonyms[1] and "open like a book" in new_book.synonyms[1]
    assert new_book.generation.steps["p2_synonyms"].attempts == 1
    assert new_book.review.status == "pending"


def test_only_narrows_regeneration_and_other_records_stay(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url)
        summary = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
        book, drink = list(read_jsonl(summary.output, DescriptionRecord))
        decide(summary.output, book, "synonym.1", "rejected")
        decide(summary.output, drink, "synonym.0", "rejected")
        fake.description = "Both hands tip an imaginary cup to the mouth."
        rejections = write_rejections_file(summary.output)
        result = regenerate_rejected(settings, rejections, only=["DRINK"], retriever=retriever, console=QUIET)
    assert (result.selected, result.done) == (1, 1)
    new_book, new_drink = list(read_jsonl(summary.output, DescriptionRecord))
    assert new_book == book  # rejected too, but not asked for
    assert new_drink.synonyms[0] != drink.synonyms[0] and "cup" in new_drink.synonyms[0]


def test_flags_regeneration_would_ignore_are_refused(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from gspgen.cli import app

    generated = tmp_path / "d.jsonl"
    generated.write_text("")
    for flag in (["--force"], ["--language", "csl"], ["--mode", "paper"], ["--vocab", "v.txt"]):
        result = CliRunner().invoke(app, ["describe", "--regenerate-rejected", str(generated), *flag])
        assert result.exit_code == 2, flag
        assert flag[0] in result.output and "--regenerate-rejected" in result.output

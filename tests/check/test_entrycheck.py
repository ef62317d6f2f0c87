"""``gspgen check`` on CSL and TİD records made from printed dictionary entries: every text's statements
against its own entry (kept / added / contradicted), per slot, through the CLI a user runs."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from gspgen.check import load_report
from gspgen.check.entrycheck import check_entry_record, entry_checks
from gspgen.cli import app
from gspgen.corpus.hits import Hit
from gspgen.describe.runner import describe
from gspgen.jsonio import append_jsonl, read_jsonl
from gspgen.records import DescriptionRecord, PartSegment
from gspgen.testing.fake_openai import FakeOpenAI
from gspgen.testing.planted import PlantedEntry, csl_entries, tid_entries
from gspgen.vocab import VocabEntry
from tests.describe.conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)


def _records(entries: list[PlantedEntry], language: str, **describe_: object) -> list[DescriptionRecord]:
    """Faithful records of ``entries`` (no LLM), from their printed text as retrieval returns it."""
    hits = [
        Hit(id=e.headword, text=e.printed.head_line("〔〕") + "\n" + e.printed.body, score=1.0, kind="entry",
            source="dictionary.pdf", gloss=e.headword, synonyms=[e.printed.translation], language=language, page=1)
        for e in entries
    ]  # fmt: skip
    vocab = [
        VocabEntry(class_id=i, glosses=[e.headword], language=language, line=i + 1)
        for i, e in enumerate(entries)
    ]
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url, describe={"mode": "faithful", "reword": False, **describe_})
        summary = describe(settings, vocab, retriever=MemoryRetriever(hits), console=QUIET)
    return sorted(read_jsonl(summary.output, DescriptionRecord), key=lambda r: r.class_id)


def test_untouched_records_keep_every_statement_and_add_none() -> None:
    for entries, language in ((csl_entries(12), "csl"), (tid_entries(12), "tsm")):
        for english in ({}, {"entry_texts": "english"}):
            report = entry_checks(_records(entries, language, **english))
            assert report is not None and report.totals["records"] == 12
            t = report.totals
            assert t["kept"] == t["statements"] > 0 and t["added"] == t["contradicted"] == t["dropped"] == 0
            assert t["fields_missing"] == 0 and all(k == s for k, s in report.by_slot.values())
            assert {"other_hand", "handshape", "place", "movement", "palm", "nonmanual"} <= set(
                report.by_slot
            )


def test_check_reports_added_contradicted_and_dropped_statements_against_the_entry() -> None:
    records = _records(csl_entries(6), "csl")
    situation = records[0]  # 左手五指张开，掌心向外；右手五指撮合，在左手背上，轻拍一下。噘嘴。
    tampered = situation.model_copy(
        update={
            "synonyms": [
                situation.global_descriptions[0].replace(
                    "掌心向外", "掌心向内"
                ),  # the other hand's palm flipped
                situation.global_descriptions[0].replace(
                    "噘嘴。", "噘嘴，表情严肃。"
                ),  # a face the entry lacks
                *situation.synonyms[2:],
            ],
            "parts": [PartSegment(text="噘嘴。", parts=["right_hand"]), *situation.parts[1:]],
        }
    )
    check = check_entry_record(tampered, "right")
    assert check is not None
    flipped, added = check.fields[1], check.fields[2]
    assert (flipped.key, added.key) == ("synonym.0", "synonym.1")
    assert flipped.contradicted == ["palm in (nondominant) '掌心向内' (entry: out '掌心向外')"]
    assert flipped.missing == ["palm out (nondominant) '掌心向外'"]
    assert added.added == ["nonmanual serious (nonmanual) '表情严肃'"] and not added.contradicted
    assert check.dropped == []  # the global text still says everything
    assert check.kept["other_hand"] == [3, 3] and check.kept["nonmanual"] == [1, 1]

    path = Path("csl.jsonl")
    for record in [tampered, *records[1:]]:
        append_jsonl(path, record)
    result = CliRunner().invoke(app, ["check", str(path), "-o", "report.json"])
    assert result.exit_code == 0, result.output
    assert "records vs their own dictionary entries" in result.output
    assert "情况 synonym.0: contradicts the entry: palm in (nondominant)" in result.output
    assert "情况 synonym.1: adds nonmanual serious" in result.output
    assert "not in the lexicon" not in result.output  # checked against their entries instead
    report = load_report(Path("report.json"))
    assert report.entries is not None and report.records == []
    entries = report.entries
    assert (
        entries.totals["contradicted"] == 1
        and entries.totals["added"] == 1
        and entries.totals["dropped"] == 0
    )
    assert entries.flags_for(situation.class_id) == {
        "synonym.0": ["contradicts the entry: palm in (nondominant) '掌心向内' (entry: out '掌心向外')"],
        "synonym.1": ["adds nonmanual serious (nonmanual) '表情严肃'"],
    }


def test_a_record_that_drops_the_entrys_statements_says_which() -> None:
    (record,) = _records(tid_entries(1), "tsm")
    short = record.model_copy(
        update={"global_descriptions": ["Kaşlar çatılır."], "synonyms": [], "parts": []}
    )
    check = check_entry_record(short, "right")
    assert check is not None
    assert check.kept["nonmanual"] == [1, 1] and check.kept["handshape"] == [0, 1]
    assert "handshape i (dominant) 'serçe parmağı kaldırılır'" in check.dropped
    assert check.fields[0].missing  # the global text must keep every statement

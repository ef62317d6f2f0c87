"""A describe run end to end against the fake server: records, evidence, resume, cache, crash safety."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from gspgen.config import Settings, bundled_path
from gspgen.describe.runner import FailedGloss, describe
from gspgen.errors import StoreError
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI, Reply
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)
ENTRIES = [
    VocabEntry(class_id=10 + i, glosses=[g], line=i + 1) for i, g in enumerate(["book", "drink", "chair"])
]


def records(path: Path) -> list[DescriptionRecord]:
    return list(read_jsonl(path, DescriptionRecord))


def test_records_are_grounded_and_complete(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    settings = fake_settings(fake.base_url, describe={"retrieve_k": 3})
    summary = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert (summary.done, summary.failed, summary.calls) == (3, 0, 12)
    written = {r.class_id: r for r in records(summary.output)}
    assert sorted(written) == [10, 11, 12]
    book = written[10]
    assert book.glosses == ["book"] and book.language == "ase"
    assert book.evidence[0].gloss == "book" and book.evidence[0].match == "exact"
    assert book.evidence[0].score == 1.0 and book.evidence[0].row is not None
    assert {e.match for e in book.evidence} >= {"exact", "semantic"}
    assert book.generation.endpoint_kind == "fake" and book.generation.model == "fake-model"
    assert set(book.generation.steps) == {"p1_describe", "p2_synonyms", "p3_refine", "p4_parts"}
    assert book.generation.prompt_tokens == sum(t.prompt_tokens for t in book.generation.steps.values()) > 0
    assert len(book.synonyms) == 3 and book.review.status == "pending"
    assert book.parts[1].parts == ["right_hand", "left_hand", "face"]  # dominant = right by default
    # P1 put the entry itself first, marked as this sign.
    p1 = fake.requests[0]["messages"][1]["content"]
    assert "[1] (this sign) BOOK:" in p1 or "(this sign) DRINK" in p1 or "(this sign) CHAIR" in p1


def test_default_shows_own_entries_and_one_other(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    summary = describe(fake_settings(fake.base_url), ENTRIES[:1], retriever=retriever, console=QUIET)
    book = records(summary.output)[0]
    p1 = [e for e in book.evidence if e.step == "p1_describe"]
    assert [e.gloss for e in p1][0] == "book" and len(p1) == 2  # its own entry, then one other passage
    assert fake.requests[0]["messages"][1]["content"].count("\n[") == 2


def test_llama_cpp_style_schema_constraint(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url, llm={"schema_mode": "json_object_schema"})
        describe(settings, ENTRIES[:1], retriever=retriever, console=QUIET)
        fmt = fake.requests[0]["response_format"]
    assert fmt["type"] == "json_object" and fmt["schema"]["required"] == ["description"]


def test_json_schema_mode_for_openai_like_servers(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    describe(fake_settings(fake.base_url), ENTRIES[:1], retriever=retriever, console=QUIET)
    fmt = fake.requests[1]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["title"] in {
        "Description",
        "Synonyms",
    }


def test_left_dominant_convention(fake: FakeOpenAI) -> None:
    settings = fake_settings(fake.base_url, describe={"use_retrieval": False, "dominant_hand": "left"})
    summary = describe(settings, ENTRIES[:1], console=QUIET)
    record = records(summary.output)[0]
    assert record.parts[0].parts == ["left_hand"]
    assert record.evidence == [] and record.generation.retrieval is False


def test_resume_skips_complete_and_cache_makes_zero_calls(
    fake: FakeOpenAI, retriever: MemoryRetriever
) -> None:
    settings = fake_settings(fake.base_url)
    describe(settings, ENTRIES[:2], retriever=retriever, console=QUIET)
    again = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert (again.skipped, again.done, again.calls) == (2, 1, 4)
    forced = describe(settings, ENTRIES, retriever=retriever, force=True, console=QUIET)
    assert (forced.done, forced.cached, forced.calls) == (3, 3, 0)
    ids = [r.class_id for r in records(forced.output)]
    assert sorted(ids) == [10, 11, 12]  # regenerated, never duplicated
    assert all(
        t.cached and t.attempts == 0 for r in records(forced.output) for t in r.generation.steps.values()
    )


def test_changed_template_regenerates_without_duplicates(
    fake: FakeOpenAI, retriever: MemoryRetriever
) -> None:
    prompts = Path("prompts")
    shutil.copytree(bundled_path("prompts"), prompts)
    settings = fake_settings(fake.base_url, describe={"prompts_dir": prompts})
    describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    template = prompts / "p4_parts.j2"
    template.write_text(template.read_text() + "\nKeep segments very short.\n")
    again = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert (again.skipped, again.done, again.calls) == (0, 3, 3)  # only P4 changed: the rest is cached
    assert sorted(r.class_id for r in records(again.output)) == [10, 11, 12]


def test_failed_glosses_wait_for_retry_failed(retriever: MemoryRetriever) -> None:
    broken = {"on": True}

    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        return Reply(status=503) if broken["on"] and '"chair"' in body["messages"][1]["content"] else None

    with FakeOpenAI(behaviour=behaviour) as fake:
        settings = fake_settings(fake.base_url)
        first = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
        assert first.failed == 1
        broken["on"] = False
        second = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
        assert (second.skipped, second.skipped_failed, second.calls) == (2, 1, 0)
        third = describe(settings, ENTRIES, retriever=retriever, retry_failed=True, console=QUIET)
    assert (third.done, third.failed) == (1, 0)
    assert sorted(r.class_id for r in records(third.output)) == [10, 11, 12]
    assert list(read_jsonl(third.failed_output, FailedGloss)) == []


def test_max_total_tokens_stops_cleanly(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    settings = fake_settings(fake.base_url, describe={"max_total_tokens": 50})
    summary = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert summary.stopped and summary.done == 0 and summary.pending == 3 and summary.failed == 0
    assert not summary.output.exists() or summary.output.read_text() == ""
    resumed = describe(fake_settings(fake.base_url), ENTRIES, retriever=retriever, console=QUIET)
    assert resumed.done == 3


def test_truncated_last_line_is_repaired(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    settings = fake_settings(fake.base_url)
    summary = describe(settings, ENTRIES[:2], retriever=retriever, console=QUIET)
    whole = summary.output.read_text().splitlines()
    summary.output.write_text(whole[0] + "\n" + whole[1][:57])  # a crash mid-write
    again = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert again.done == 2  # the cut record and the new one
    assert sorted(r.class_id for r in records(again.output)) == [10, 11, 12]
    assert Path(str(summary.output) + ".corrupt").read_text().strip() == whole[1][:57]


def test_store_never_ingested_is_a_clear_error(fake: FakeOpenAI) -> None:
    settings = fake_settings(fake.base_url)
    with pytest.raises(StoreError, match="run `gspgen ingest` first"):
        describe(settings, ENTRIES, console=QUIET)
    assert fake.calls == 0


def test_nothing_to_do_starts_no_endpoint(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url)
        describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    # The fake is gone: a run with nothing to do must not even probe it.
    again = describe(settings, ENTRIES, retriever=retriever, console=QUIET)
    assert (again.skipped, again.calls) == (3, 0)


def test_settings_from_toml(fake: FakeOpenAI, retriever: MemoryRetriever) -> None:
    Path("gspgen.toml").write_text(
        f'[llm]\nbase_url = "{fake.base_url}"\nmodel = "fake-model"\n[describe]\nsynonyms = 2\n'
        'output = "from-toml.jsonl"\n'
    )
    summary = describe(Settings(), ENTRIES[:1], retriever=retriever, console=QUIET)
    assert summary.output == Path("from-toml.jsonl")
    assert len(records(summary.output)[0].synonyms) == 2
    line = json.loads(summary.output.read_text())
    assert line["generation"]["base_url"] == fake.base_url


@pytest.mark.parametrize(("refine", "calls"), [("with_references", 3), ("always", 4)])
def test_refine_runs_only_to_inline_references(retriever: MemoryRetriever, refine: str, calls: int) -> None:
    plain = "The dominant hand moves forward from the chin, palm up."  # names no handshape, letter or sign
    with FakeOpenAI(description=plain) as fake:
        settings = fake_settings(fake.base_url, describe={"refine": refine})
        summary = describe(settings, ENTRIES[:1], retriever=retriever, console=QUIET)
    assert summary.calls == calls
    book = records(summary.output)[0]
    assert book.global_descriptions == [book.primary_description] == [plain]
    assert ("p3_refine" in book.generation.steps) is (refine == "always")
    with FakeOpenAI(description=plain) as fake:  # a rerun resumes: the record is complete as it is
        again = describe(
            fake_settings(fake.base_url, describe={"refine": refine}),
            ENTRIES[:1],
            retriever=retriever,
            console=QUIET,
        )
        assert (again.done, again.skipped, fake.calls) == (0, 1, 0)
        stricter = describe(
            fake_settings(fake.base_url, describe={"refine": "always"}),
            ENTRIES[:1],
            retriever=retriever,
            console=QUIET,
        )
    assert stricter.done == (1 if refine == "with_references" else 0)  # now P3 must be in the record

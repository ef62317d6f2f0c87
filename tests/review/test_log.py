"""The review log: append-only, whole lines under concurrent writers, stale decisions ignored."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from gspgen.errors import ReviewError
from gspgen.jsonio import append_jsonl, read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.review.log import (
    append_decision,
    latest,
    load_records,
    log_path,
    make_decision,
    read_decisions,
)

PER_WRITER = 40


def _write_many(generated: str, reviewer: str) -> None:
    """One reviewer judging every field again and again (run in threads and in separate processes)."""
    path = Path(generated)
    records = load_records(path)
    log = log_path(path)
    for i in range(PER_WRITER):
        record = records[i % len(records)]
        key = list(record.field_texts())[i % 5]
        note = f"{reviewer} pass {i}: " + "long note " * 30  # lines well over a pipe buffer's atom
        decision = make_decision(
            record, key, reviewer=reviewer, decision="rejected", reason="unclear", note=note
        )
        append_decision(log, decision)


def test_decision_records_who_what_and_prompt_hash(generated: Path, records: list[DescriptionRecord]) -> None:
    d = make_decision(
        records[1], "part.1", reviewer="ann", decision="edited", after="Hand to mouth.", note="n"
    )
    assert (d.class_id, d.key, d.before) == (1, "part.1", records[1].parts[1].text)
    assert d.template_hash == "0d7f3ea5c6b18294"  # P4 wrote part segments
    assert (
        make_decision(records[1], "synonym.0", reviewer="a", decision="accepted").template_hash
        == "a94d0e6b12c8f3e7"
    )
    with pytest.raises(ReviewError, match="reason"):
        make_decision(records[0], "global.0", reviewer="a", decision="rejected")
    with pytest.raises(ReviewError, match="no field"):
        make_decision(records[0], "part.9", reviewer="a", decision="accepted")


def test_generated_file_is_never_modified(generated: Path, records: list[DescriptionRecord]) -> None:
    before = generated.read_bytes()
    append_decision(
        log_path(generated), make_decision(records[0], "global.0", reviewer="a", decision="accepted")
    )
    assert generated.read_bytes() == before
    assert log_path(generated).name == "descriptions.review.jsonl"


@pytest.mark.slow
def test_concurrent_threads_and_processes_append_whole_lines(generated: Path) -> None:
    threads = [threading.Thread(target=_write_many, args=(str(generated), f"thread{i}")) for i in range(3)]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_many, args=(str(generated), f"proc{i}")) for i in range(3)]
    for worker in [*threads, *processes]:
        worker.start()
    for worker in [*threads, *processes]:
        worker.join(timeout=60)
    assert all(p.exitcode == 0 for p in processes)
    decisions = read_decisions(log_path(generated))  # raises if any line were interleaved
    assert len(decisions) == 6 * PER_WRITER
    per_reviewer = {d.reviewer for d in decisions}
    assert per_reviewer == {f"thread{i}" for i in range(3)} | {f"proc{i}" for i in range(3)}
    assert all(d.note.startswith(f"{d.reviewer} pass") for d in decisions)


def test_partial_last_line_is_skipped_and_bad_lines_named(
    generated: Path, records: list[DescriptionRecord]
) -> None:
    log = log_path(generated)
    append_decision(log, make_decision(records[0], "global.0", reviewer="a", decision="accepted"))
    with log.open("a") as handle:
        handle.write('{"reviewer": "b", "ti')  # a writer caught mid-line
    assert len(read_decisions(log)) == 1
    log.write_text(log.read_text() + "\nnot json\n")
    with pytest.raises(ReviewError, match=r"review\.jsonl:2"):
        read_decisions(log)


def test_regenerated_field_makes_old_decisions_stale(
    tmp_path: Path, records: list[DescriptionRecord]
) -> None:
    first = tmp_path / "a.jsonl"
    for record in records:
        append_jsonl(first, record)
    decision = make_decision(
        records[2], "synonym.0", reviewer="ann", decision="rejected", reason="hallucinated"
    )
    append_decision(log_path(first), decision)
    assert (2, "synonym.0") in latest(read_decisions(log_path(first)), records)
    regenerated = [r.model_copy(deep=True) for r in records]
    regenerated[2].synonyms[0] = "The spread hand's thumb touches the chin twice."
    assert latest([decision], regenerated) == {}
    assert [r.class_id for r in read_jsonl(first, DescriptionRecord)] == [0, 1, 2, 3]


def test_withdrawn_makes_the_field_pending_for_that_reviewer_only(
    generated: Path, records: list[DescriptionRecord]
) -> None:
    log = log_path(generated)

    def decide(reviewer: str, decision: str, **extra: str) -> None:
        append_decision(
            log, make_decision(records[0], "global.0", reviewer=reviewer, decision=decision, **extra)
        )

    decide("ann", "accepted")
    decide("bob", "rejected", reason="unclear")
    decide("ann", "withdrawn")  # ann's undo
    assert {
        name: d.decision for name, d in latest(read_decisions(log), records)[(0, "global.0")].items()
    } == {"bob": "rejected"}
    decide("bob", "withdrawn")
    assert latest(read_decisions(log), records) == {}  # nobody has decided: no empty entry left behind
    decide("ann", "edited", after="The flat hand taps the chin.")
    assert latest(read_decisions(log), records)[(0, "global.0")]["ann"].decision == "edited"
    assert [d.decision for d in read_decisions(log)] == [
        "accepted",
        "rejected",
        "withdrawn",
        "withdrawn",
        "edited",
    ]

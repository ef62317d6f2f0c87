"""Faithful mode against the fake server: facts by code, rewordings gated, repaired once, then fallbacks."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from gspgen.check import Checker, TableLexicon
from gspgen.config import bundled_path
from gspgen.describe.gate import similarity
from gspgen.describe.runner import describe
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI, Reply
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)
DRINK = [VocabEntry(class_id=5, glosses=["drink"], line=1)]
# drink in ASL-LEX: one-handed C, straight movement, once, in front of the head, no contact. Its fact
# sentences: hand, movement, place; the LLM rewords each one.
GOOD = [
    "This sign uses one hand only: the dominant hand forms a C handshape, all four fingers curved and held "
    "together, the thumb open, and the wrist twists.",
    "Just once, the dominant hand travels along a straight line.",
    "In front of the head, without touching it, is where the dominant hand is held.",
]
WRONG = "The dominant hand moves in a circle, repeatedly."
# Whole-text rewordings, for the reviewer path (describe --regenerate-rejected asks for whole synonyms).
WHOLE = [
    "Using one hand only, make a C handshape with the dominant hand (all four fingers are curved, held "
    "together, thumb open, the wrist twists). Move it in a straight line just once, in front of the head, "
    "without touching.",
    "In front of the head and without touching, the single dominant hand in the C handshape, all four "
    "fingers are curved and held together with the thumb open and a twisting wrist, moves in a straight line "
    "only once; the sign is one-handed.",
]
WHOLE_WRONG = "With one hand, a C handshape taps the chin twice, all four fingers are curved."


def _user(body: dict[str, Any]) -> str:
    return str(body["messages"][-1]["content"])


def _reply(*texts: str) -> Reply:
    return Reply(content=json.dumps({"paraphrases": list(texts)}))


def _settings(base_url: str, **describe: Any) -> Any:
    return fake_settings(base_url, describe={"mode": "faithful", **describe})


def _records(path: Any) -> list[DescriptionRecord]:
    return list(read_jsonl(path, DescriptionRecord))


def _checker() -> Checker:
    return Checker(TableLexicon.from_path(bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"))


def test_sentences_are_reworded_in_one_call_gated_and_repaired_once(retriever: MemoryRetriever) -> None:
    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        if "A fact checker rejected" not in _user(body):
            return _reply(GOOD[0], WRONG, GOOD[2])  # the movement sentence comes back wrong
        return _reply(GOOD[1])  # the re-ask holds only the rejected sentence

    with FakeOpenAI(behaviour=behaviour) as fake:
        summary = describe(_settings(fake.base_url), DRINK, retriever=retriever, console=QUIET)
        prompts = [_user(b) for b in fake.requests]
    assert (summary.done, summary.failed) == (1, 0)
    assert len(prompts) == 2  # one call per sign, one re-ask
    record = _records(summary.output)[0]
    assert record.generation.mode == "faithful" and record.generation.facts
    assert (
        record.global_descriptions[0] == record.primary_description
        and "C handshape" in record.primary_description
    )
    assert record.origins["global.0"] == "facts"
    # The re-ask names the rejected sentence's problems and asks for that sentence only; it repeats the
    # first ask's facts (llama.cpp's prompt cache reuses that prefix).
    first, repair = prompts
    assert "1. The sign is one-handed." in first and "3. The dominant hand is placed" in first
    assert "Reword lines 1, 2, 3 once" in first and first.rstrip().endswith("lines 1, 2, 3 in that order.")
    assert WRONG in repair and "movement: says 'in a circle'" in repair
    assert "Reword line 2 once" in repair and repair.rstrip().endswith("line 2 in that order.")
    shared = first.split("Reword lines 1, 2, 3")[0]
    assert repair.startswith(shared) and "3. The dominant hand is placed" in shared
    # The first synonym is built from the three accepted rewordings; its origin says one was repaired.
    assert all(g in record.synonyms[0] for g in GOOD)
    assert record.origins["synonym.0"] == "repaired"
    assert WRONG not in " ".join([*record.synonyms, *(p.text for p in record.parts)])
    # A part text holding a reworded sentence is marked so; the facts' own part texts stay first.
    assert GOOD[2] in record.parts[4].text and record.origins["part.4"] == "generated"
    assert record.origins["part.0"] == "facts" and record.origins["part.3"] == "facts"
    # Every synonym and part is faithful and the synonyms are distinct from each other and the global text.
    check = _checker().check_record(record)
    assert check is not None
    assert not [c for f in check.fields for c in f.contradictions]
    texts = [record.global_descriptions[0], *record.synonyms]
    assert max(similarity(a, b) for i, a in enumerate(texts) for b in texts[i + 1 :]) <= 0.8
    assert len(record.synonyms) == 3
    assert [p.parts for p in record.parts] == [["right_hand"]] * 3 + [["right_hand", "face"]] * 3


def test_a_copied_sentence_is_not_asked_again(retriever: MemoryRetriever) -> None:
    """A reply that copies its sentences tried nothing: the re-ask would mostly get the copy back."""
    with FakeOpenAI() as fake:
        fake.behaviour = lambda n, body: _reply(*_lines(_user(body)))
        summary = describe(_settings(fake.base_url), DRINK, retriever=retriever, console=QUIET)
        assert fake.calls == 1
    record = _records(summary.output)[0]
    assert set(record.origins.values()) == {"facts", "fallback"} and len(set(record.synonyms)) == 3


def _lines(prompt: str) -> list[str]:
    """The numbered fact lines of a faithful prompt."""
    return [line.split(". ", 1)[1] for line in prompt.splitlines() if line[:1].isdigit()]


def test_invalid_replies_fall_back_and_are_recorded(retriever: MemoryRetriever) -> None:
    with FakeOpenAI(behaviour=lambda n, body: Reply(content="not json")) as fake:
        summary = describe(_settings(fake.base_url), DRINK, retriever=retriever, console=QUIET)
        calls = fake.calls
    assert (summary.done, summary.failed) == (1, 0)
    record = _records(summary.output)[0]
    assert set(record.origins.values()) == {"facts", "fallback"}
    assert len(set(record.synonyms)) == 3
    steps = record.generation.steps
    assert summary.invalid_replies == 1  # counted, never silent; no re-ask without findings
    assert steps["f_clauses"].error and "invalid reply" in steps["f_clauses"].error
    assert steps["f_clauses"].attempts == calls >= 2  # the invalid replies are counted in the trace too


def test_resume_keeps_faithful_records_and_a_mode_switch_redoes_them(retriever: MemoryRetriever) -> None:
    entries = [*DRINK, VocabEntry(class_id=6, glosses=["no such gloss zz"], line=2)]
    with FakeOpenAI() as fake:
        first = describe(_settings(fake.base_url), entries, retriever=retriever, console=QUIET)
        again = describe(_settings(fake.base_url), entries, retriever=retriever, console=QUIET)
        paper = describe(_settings(fake.base_url, mode="paper"), entries, retriever=retriever, console=QUIET)
    assert first.done == 2 and again.skipped == 2 and again.calls == 0
    assert paper.done == 2
    by_id = {r.class_id: r for r in _records(first.output)}
    assert by_id[5].generation.mode == "paper" and "p1_describe" in by_id[5].generation.steps
    assert not by_id[5].origins


def test_uncoded_gloss_uses_the_paper_chain(retriever: MemoryRetriever) -> None:
    entries = [VocabEntry(class_id=6, glosses=["no such gloss zz"], line=1)]
    with FakeOpenAI() as fake:
        summary = describe(_settings(fake.base_url), entries, retriever=retriever, console=QUIET)
    record = _records(summary.output)[0]
    assert record.generation.mode == "faithful" and record.generation.facts is None
    assert {"p1_describe", "p4_parts"} <= record.generation.steps.keys() and not record.origins


def test_a_gloss_without_facts_keeps_its_texts_flagged_for_review(retriever: MemoryRetriever) -> None:
    """A faulty server's word salad for a gloss no source codes is kept (nothing to replace it with) but
    flagged: broken English, and claims (a facial expression) that no evidence states."""
    salad = "forward forward the slightly and raised face leans body hand face. The eyebrows are raised."
    entries = [VocabEntry(class_id=6, glosses=["no such gloss zz"], line=1)]
    with FakeOpenAI(description=salad) as fake:
        summary = describe(_settings(fake.base_url), entries, retriever=retriever, console=QUIET)
    record = _records(summary.output)[0]
    assert record.global_descriptions == [salad]
    flags = record.flags["global.0"]
    assert any("a word twice in a row: 'forward forward'" in f for f in flags)
    assert any("'the slightly and' names nothing" in f for f in flags)
    assert any(f.startswith("facial expression: says 'eyebrows are raised'") for f in flags)
    assert summary.flagged == 1 and any("flagged for review" in w for w in summary.warnings)
    other = [VocabEntry(class_id=7, glosses=["no such gloss yy"], line=2)]
    with FakeOpenAI() as fake:  # fluent English about the hands only: nothing to flag
        clean = describe(_settings(fake.base_url), other, retriever=retriever, console=QUIET)
    assert not _records(clean.output)[-1].flags and clean.flagged == 0


def test_left_handed_setting_flips_the_part_tags(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        summary = describe(
            _settings(fake.base_url, dominant_hand="left"), DRINK, retriever=retriever, console=QUIET
        )
    record = _records(summary.output)[0]
    assert {tuple(p.parts) for p in record.parts} == {("left_hand",), ("left_hand", "face")}


def test_the_mode_flag_picks_the_chain(fake: FakeOpenAI) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from gspgen.cli import app

    Path("v.txt").write_text("book\n", encoding="utf-8")
    base = [
        "describe",
        "--vocab",
        "v.txt",
        "--base-url",
        fake.base_url,
        "--model",
        "fake-model",
        "--no-retrieval",
    ]
    for flag, expected in (([], "faithful"), (["--mode", "paper"], "paper")):
        result = CliRunner().invoke(app, [*base, *flag, "-o", f"{expected}.jsonl"])
        assert result.exit_code == 0, result.output
        assert _records(Path(f"{expected}.jsonl"))[0].generation.mode == expected
    # --no-retrieval is the ungrounded ablation in either mode: no dictionary facts either.
    assert _records(Path("faithful.jsonl"))[0].generation.facts is None
    result = CliRunner().invoke(app, [*base, "--mode", "nonsense", "-o", "x.jsonl"])
    assert result.exit_code == 2 and "nonsense" in result.output  # refused by the CLI itself


def test_regenerating_rejected_fields_keeps_the_facts_and_gates_the_replacements(
    retriever: MemoryRetriever,
) -> None:
    from datetime import UTC, datetime

    from gspgen.describe.regenerate import regenerate_rejected
    from gspgen.jsonio import append_jsonl
    from gspgen.review import write_rejections_file
    from gspgen.review.log import Decision, log_path

    def behaviour(n: int, body: dict[str, Any]) -> Reply | None:
        prompt = _user(body)
        if "one numbered line per fact" in prompt:
            return Reply(content="not json")  # the first run: every text from the facts
        if "Checked facts about how the sign" in prompt:
            return _reply(WHOLE[1]) if "was said too quickly" in prompt else _reply(WHOLE[0], WHOLE_WRONG)
        return _reply("It sits in front of the head.")

    with FakeOpenAI(behaviour=behaviour) as fake:
        settings = _settings(fake.base_url)
        summary = describe(settings, DRINK, retriever=retriever, console=QUIET)
        old = _records(summary.output)[0]
        for key in ("synonym.0", "global.0", "part.1"):
            append_jsonl(
                log_path(summary.output),
                Decision(
                    reviewer="ana", time=datetime.now(UTC), class_id=5, key=key, decision="rejected",
                    reason="inaccurate", note="was said too quickly", before=old.field_texts()[key],
                ),
            )  # fmt: skip
        rejections = write_rejections_file(summary.output)
        result = regenerate_rejected(settings, rejections, retriever=retriever, console=QUIET)
        repair = [_user(b) for b in fake.requests if "was said too quickly" in _user(b)]
    assert (result.done, result.failed) == (1, 0) and repair
    new = _records(summary.output)[0]
    assert new.global_descriptions == old.global_descriptions  # the facts are the dictionary's: kept
    assert new.synonyms[0] == WHOLE[1] and new.origins["synonym.0"] == "repaired"
    assert new.synonyms[1:] == old.synonyms[1:]
    assert new.parts[0] == old.parts[0] and new.parts[1].text != old.parts[1].text
    assert new.parts[1].parts == old.parts[1].parts and new.origins["part.1"] in {"repaired", "fallback"}
    check = _checker().check_record(new)
    assert check is not None and not [c for f in check.fields for c in f.contradictions]
    assert new.review.status == "pending"


def test_reword_off_asks_no_llm_for_coded_glosses(retriever: MemoryRetriever) -> None:
    with FakeOpenAI() as fake:
        summary = describe(_settings(fake.base_url, reword=False), DRINK, retriever=retriever, console=QUIET)
        assert fake.calls == 0
    record = _records(summary.output)[0]
    assert set(record.origins.values()) == {"facts", "fallback"} and len(set(record.synonyms)) == 3

"""Free-text entries as faithful mode's facts: generated printed CSL and TİD dictionaries in a real Chroma
store, ``gspgen describe`` against a fake OpenAI server, and the text encoders on Chinese paraphrases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rich.console import Console
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder, make_embedder
from gspgen.corpus.hits import Hit
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.manifest import MANIFEST_NAME
from gspgen.describe.entryfacts import EntryGate, entry_facts
from gspgen.describe.gate import similarity
from gspgen.describe.retrieval import Found
from gspgen.describe.runner import describe
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI, Reply
from gspgen.testing.paraphrases import paraphrase
from gspgen.testing.printed import PrintedEntry, chinese_entries, turkish_entries, write_dictionary_pdf
from gspgen.vocab import VocabEntry

from .conftest import fake_settings

pytestmark = pytest.mark.slow  # real multilingual embeddings and a Chroma store
QUIET = Console(quiet=True)
NO_TAGS = PrintedEntry("擦净", "wipe clean", "慢慢地来回擦，像擦桌子一样，擦干净为止。表示“擦净”的意思。")
ADDED = "眉头微皱"  # what the fake LLM slips into its first rewording: not in any entry below


@pytest.fixture(scope="module")
def usem() -> Embedder:
    return make_embedder("usem")


def _store(
    folder: Path, language: str, entries: list[PrintedEntry], brackets: str, embedder: Embedder
) -> Path:
    pdf = write_dictionary_pdf(folder / f"{language}-dictionary.pdf", entries, language, brackets=brackets)
    (folder / MANIFEST_NAME).write_text(f'language = "{language}"\n', encoding="utf-8")
    settings = CorpusSettings(store_dir=folder / "store", embedder="usem")
    assert ingest([pdf], settings, embedder=embedder).ok
    return folder / "store"


@pytest.fixture(scope="module")
def csl_store(tmp_path_factory: pytest.TempPathFactory, usem: Embedder) -> Path:
    entries = [*chinese_entries(12), NO_TAGS]
    return _store(tmp_path_factory.mktemp("csl"), "csl", entries, "[]", usem)


@pytest.fixture(scope="module")
def tsm_store(tmp_path_factory: pytest.TempPathFactory, usem: Embedder) -> Path:
    return _store(tmp_path_factory.mktemp("tsm"), "tsm", turkish_entries(8), "()", usem)


def _lines(body: dict[str, Any]) -> list[str]:
    return re.findall(r"^\d+\. (.+)$", str(body["messages"][-1]["content"]), re.MULTILINE)


def _llm(n: int, body: dict[str, Any]) -> Reply | None:
    """The rewording model: the first line of a first request gets a content word the entry lacks."""
    prompt = str(body["messages"][-1]["content"])
    if "dictionary describes the sign" not in prompt:
        return None
    lines = _lines(body)
    texts = [paraphrase(line, "zh", 0) for line in lines]  # other words for the same facts
    if "A fact checker rejected" not in prompt:
        texts[0] = texts[0].rstrip("。") + f"，{ADDED}。"
    return Reply(content=json.dumps({"paraphrases": texts}, ensure_ascii=False))


def _write_vocab(glosses: list[str], language: str) -> Path:
    path = Path("classes.tsv")
    path.write_text("id\tgloss\n" + "".join(f"{i}\t{g}\n" for i, g in enumerate(glosses)), encoding="utf-8")
    Path("classes.tsv.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    return path


def _config(base_url: str, store: Path, **describe: str) -> None:
    extra = "".join(f'{k} = "{v}"\n' for k, v in describe.items())
    Path("gspgen.toml").write_text(
        f'[llm]\nbase_url = "{base_url}"\nmodel = "fake-model"\ntimeout_s = 5.0\nbackoff_s = 0.01\n'
        f'[corpus]\nstore_dir = "{store}"\n[describe]\ncache_dir = "cache"\n{extra}',
        encoding="utf-8",
    )


def _by_gloss(path: Path) -> dict[str, DescriptionRecord]:
    return {r.gloss: r for r in read_jsonl(path, DescriptionRecord)}


def test_describe_csl_vocabulary_takes_facts_from_the_printed_entries(csl_store: Path) -> None:
    glosses = ["外祖父", "外婆", "情况", "擦净", "没有这个词"]
    with FakeOpenAI(behaviour=_llm) as fake:
        _config(fake.base_url, csl_store, entry_texts="entry")
        args = ["describe", "--vocab", str(_write_vocab(glosses, "csl")), "-o", "out.jsonl"]
        result = CliRunner().invoke(app, args)
        prompts = [str(b["messages"][-1]["content"]) for b in fake.requests]
    assert result.exit_code == 0, result.output
    records = _by_gloss(Path("out.jsonl"))
    grandfather, situation = records["外祖父"], records["情况"]
    # The global text is the entry's own description, the meaning statement dropped.
    assert grandfather.global_descriptions == ["右手伸拇指，贴于嘴角，然后向下移动。"]
    assert grandfather.generation.mode == "faithful" and grandfather.grounding == "grounded"
    assert grandfather.generation.facts == "csl-dictionary.pdf p.1 '外祖父'"
    (evidence,) = grandfather.evidence
    assert (evidence.step, evidence.match, evidence.language) == ("facts", "exact", "csl")
    assert records["外婆"].evidence[0].match == "variant"  # 外祖母（外婆）: the alternative form finds it
    assert records["外婆"].global_descriptions == ["右手伸小指，贴于嘴角，然后向下移动。"]
    # The rewording that added a word the entry lacks was rejected, shown back once, and never kept.
    repair = next(p for p in prompts if "A fact checker rejected" in p and "右手伸拇指" in p)
    assert ADDED in repair and "which the dictionary entry does not say" in repair
    for record in (grandfather, situation):
        texts = [*record.global_descriptions, *record.synonyms, *(p.text for p in record.parts)]
        assert not [t for t in texts if "眉" in t]
        assert len(record.synonyms) == 3 and len(set(record.synonyms)) == 3
        assert max(similarity(a, record.global_descriptions[0]) for a in record.synonyms) <= 0.8
        assert {record.origins[f"synonym.{i}"] for i in range(3)} <= {"generated", "repaired", "fallback"}
        assert "e_clauses" in record.generation.steps and record.origins["global.0"] == "facts"
    assert "repaired" in grandfather.origins.values()
    # Parts: the entry's sentences, tagged by the zh vocabulary (the face from its own words only).
    facts_parts = {
        p.text: p.parts for i, p in enumerate(situation.parts) if situation.origins[f"part.{i}"] == "facts"
    }
    assert facts_parts == {
        "右手伸食指，置于胸前，向前移动两下。": ["right_hand", "body"],
        "右手打手指字母“G”的指式，交替上下移动。": ["right_hand"],
        "面露微笑。": ["face"],
        "然后左手握拳。": ["left_hand"],
        "右手五指张开，贴于嘴角，向上抬起，同时五指张开。": ["right_hand", "mouth"],
    }
    assert [p.parts for p in grandfather.parts if "face" in p.parts] == []
    # An entry no clause of which the tag vocabulary knows: a global text and synonyms, no parts.
    wipe = records["擦净"]
    assert wipe.global_descriptions == ["慢慢地来回擦，像擦桌子一样，擦干净为止。"]
    # None of its phrases is in the phrase vocabulary and the model's rewording only repeats it: no synonym,
    # since a reordering of the entry's own words is not another positive.
    assert wipe.synonyms == [] and wipe.parts == []
    # A gloss without an entry of its own goes through the paper chain, ungrounded.
    assert records["没有这个词"].grounding == "ungrounded"


def test_an_english_only_encoder_named_gets_english_renderings_that_keep_every_statement(
    csl_store: Path,
) -> None:
    def llm(n: int, body: dict[str, Any]) -> Reply | None:
        if "dictionary describes the sign" not in str(body["messages"][-1]["content"]):
            return None
        texts = [line.replace("The dominant hand", "Slowly, the dominant hand") for line in _lines(body)]
        return Reply(content=json.dumps({"paraphrases": texts}))

    entries = [VocabEntry(class_id=0, glosses=["情况"], language="csl", line=1)]
    with FakeOpenAI(behaviour=llm) as fake:  # describe.entry_texts = auto, train.text_encoder = minilm
        settings = fake_settings(
            fake.base_url, describe={"mode": "faithful"}, train={"text_encoder": "minilm"}
        )
        settings.corpus.store_dir = csl_store
        summary = describe(settings, entries, console=QUIET)
    record = next(iter(read_jsonl(summary.output, DescriptionRecord)))
    text = record.global_descriptions[0]
    assert text.startswith("The dominant hand takes the 1 handshape") and "at the mouth, touching" in text
    assert "The face smiles." in text and "alternately" in text  # 面露微笑, 交替: rendered, not dropped
    tally = record.generation.statements
    assert tally is not None and tally.language == "en" and tally.kept == tally.entry and not tally.dropped
    assert record.generation.facts and "rendered in en" in record.generation.facts
    assert not [t for t in record.synonyms if "Slowly" in t]  # 'slowly' is in no rendering: rejected
    assert len(record.synonyms) == 3
    assert [p.parts for i, p in enumerate(record.parts) if record.origins[f"part.{i}"] == "facts"] == [
        ["right_hand", "body"], ["right_hand"], ["face"], ["left_hand"], ["right_hand", "mouth"]
    ]  # fmt: skip


def test_turkish_entries_from_a_real_store(tsm_store: Path) -> None:
    entries = [VocabEntry(class_id=0, glosses=["abi"], language="tsm", line=1)]  # ağabey, abi
    with FakeOpenAI() as fake:  # its rewordings ("Version 1: ...") add words: every one is rejected
        settings = fake_settings(fake.base_url, describe={"mode": "faithful", "entry_texts": "entry"})
        settings.corpus.store_dir = tsm_store
        summary = describe(settings, entries, console=QUIET)
    record = next(iter(read_jsonl(summary.output, DescriptionRecord)))
    assert record.global_descriptions == [
        "İki el açık tutulur, avuç içleri aşağı bakar ve karın önünde sağa sola sallanır. Başparmak ve işaret "
        "parmağı birleştirilir ve küçük bir daire çizer. Göz kaşlar hafifçe kaldırılır."
    ]  # the note (Dikkat: ...) and the meaning statement dropped
    assert [p.parts for i, p in enumerate(record.parts) if record.origins[f"part.{i}"] == "facts"] == [
        ["right_hand", "left_hand", "body"], ["right_hand", "left_hand"], ["face"]
    ]  # fmt: skip
    assert set(record.origins.values()) == {"facts", "fallback"} and len(record.synonyms) == 3


def test_entry_gate_grounds_words_and_checks_statements() -> None:
    facts = entry_facts(Found(_hit(chinese_entries(4)[3], "csl"), "exact"), "right")
    assert facts is not None
    gate = EntryGate(facts, 0.8, "right")
    source = facts.clauses[0].say(0)  # 右手伸食指，置于胸前，向前移动两下。
    assert gate.judge("右手伸出食指，放在胸前，往前移动两次。", source, [source]).ok
    added = gate.judge("右手伸出食指，放在胸前，往前移动两次，眉头微皱。", source, [])
    assert "says '眉', which the dictionary entry does not say" in added.problems
    wrong = gate.judge(
        "右手握拳，置于胸前，向前移动两下。", source, []
    )  # 握拳 is the left hand's, not this one's
    assert "says handshape s (dominant) '握拳', but the dictionary entry says 1 ('伸食指')" in wrong.problems
    lost = gate.judge("右手伸出食指，往前移动两次。", source, [])
    assert "leaves out minor_location TorsoTop (dominant) '胸前'" in lost.problems
    future = entry_facts(Found(_hit(chinese_entries(6)[4], "csl"), "exact"), "right")  # 双手平伸，掌心向下，…
    assert future is not None
    flat = future.clauses[0].say(0)
    flipped = EntryGate(future, 0.99, "right").judge(flat.replace("掌心向下", "掌心向上"), flat, [])
    assert flipped.problems == [  # every character is in the entry: only the statements catch it
        "says palm up (both) '掌心向上', but the dictionary entry says down ('掌心向下')",
        "leaves out palm down (both) '掌心向下'",
    ]


def test_usem_separates_paraphrases_of_chinese_entries_and_minilm_does_worse(usem: Embedder) -> None:
    """Each of 40 entries (built from one small phrase pool, so they overlap) and a paraphrase of it in
    other words: under usem the paraphrase's nearest entry is its own for >= 95%, with twice MiniLM's
    margin over the nearest other entry; MiniLM (English-only, matching mostly shared characters) misses
    at least 8 points more."""
    texts = []
    for printed in chinese_entries(40):
        facts = entry_facts(Found(_hit(printed, "csl"), "exact"), "right")
        assert facts is not None
        texts.append(facts.text)
    queries = [paraphrase(t, "zh") for t in texts]
    hits, margins = {}, {}
    for name, embedder in (("usem", usem), ("minilm", make_embedder("minilm"))):
        sims = np.asarray(embedder.embed(queries)) @ np.asarray(embedder.embed(texts)).T
        hits[name] = float((sims.argmax(1) == np.arange(len(texts))).mean())
        others = np.where(np.eye(len(texts), dtype=bool), -1.0, sims).max(1)
        margins[name] = float((np.diag(sims) - others).mean())
    assert hits["usem"] >= 0.95 and hits["minilm"] <= hits["usem"] - 0.08, hits
    assert margins["usem"] >= 2 * margins["minilm"], margins


def _hit(printed: PrintedEntry, language: str) -> Hit:
    text = printed.head_line() + "\n" + printed.body
    return Hit(id=printed.headword, text=text, score=1.0, kind="entry", source="d.pdf", gloss=printed.headword,
               language=language, page=1)  # fmt: skip


class _NoLexicon:
    name = "none"

    def coded_attributes(self, class_id: int, glosses: Any) -> None:
        return None


def test_left_handed_signers_flip_the_sides_and_notes_are_not_facts() -> None:
    situation = chinese_entries(6)[4]  # 前途: 双手 …, 眉头微皱
    right = entry_facts(Found(_hit(situation, "csl"), "exact"), "right")
    left = entry_facts(Found(_hit(situation, "csl"), "exact"), "left")
    assert right is not None and left is not None
    flip = {"right_hand": "left_hand", "left_hand": "right_hand"}
    assert [tuple(flip.get(t, t) for t in p.tags) for p in right.parts] == [p.tags for p in left.parts]
    assert right.parts[0].tags == ("right_hand", "left_hand", "body")  # the dominant side first
    note = chinese_entries(6)[4]  # a body with 注意：… (a note on another form) and a meaning statement
    facts = entry_facts(Found(_hit(note, "csl"), "exact"), "right")
    assert facts is not None and "注意" not in facts.text and "意思" not in facts.text

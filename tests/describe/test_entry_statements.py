"""CSL and TİD records keep every statement of their printed entry: printed-layout PDFs made here (120 Chinese,
120 Turkish entries with statements planted per slot, gspgen.testing.planted), read by the real PDF
loader, described by ``describe`` (a real HTTP client against a fake OpenAI server), checked statement by
statement."""

from __future__ import annotations

import collections
import json
import re
from typing import Any

import pytest
from rich.console import Console

from gspgen.config import CorpusSettings
from gspgen.corpus.hits import Hit
from gspgen.corpus.loaders import load_file
from gspgen.corpus.manifest import FileSpec
from gspgen.describe.entryfacts import TRIES, EntryGate, entry_facts
from gspgen.describe.entrytext import clean
from gspgen.describe.retrieval import Found
from gspgen.describe.runner import describe
from gspgen.describe.statements import Statement, reader, rephraser
from gspgen.describe.tagvocab import load_tag_vocabulary
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI, Reply
from gspgen.testing.planted import PlantedEntry, csl_entries, tid_entries, write_pdfs
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)
WRITTEN = {"csl": "zh", "tsm": "tr"}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[PlantedEntry], list[Hit]]]:
    """Per sign language: the planted entries and their documents as the PDF loader reads them back."""
    out = {}
    for language, entries in (("csl", csl_entries(120)), ("tsm", tid_entries(120))):
        folder = tmp_path_factory.mktemp(language)
        docs = [
            d
            for pdf in write_pdfs(folder, language, entries)
            for d in load_file(pdf, CorpusSettings(), FileSpec(language=language))
        ]
        hits = [
            Hit(id=d.id, text=d.text, score=1.0, kind=d.kind, source=d.source, gloss=d.gloss,
                synonyms=d.synonyms, variants=d.variants, language=d.language, page=d.page)
            for d in docs
        ]  # fmt: skip
        assert sorted(h.gloss or "" for h in hits) == sorted(e.headword for e in entries)
        out[language] = (entries, hits)
    return out


def _keys(statements: list[Statement]) -> set[tuple[str, str, str]]:
    return {s.key for s in statements}


def _planted(entry: PlantedEntry) -> set[tuple[str, str, str]]:
    return {(p.attribute, p.value, "" if p.attribute == "sign_type" else p.hand) for p in entry.statements}


@pytest.mark.parametrize("language", ["csl", "tsm"])
def test_every_planted_statement_is_read_and_no_translation_reaches_the_text(
    printed: dict[str, tuple[list[PlantedEntry], list[Hit]]], language: str
) -> None:
    entries, hits = printed[language]
    by_gloss = {h.gloss: h for h in hits}
    for entry in entries:
        facts = entry_facts(Found(by_gloss[entry.headword], "exact"), "right")
        assert facts is not None
        assert _planted(entry) <= _keys(list(facts.statements)), entry.printed.body
        assert entry.printed.translation not in facts.text and not re.search(r"[〔〕\[\]]", facts.text)
        assert not re.search("表示|意思|注意|参见|anlamına|Dikkat|Bakınız", facts.text)
        # Each non-manual clause is a part of its own, tagged face or mouth; no hand part says it.
        for clause in entry.nonmanual_clauses:
            holders = [p for p in facts.parts if clause.lower() in p.text(0).lower()]
            assert holders and all(set(p.tags) <= {"face", "mouth"} for p in holders), (clause, facts.parts)


@pytest.mark.parametrize("language", ["csl", "tsm"])
def test_phrasings_change_the_words_and_keep_the_statements(language: str) -> None:
    written = WRITTEN[language]
    read, vocab = reader(written, "right"), load_tag_vocabulary(written)
    for entry in (csl_entries if language == "csl" else tid_entries)(120):
        body = entry.printed.body
        said = _keys(read.read(body))
        for turn, stride in ((1, 0), (2, 0), (1, 1)):
            other = rephraser(written).rephrase(body, turn, stride)
            assert collections.Counter(vocab.words(other)) != collections.Counter(vocab.words(body))
            assert _keys(read.read(other)) == said, other


def _content(text: str, language: str) -> collections.Counter[str]:
    vocab = load_tag_vocabulary(WRITTEN.get(language, language))
    quiet = {
        w for t in [*vocab.function_words, *(c for g in vocab.connectives for c in g)] for w in vocab.words(t)
    }
    return collections.Counter(w for w in vocab.words(text) if w not in quiet)


def _describe(
    hits: list[Hit], entries: list[PlantedEntry], language: str, **describe_: Any
) -> list[DescriptionRecord]:
    vocab = [
        VocabEntry(class_id=i, glosses=[e.headword], language=language, line=i + 1)
        for i, e in enumerate(entries)
    ]
    with FakeOpenAI() as fake:
        settings = fake_settings(fake.base_url, describe={"mode": "faithful", **describe_})
        summary = describe(settings, vocab, retriever=MemoryRetriever(hits), console=QUIET)
        assert fake.requests == [] or describe_.get("reword", True)
    return list(read_jsonl(summary.output, DescriptionRecord))


@pytest.mark.parametrize("language", ["csl", "tsm"])
def test_default_records_keep_every_statement_in_three_genuinely_different_synonyms(
    printed: dict[str, tuple[list[PlantedEntry], list[Hit]]], language: str
) -> None:
    """The defaults (the entry's own words), no LLM: every planted statement kept, >= 3 synonyms for >= 95 %
    of records, every synonym in other words than the global text (not a reordering), non-manual parts
    tagged face/mouth, no headword translation anywhere."""
    entries, hits = printed[language]
    records = _describe(hits, entries, language, reword=False)
    assert len(records) == len(entries)
    read = reader(WRITTEN[language], "right")
    for entry, record in zip(entries, sorted(records, key=lambda r: r.class_id), strict=True):
        tally = record.generation.statements
        assert tally is not None and tally.kept == tally.entry and tally.language == WRITTEN[language]
        texts = [*record.global_descriptions, *record.synonyms, *(p.text for p in record.parts)]
        assert _planted(entry) <= _keys([s for t in texts for s in read.read(t)])
        glob = _content(record.global_descriptions[0], language)
        assert all(_content(s, language) != glob for s in record.synonyms)
        assert not any(re.search(rf"(?<!\w){re.escape(entry.printed.translation)}(?!\w)", t) for t in texts)
        for p in (p for p in record.parts if _keys(read.nonmanual(p.text))):
            assert set(p.parts) <= {"face", "mouth"}, p
    three = sum(len(r.synonyms) >= 3 for r in records)
    assert three >= 0.95 * len(records), three


def test_english_renderings_keep_every_statement_and_quote_what_they_cannot_say() -> None:
    text = "前途 〔future〕\n左手横伸，掌心向下；右手伸食指，在左手背上，轻点两下，动作要缓慢。表情严肃，眉毛上扬。表示“前途”的意思。"
    hit = Hit(id="x", text=text, score=1.0, kind="entry", source="d.pdf", gloss="前途", synonyms=["future"],
              language="csl", page=1)  # fmt: skip
    facts = entry_facts(Found(hit, "exact"), "right", english=True)
    assert facts is not None
    assert facts.text == (
        "The non-dominant hand takes the open B handshape (a flat hand), with the palm facing down. The dominant "
        "hand takes the 1 handshape (index finger extended), is held on the back of the non-dominant hand, "
        "touching lightly and repeatedly, and as the entry puts it: “动作要缓慢”. The facial expression is serious "
        "and the eyebrows are raised."
    )
    assert facts.in_entry_words == 1 and "future" not in facts.text
    tally = facts.tally([(facts.text, "dominant")])
    assert tally.kept == tally.entry == 8 and tally.language == "en"
    assert [p.tags for p in facts.parts] == [("left_hand",), ("right_hand", "left_hand"), ("face",)]
    gate = EntryGate(facts, 0.8, "right")
    for n in range(1, 4):  # other words and orders, read back to the same statements
        assert facts.tally([(facts.variant(n), "dominant")]).kept == 8, facts.variant(n)
    lost = gate.judge(facts.text.replace(" and the eyebrows are raised", ""), facts.text, [])
    assert "leaves out nonmanual brows_raised (nonmanual) 'the eyebrows are raised'" in lost.problems


def _filled(facts: Any, gate: EntryGate, want: int = 3) -> list[str]:
    """The variants faithful mode keeps for the synonyms slot (reword off): each passes the gate next to
    the global text and those kept before it."""
    kept: list[str] = []
    for n in range(1, TRIES + 1):
        if len(kept) < want and gate.judge(facts.variant(n), facts.text, [facts.text, *kept]).ok:
            kept.append(facts.variant(n))
    return kept


@pytest.mark.parametrize(
    ("entry", "joined"),
    [
        (
            "akıllı [clever]\nSol el yumruk yapılır, avuç içi içe bakar; sağ elin parmakları bükülür ve gözün "
            "önünde birkaç kez öne doğru itilir. “akıllı” anlamına gelir.",
            "; bu sırada ",
        ),
        ("好 〔good〕\n左手握拳，掌心向内；右手伸拇指，在胸前向前移动两下。", "；同时"),
    ],
)
def test_a_short_two_handed_entry_gets_three_synonyms_said_in_another_structure(
    entry: str, joined: str
) -> None:
    """Few phrases, each with two or three wordings: the variants also join the hands' sentences as
    simultaneous, and past the first round combine the phrasings anew, so three texts pass the gate."""
    language = "tsm" if "[" in entry else "csl"
    gate, _ = _gate(entry, language)
    facts = gate.facts
    synonyms = _filled(facts, gate)
    assert len(synonyms) == 3, synonyms
    together = [v for v in map(facts.variant, range(1, TRIES + 1)) if joined in v]
    assert any(gate.judge(v, facts.text, [facts.text]).ok for v in together), together
    entry_statements = facts.tally([(facts.text, "dominant")]).entry
    assert all(facts.tally([(s, "dominant")]).kept == entry_statements for s in [*synonyms, *together])


def test_a_sentence_of_three_clauses_is_also_said_as_two() -> None:
    gate, _ = _gate(
        "köpek (dog)\nİki elin işaret parmakları uzatılır, avuç içleri aşağı bakar ve eller karın önünde "
        "birkaç kez geriye doğru çekilir. “köpek” anlamına gelir.",
        "tsm",
    )
    facts = gate.facts
    split = [v for v in map(facts.variant, range(1, TRIES + 1)) if v.count(".") == 2]
    assert split and all(s.split(". ")[1].startswith("Eller ") for s in split), split
    assert all(
        facts.tally([(s, "dominant")]).kept == facts.tally([(facts.text, "dominant")]).entry for s in split
    )
    assert any("işaret parmakları uzatılır" not in s for s in split)  # the plural has its phrasings too


def _gate(text: str, language: str = "csl") -> tuple[Any, str]:
    gloss = text.split("\n")[0]
    hit = Hit(
        id="x", text=text, score=1.0, kind="entry", source="d.pdf", gloss=gloss, language=language, page=1
    )
    facts = entry_facts(Found(hit, "exact"), "right")
    assert facts is not None
    return EntryGate(facts, 0.8, "right"), facts.clauses[0].say(0)


def test_the_entry_gate_names_what_is_added_contradicted_dropped_or_only_reordered() -> None:
    gate, source = _gate("词\n右手伸食指，掌心向下，置于胸前，向前移动两下。表情严肃。")
    assert source == "右手伸食指，掌心向下，置于胸前，向前移动两下。"
    assert gate.judge("右手伸出食指，手心朝下，放在胸部前方，往前移两次。", source, [source]).ok
    flipped = gate.judge("右手伸出食指，掌心向上，放在胸部前方，往前移两次。", source, [source])
    assert (
        "says palm up (dominant) '掌心向上', but the dictionary entry says down ('掌心向下')"
        in flipped.problems
    )
    added = gate.judge("右手伸出食指，手心朝下，放在胸部前方，往前移两次，眉毛上扬。", source, [source])
    assert "says '扬', which the dictionary entry does not say" in added.problems
    dropped = gate.judge("右手伸出食指，手心朝下，放在胸部前方，往前移。", source, [source])
    assert "leaves out repeated_movement true (dominant) '两下'" in dropped.problems
    assert "leaves out '两'" in dropped.problems
    other_hand = gate.judge("左手伸出食指，手心朝下，放在胸部前方，往前移两次。", source, [source])
    assert any(p.startswith("says handshape 1 (nondominant)") for p in other_hand.problems)
    twice = gate.judge("右手伸食指：伸出食指，手心朝下，放在胸部前方，往前移两次。", source, [source])
    assert "says handshape 1 twice" in twice.problems  # a model that lists both phrasings
    reordered = gate.judge("右手伸食指，置于胸前，掌心向下，向前移动两下。", source, [source])
    assert reordered.problems == [
        "says the entry's words again (only their order or small words changed): reword it"
    ]
    tr_gate, tr_source = _gate(
        "kelime\nSağ el yumruk yapılır, avuç içi aşağı bakar ve el göğüs önünde iki kez öne doğru itilir.",
        "tsm",
    )
    assert tr_gate.judge(
        "Sağ el yumruk olur, avuç içi aşağıya döner ve el göğsün önünde iki kere ileri itilir.", tr_source, []
    ).ok
    wrong = tr_gate.judge(
        "Sağ el yumruk olur, avuç içi aşağıya döner ve el göğsün önünde iki kere geriye doğru itilir.",
        tr_source,
        [],
    )
    assert any(
        p.startswith("says movement backward (dominant)") and "says forward" in p for p in wrong.problems
    )


def test_clean_keeps_the_translation_out_of_the_body() -> None:
    cases = {
        "前途 〔future〕\n双手平伸，向前。表示“前途”的意思。": "双手平伸，向前。表示“前途”的意思。",
        "前途〔future〕双手平伸，向前。": "双手平伸，向前。",
        "前途（future） 双手平伸，向前〔future〕。": "双手平伸，向前。",
        "ağabey, abi [older brother]\nİki elin parmakları açılır.": "İki elin parmakları açılır.",
        "ağabey, abi (older brother) İki elin parmakları açılır, eller öne itilir.": "İki elin parmakları açılır, eller öne itilir.",
        "双手 〔hands〕 双手平伸，向前。": "双手平伸，向前。",
    }
    for text, body in cases.items():
        head = text.split(" ")[0].split("〔")[0].split("（")[0].rstrip(",")
        assert clean(text, [head, "future"], " " in body) == body, text


def _clauses(body: dict[str, Any]) -> list[str]:
    return re.findall(r"^\d+\. (.+)$", str(body["messages"][-1]["content"]), re.MULTILINE)


def test_llm_rewordings_are_kept_clause_by_clause_where_the_gate_accepts_them() -> None:
    """The model drops the hand it rewords (食指竖直 for 右手食指直立) and flips one clause (掌心向上):
    its good clauses are kept (the hand given back), the flipped one is the entry's own."""

    def llm(n: int, body: dict[str, Any]) -> Reply | None:
        lines = _clauses(body)
        texts = [
            line.replace("右手食指直立", "食指竖直")
            .replace("掌心向下", "掌心向上")
            .replace("上下移动", "上下来回移动")
            .replace("于右肩前", "位于右肩前方")
            for line in lines
        ]
        return Reply(content=json.dumps({"paraphrases": texts}, ensure_ascii=False))

    text = "形势 〔situation〕\n右手食指直立，掌心向下，于右肩前，上下移动一下。眉头微皱，点头。"
    hit = Hit(
        id="x", text=text, score=1.0, kind="entry", source="d.pdf", gloss="形势", language="csl", page=1
    )
    vocab = [VocabEntry(class_id=0, glosses=["形势"], language="csl", line=1)]
    with FakeOpenAI(behaviour=llm) as fake:
        settings = fake_settings(fake.base_url, describe={"mode": "faithful"})
        summary = describe(settings, vocab, retriever=MemoryRetriever([hit]), console=QUIET)
        prompt = str(fake.requests[0]["messages"][-1]["content"])
    record = next(iter(read_jsonl(summary.output, DescriptionRecord)))
    assert "食指直立 / 食指竖直 / 竖起食指" in prompt  # the phrase vocabulary, shown to the model
    salvaged = "右手食指竖直，掌心向下，位于右肩前方，上下来回移动一下。"
    generated = [
        t for k, t in record.field_texts().items() if record.origins.get(k) in {"generated", "repaired"}
    ]
    assert generated and all("掌心向上" not in t for t in record.field_texts().values())
    assert any(salvaged.rstrip("。") in t for t in generated), generated
    assert record.generation.statements is not None and not record.generation.statements.dropped


def test_hand_words_open_groups_unless_they_name_a_place() -> None:
    from gspgen.describe.entrytext import splitter

    zh, tr = splitter("zh", "right"), splitter("tr", "right")
    assert zh.hands_of("另一手握拳") == (("left_hand",), set())  # not also 一手 (the dominant hand)
    assert zh.hands_of("一手伸食指，在另一手掌心上") == (("right_hand",), {"left_hand"})
    assert zh.hands_of("左手掌心上轻点两下") == ((), {"left_hand"})  # the other hand's palm: a place
    assert zh.subject("然后左手握拳") == "然后左手" and zh.subject("置于胸前") == ""
    assert tr.hands_of("ve sol elin avucuna vurulur") == ((), {"left_hand"})
    assert tr.hands_of("ve sol el düz tutulur") == (("left_hand",), set())


def test_turkish_typed_without_dotted_capitals_is_read_and_reworded() -> None:
    """An LLM (or a user) writes "Iki el" for "İki el": folded, that is "ıki el", which the case-insensitive
    phrase regex still matches; every lookup of a match must find it (a KeyError failed the gloss)."""
    text = "Iki elin işaret parmakları uzatılır ve eller birkaç kez öne doğru itilir."
    rp = rephraser("tr")
    assert rp.used(text) and "ki elin" in rp.rephrase(text, 1)
    assert rp.canonical(text).startswith("İki elin işaret parmakları uzatılır")  # its group's first phrasing
    gate, _ = _gate(
        "köpek (dog)\nİki elin işaret parmakları uzatılır ve eller birkaç kez öne doğru itilir.", "tsm"
    )
    verdict = gate.judge(text.replace("uzatılır", "uzanır"), gate.facts.text, [gate.facts.text])
    assert "says 'ıki', which the dictionary entry does not say" in verdict.problems  # judged, not a crash

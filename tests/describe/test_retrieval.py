"""Language-aware retrieval: only entries in the vocabulary's sign language are evidence; a gloss with no
entry of its own is described explicitly ungrounded; another language's entry only by flag, and marked."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from gspgen.corpus.hits import Hit
from gspgen.describe.retrieval import gloss_entries, has_entry, lookup_forms
from gspgen.describe.runner import describe, grounding_warning
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.testing.fake_openai import FakeOpenAI
from gspgen.vocab import VocabEntry

from .conftest import MemoryRetriever, fake_settings

QUIET = Console(quiet=True)


def entry(doc_id: str, gloss: str, text: str, language: str, **extra: object) -> Hit:
    return Hit(id=doc_id, text=text, score=0.0, kind="entry", source=f"{language}.pdf", gloss=gloss,
               language=language, **extra)  # type: ignore[arg-type]  # fmt: skip


class VariantRetriever(MemoryRetriever):
    """Also matches alternative forms, as the store's ``by_gloss`` does (``match="variant"``)."""

    def by_gloss(self, gloss: str, *, language: str | None = None) -> list[Hit]:
        exact = super().by_gloss(gloss, language=language)
        seen = {h.id for h in exact}
        variants = [
            h.model_copy(update={"score": 1.0, "match": "variant"})
            for h in self.hits
            if gloss in h.variants and h.id not in seen and language in (None, h.language)
        ]
        return exact + variants


MIXED = [
    entry("ase:future", "future", "FUTURE: the flat hand moves forward from beside the head.", "ase"),
    entry("ase:sister", "sister", "SISTER: L handshape on the cheek, then both index fingers meet.", "ase"),
    entry(
        "csl:qiantu", "前途", "前途 [future]：一手伸食指，从胸前向前上方移动。", "csl", synonyms=["future"]
    ),
    entry(
        "csl:waizufu",
        "外祖父",
        "外祖父（外公）[grandfather]：一手伸拇指，贴于嘴角。",
        "csl",
        synonyms=["grandfather"],
        variants=["外公"],
    ),  # fmt: skip
    entry(
        "csl:xingshi",
        "局势",
        "局势 [situation]：双手五指张开，掌心向下，平行转动。",
        "csl",
        synonyms=["situation"],
    ),
    entry(
        "tsm:abla", "abla", "abla [older sister]: işaret parmağı yanağa dokunur, sonra öne doğru iner.", "tsm"
    ),
]


def test_only_entries_in_the_vocabulary_language_are_evidence() -> None:
    retriever = VariantRetriever(MIXED)
    csl = gloss_entries(retriever, ["前途", "FUTURE"], 1, language="csl")
    assert csl.grounding == "grounded"
    assert [f.hit.id for f in csl.found][0] == "csl:qiantu"
    assert {f.hit.language for f in csl.found} == {"csl"}
    ase = gloss_entries(retriever, ["future"], 1, language="ase")
    assert ase.grounding == "grounded" and ase.found[0].hit.id == "ase:future"
    assert {f.hit.language for f in ase.found} == {"ase"}


def test_an_alternative_form_is_the_gloss_own_entry_and_says_variant() -> None:
    grounded = gloss_entries(VariantRetriever(MIXED), ["外公"], 1, language="csl")
    assert grounded.grounding == "grounded"
    first = grounded.found[0]
    assert (first.hit.id, first.match, first.primary) == ("csl:waizufu", "variant", True)
    assert first.evidence("p1_describe").match == "variant"
    assert first.evidence("p1_describe").language == "csl"


def test_a_vocabulary_gloss_printed_with_its_alternative_finds_either_form() -> None:
    """SLR500 writes 成效（成功）; a dictionary may file the sign under 成效 or under 成功."""
    assert lookup_forms(["成效（成功）", "RESULT"]) == ["成效（成功）", "成效", "成功", "RESULT"]
    assert lookup_forms(["暖（温暖、暖和）"]) == ["暖（温暖、暖和）", "暖", "温暖", "暖和"]
    chengxiao = entry("csl:chengxiao", "成功", "成功 [success]：双手伸拇指，向前移动。", "csl")
    grounded = gloss_entries(
        VariantRetriever([*MIXED, chengxiao]), ["成效（成功）", "RESULT"], 1, language="csl"
    )
    assert grounded.grounding == "grounded" and grounded.found[0].hit.id == "csl:chengxiao"


def test_a_shared_translation_alone_does_not_ground_another_headword() -> None:
    """形势 and 局势 are both SITUATION: 局势's entry must not become 形势's."""
    retriever = VariantRetriever(MIXED)
    grounded = gloss_entries(retriever, ["形势", "SITUATION"], 1, language="csl")
    assert (grounded.grounding, grounded.found) == ("ungrounded", [])
    assert not has_entry(retriever, ["形势", "SITUATION"], language="csl")
    assert has_entry(retriever, ["局势", "SITUATION"], language="csl")


def test_no_entry_in_the_language_is_ungrounded_even_when_another_language_has_one() -> None:
    retriever = VariantRetriever(MIXED)
    grounded = gloss_entries(retriever, ["sister"], 2, language="tsm")
    assert (grounded.grounding, grounded.found) == ("ungrounded", [])
    assert not any(call[0] == "search" for call in retriever.calls)  # no semantic stand-in either


def test_cross_language_only_by_flag_and_never_as_this_sign() -> None:
    grounded = gloss_entries(VariantRetriever(MIXED), ["sister"], 2, language="tsm", cross_language=True)
    assert grounded.grounding == "cross_language"
    assert [(f.hit.id, f.hit.language, f.primary) for f in grounded.found] == [("ase:sister", "ase", False)]
    assert has_entry(VariantRetriever(MIXED), ["sister"], language="tsm", cross_language=True)


def test_records_carry_language_and_grounding_and_the_run_warns_once(fake: FakeOpenAI) -> None:
    retriever = VariantRetriever(MIXED)
    entries = [
        VocabEntry(class_id=0, glosses=["前途", "FUTURE"], line=2, language="csl"),
        VocabEntry(class_id=1, glosses=["形势", "SITUATION"], line=3, language="csl"),
        VocabEntry(class_id=2, glosses=["动态", "DYNAMIC"], line=4, language="csl"),
    ]
    summary = describe(fake_settings(fake.base_url), entries, retriever=retriever, console=QUIET)
    written = {r.class_id: r for r in read_jsonl(Path("out/descriptions.jsonl"), DescriptionRecord)}
    assert {r.language for r in written.values()} == {"csl"}
    assert [written[i].grounding for i in range(3)] == ["grounded", "ungrounded", "ungrounded"]
    assert written[1].evidence == [] and written[2].evidence == []
    assert {e.language for e in written[0].evidence} == {"csl"}
    assert (summary.grounded, summary.ungrounded, summary.cross_language) == (1, 2, 0)
    assert summary.warnings == [
        "no csl dictionary entries for 2 of 3 glosses: ingest a Chinese Sign Language (CSL) dictionary "
        "(gspgen ingest DIR --language csl)"
    ]
    # The prompt of an ungrounded gloss holds no dictionary entry at all (no foreign stand-in).
    p1 = [r for r in fake.requests if "形势" in str(r["messages"]) and "description" in str(r)]
    assert p1 and not any("Dictionary entries" in str(r["messages"]) for r in p1)


def test_cross_language_records_say_so_and_are_redone_without_the_flag(fake: FakeOpenAI) -> None:
    entries = [VocabEntry(class_id=0, glosses=["sister"], line=1, language="tsm")]
    crossed = fake_settings(fake.base_url, describe={"cross_language": True})
    summary = describe(crossed, entries, retriever=VariantRetriever(MIXED), console=QUIET)
    (record,) = read_jsonl(Path("out/descriptions.jsonl"), DescriptionRecord)
    assert record.grounding == "cross_language" and record.language == "tsm"
    assert [(e.chunk_id, e.language) for e in record.evidence] == [("ase:sister", "ase")]
    assert summary.cross_language == 1 and "1 described from another sign language" in summary.warnings[0]
    again = describe(fake_settings(fake.base_url), entries, retriever=VariantRetriever(MIXED), console=QUIET)
    assert again.done == 1
    (record,) = read_jsonl(Path("out/descriptions.jsonl"), DescriptionRecord)
    assert (record.grounding, record.evidence) == ("ungrounded", [])


def test_ungrounded_records_are_redone_once_their_dictionary_is_ingested(fake: FakeOpenAI) -> None:
    entries = [VocabEntry(class_id=0, glosses=["abla"], line=1, language="tsm")]
    settings = fake_settings(fake.base_url)
    first = describe(settings, entries, retriever=VariantRetriever(MIXED[:2]), console=QUIET)
    assert first.ungrounded == 1
    unchanged = describe(settings, entries, retriever=VariantRetriever(MIXED[:2]), console=QUIET)
    assert (unchanged.done, unchanged.skipped, unchanged.ungrounded) == (0, 1, 1)
    assert unchanged.warnings  # still missing: the warning repeats on every run
    ingested = describe(settings, entries, retriever=VariantRetriever(MIXED), console=QUIET)
    assert (ingested.done, ingested.grounded, ingested.warnings) == (1, 1, [])


def test_a_changed_vocabulary_language_regenerates_its_records(fake: FakeOpenAI) -> None:
    settings = fake_settings(fake.base_url)
    as_ase = [VocabEntry(class_id=0, glosses=["future"], line=1, language="ase")]
    describe(settings, as_ase, retriever=VariantRetriever(MIXED), console=QUIET)
    as_csl = [as_ase[0].model_copy(update={"language": "csl"})]
    again = describe(settings, as_csl, retriever=VariantRetriever(MIXED), console=QUIET)
    assert again.done == 1
    (record,) = read_jsonl(Path("out/descriptions.jsonl"), DescriptionRecord)
    assert (record.language, record.grounding) == ("csl", "ungrounded")


def test_warning_ignores_records_older_than_grounding(fake: FakeOpenAI) -> None:
    record = DescriptionRecord.model_validate_json(_OLD_RECORD)
    assert record.grounding is None and record.evidence[0].language is None
    assert grounding_warning([record]) is None


_OLD_RECORD = (
    '{"schema_version":1,"class_id":1,"glosses":["前途","FUTURE"],"language":"ase",'
    '"primary_description":"x","global_descriptions":["x"],"synonyms":[],"parts":[],'
    '"evidence":[{"chunk_id":"a","source":"s.csv","row":3,"gloss":"future","score":1.0,"match":"exact",'
    '"step":"p1_describe","text":"t"}],"generation":{"model":"m","endpoint_kind":"fake","steps":{},'
    '"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:01Z"}}'
)

"""Facts from the coded lexicon, part tags by rule, and the gate every generated text must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.check import Checker, load_vocabulary
from gspgen.check.sources import coded_from_morphemes
from gspgen.config import bundled_path
from gspgen.describe.facts import Clause, FactPart, FactSource, SignFacts
from gspgen.describe.gate import Gate
from gspgen.lexicon.coding import ColumnMap

ASL_LEX = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"


@pytest.fixture(scope="module")
def source() -> FactSource:
    return FactSource(ASL_LEX)


@pytest.fixture(scope="module")
def checker(source: FactSource) -> Checker:
    return Checker(source.table, load_vocabulary())


def facts_of(source: FactSource, gloss: str, hand: str = "right") -> SignFacts:
    found = source.facts([gloss], hand)  # type: ignore[arg-type]
    assert found is not None
    return found


def gate_for(checker: Checker, facts: SignFacts, threshold: float = 0.8) -> Gate:
    coded = checker.vocabulary.accepted(coded_from_morphemes(m.model_dump() for m in facts.entry.morphemes))
    return Gate(checker, coded, threshold)


def test_facts_state_the_coded_columns_and_nothing_uncoded(source: FactSource, checker: Checker) -> None:
    drink = facts_of(source, "drink")  # one-handed C, straight, once, in front of the head, no contact
    text = drink.text
    for words in ("one-handed", "C handshape", "all four fingers are curved", "thumb is open", "wrist twists",
                  "straight line", "only once", "in front of the head", "without touching"):  # fmt: skip
        assert words in text, words
    assert "palm" not in text.lower() and "fac" not in text.lower()  # no orientation, no expression
    report = checker.check_field("global", text, gate_for(checker, drink).coded)
    assert not report.contradictions
    assert set(report.statuses.values()) == {"correct"}


def test_facts_from_another_csv_through_a_column_map(tmp_path: Path) -> None:
    table = tmp_path / "dgs.csv"
    table.write_text(
        "sign_id,HS,Fingers,Flex,Kind,Move,Rep,Major,Minor,Touch,Base,Twist\n"
        "HAUS,open_b,imrp,FullyOpen,SymmetricalOrAlternating,Straight,0,Neutral,Neutral,1,open_b,1\n",
        encoding="utf-8",
    )
    stems = {"handshape": "HS", "selected_fingers": "Fingers", "flexion": "Flex", "sign_type": "Kind",
             "movement": "Move", "repeated_movement": "Rep", "major_location": "Major",
             "minor_location": "Minor", "contact": "Touch", "nondominant_handshape": "Base",
             "wrist_twist": "Twist"}  # fmt: skip
    columns = ColumnMap(
        entry_id="sign_id",
        language="gsg",
        stems=ColumnMap().stems | stems,
        first_morpheme_template="{stem}",
        max_morphemes=1,
    )
    facts = FactSource(table, columns)
    assert facts.language == "gsg"
    haus = facts.facts(["haus"], "right")
    assert haus is not None
    assert "open B handshape" in haus.text and "wrist twists" in haus.text and "only once" in haus.text
    # two hands in neutral space touch each other, not the body (BOOK, THIN, YEAR)
    assert (
        "symmetrically" in haus.text
        and "the hands touch each other" in haus.text
        and "touches it" not in haus.text
    )


def test_part_tags_follow_the_coded_location_and_the_dominant_hand(source: FactSource) -> None:
    drink = facts_of(source, "drink")  # one-handed, in front of the head
    assert [p.tags for p in drink.parts] == [("right_hand",), ("right_hand", "face")]
    lefty = facts_of(source, "drink", "left")
    assert [p.tags for p in lefty.parts] == [("left_hand",), ("left_hand", "face")]
    # Two-handed, on the other hand: the base hand gets its own segment, the place involves both hands.
    chair = facts_of(source, "chair")
    assert [p.tags for p in chair.parts] == [("right_hand",), ("left_hand",), ("right_hand", "left_hand")]
    # A one-handed sign never gets the other hand; one made in neutral space gets no face/mouth/body.
    tags = {t for p in facts_of(source, "go").parts for t in p.tags}
    assert "left_hand" not in tags or facts_of(source, "go").entry.phonology.sign_type != "OneHanded"
    assert not tags & {"face", "mouth", "body"}
    yes = facts_of(source, "yes")
    assert yes.entry.phonology.minor_location == "Neutral" and all(
        p.tags == ("right_hand",) for p in yes.parts
    )


def test_mouth_and_body_locations_tag_their_part(source: FactSource) -> None:
    mouths = [g for g in ("eat", "food", "say", "speak") if (f := source.facts([g], "right"))
              and f.entry.phonology.minor_location in {"Mouth", "UpperLip"}]  # fmt: skip
    assert mouths
    assert any("mouth" in p.tags for p in facts_of(source, mouths[0]).parts)
    body = facts_of(source, "please")  # the chest
    assert any("body" in p.tags for p in body.parts)


def test_the_gate_accepts_a_faithful_rewording(source: FactSource, checker: Checker) -> None:
    drink = facts_of(source, "drink")
    good = ("Using one hand only, make a C handshape with the dominant hand (all four fingers are curved, "
            "held together, thumb open). Move it in a straight line just once, in front of the head, "
            "without touching.")  # fmt: skip
    verdict = gate_for(checker, drink).judge(good, drink.text, [drink.text])
    assert verdict.ok, verdict.problems


def test_the_gate_names_what_is_wrong(source: FactSource, checker: Checker) -> None:
    drink = facts_of(source, "drink")
    gate = gate_for(checker, drink)
    wrong = gate.judge("A C handshape taps the chin twice with one hand.", drink.text, [drink.text])
    assert not wrong.ok
    assert any("says 'chin'" in p for p in wrong.problems)  # contradicts the coded place
    assert any(p.startswith("leaves out the movement") for p in wrong.problems)  # drops a stated fact
    palm = drink.text.replace("The dominant hand moves", "With the palm facing down, the dominant hand moves")
    assert any("palm" in p for p in gate.judge(palm, drink.text, [drink.text]).problems)
    salad = gate.judge(
        drink.text.replace("The dominant hand moves", "The the dominant hand moves"), drink.text, []
    )
    assert salad.problems[0] == "reads as broken English: a word twice in a row: 'The the'"
    copy = gate.judge(drink.text.replace("only once", "just once"), drink.text, [drink.text])
    assert copy.problems == [copy.problems[0]] and "too close" in copy.problems[0]
    loose = gate_for(checker, drink, threshold=1.0).judge(drink.text.replace("only", "just"), drink.text, [])
    assert loose.ok


def test_fallback_variants_are_faithful_and_distinct(source: FactSource, checker: Checker) -> None:
    """Every coded sign of the first 300 rows has >= 3 variants that pass the gate together."""
    entries = list(source.table._by_key.values())
    seen: set[str] = set()
    short = []
    for entry in entries:
        if entry.entry_id in seen or entry.row > 300:
            continue
        seen.add(entry.entry_id)
        facts = source.facts([entry.entry_id], "right")
        if facts is None:
            continue
        gate = gate_for(checker, facts)
        accepted: list[str] = []
        for n in range(1, 13):
            variant = facts.variant(n)
            if len(accepted) < 3 and gate.judge(variant, facts.text, [facts.text, *accepted]).ok:
                accepted.append(variant)
        if len(accepted) < 3:
            short.append(entry.entry_id)
    assert len(seen) > 250 and len(short) <= len(seen) // 50, short


def test_a_misreading_of_the_source_is_not_held_against_its_rewordings(
    source: FactSource, checker: Checker
) -> None:
    """Where the extractor misreads the facts themselves, a rewording that repeats them is not rejected."""
    drink = facts_of(source, "drink")
    gate = gate_for(checker, drink)
    misread = drink.text + " It ends near the chin."  # the checker reads 'chin': a contradiction
    assert checker.check_field("s", misread, gate.coded).contradictions
    variant = drink.variant(1) + " It ends near the chin."
    assert gate.judge(variant, misread, [misread]).ok
    assert not gate.judge(drink.variant(1) + " It ends near the eyes.", misread, [misread]).ok


def test_every_part_of_every_sign_has_variants(source: FactSource) -> None:
    """Part variants exist for every coded sign (a clause with one wording once divided by zero)."""
    for entry in list(source.table._by_key.values())[:3000]:
        facts = source.facts([entry.entry_id], "right")
        for part in facts.parts if facts else ():
            assert all(part.text(n) for n in range(1, 6))
    one = FactPart((Clause("nondominant", ("Only one wording.",)),), ("left_hand",))
    assert one.text(3) == one.text(0)

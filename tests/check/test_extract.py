"""The deterministic extractor on single sentences: terms, context, negation, hands, masks."""

from __future__ import annotations

import pytest

from gspgen.check import Claim, Extractor, load_vocabulary


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_vocabulary())


def direct(claims: list[Claim]) -> set[tuple[str, str]]:
    return {(c.attribute, c.value) for c in claims if not c.implied}


def test_synonyms_map_to_one_value(extractor: Extractor) -> None:
    for text in ("The hand touches the chin.", "The fingertips brush the jaw.", "It taps the chin."):
        assert ("minor_location", "Chin") in direct(extractor.claims(text)), text
    for text in ("The hand circles.", "a circular movement", "moves in a circle"):
        assert ("movement", "Circular") in direct(extractor.claims(text)), text
    assert ("sign_type", "two_handed") in direct(extractor.claims("Two hands are used."))
    assert ("sign_type", "two_handed") in direct(extractor.claims("Both hands are used."))


def test_spans_point_at_the_words(extractor: Extractor) -> None:
    text = "A flat hand taps the forehead twice."
    claims = {c.attribute: c for c in extractor.claims(text) if not c.implied}
    assert text[claims["minor_location"].start : claims["minor_location"].end] == "forehead"
    assert claims["handshape"].text == "flat hand" and claims["handshape"].value == "flat_hand"
    assert claims["repeated_movement"].text == "twice"


def test_implied_claims_follow_from_values(extractor: Extractor) -> None:
    claims = extractor.claims("The index finger extended touches the chin.")
    implied = {(c.attribute, c.value) for c in claims if c.implied}
    assert {("major_location", "Head"), ("selected_fingers", "i"), ("flexion", "FullyOpen")} <= implied


def test_negation_flips_yes_no_and_drops_the_rest(extractor: Extractor) -> None:
    assert ("contact", "false") in direct(
        extractor.claims("The hand moves near the chin without touching it.")
    )
    assert ("contact", "false") in direct(extractor.claims("The hands do not touch."))
    assert ("contact", "false") in direct(extractor.claims("There is no contact."))
    assert ("repeated_movement", "false") in direct(extractor.claims("The movement is not repeated."))
    assert ("movement", "None") in direct(extractor.claims("There is no movement."))
    assert not {a for a, _ in direct(extractor.claims("It is not a circle."))} & {"movement"}
    # a negation behind a comma or parenthesis does not reach the term
    assert ("repeated_movement", "true") in direct(
        extractor.claims("It stays in place (no path movement), repeated.")
    )


def test_location_needs_a_place_phrase(extractor: Extractor) -> None:
    # orientation, which no column codes: an uncoded claim, not a place
    assert direct(extractor.claims("The palm faces the chin.")) == {("palm_orientation", "stated")}
    assert ("minor_location", "Chin") in direct(extractor.claims("The fingertips are placed at the chin."))
    # orientation, not place: "palm toward the face" / "pointing toward the chest"
    assert "major_location" not in {a for a, _ in direct(extractor.claims("The palm toward the face."))}
    assert "minor_location" not in {
        a for a, _ in direct(extractor.claims("Fingers pointing toward the chest."))
    }


def test_single_letter_names_need_capitals_or_quotes(extractor: Extractor) -> None:
    assert not direct(extractor.claims("Form a handshape like this."))
    assert ("handshape", "a") in direct(extractor.claims("Form an A handshape."))
    assert ("handshape", "a") in direct(extractor.claims("Use the 'a' hand."))
    assert ("handshape", "family_b") in direct(extractor.claims("A B hand."))
    assert ("handshape", "open_b") in direct(extractor.claims("An open-B handshape."))
    assert ("handshape", "open_b") in direct(
        extractor.claims("An open B moves.")
    )  # multi-word names need no template


def test_hands_route_handshapes_and_drop_base_hand_facts(extractor: Extractor) -> None:
    text = "The dominant hand forms an A handshape and taps the palm of the non-dominant B hand."
    found = direct(extractor.claims(text))
    assert {("handshape", "a"), ("nondominant_handshape", "family_b"), ("minor_location", "Palm")} <= found
    assert ("contact", "true") in found
    both = direct(extractor.claims("Both hands form open B handshapes."))
    assert {("handshape", "open_b"), ("nondominant_handshape", "open_b")} <= both
    base = direct(extractor.claims("The non-dominant hand stays stationary while the dominant hand circles."))
    assert ("movement", "None") not in base and ("movement", "Circular") in base


def test_default_hand_of_a_segment(extractor: Extractor) -> None:
    assert ("nondominant_handshape", "family_5") in direct(extractor.claims("A 5 handshape.", "nondominant"))
    assert ("handshape", "family_5") in direct(extractor.claims("A 5 handshape.", "dominant"))


def test_shape_descriptions_are_not_places_or_contact(extractor: Extractor) -> None:
    text = "Handshape: F (index finger and thumb touching in a circle, other fingers extended). Thumb open, not touching the fingers."
    found = direct(extractor.claims(text))
    assert found == {("handshape", "family_f")}


def test_the_renderers_handshape_words_name_their_handshape(extractor: Extractor) -> None:
    """P3 replaces handshape names with the dictionary's words for them; those words must map back."""
    from gspgen.lexicon.phrasing import HANDSHAPES

    vocabulary = extractor.vocabulary
    for code, (_, look) in HANDSHAPES.items():
        if code == "lax":  # "relaxed hand" is not a coded handshape
            continue
        claims = [c for c in extractor.claims(f"The dominant hand: {look}.") if c.attribute == "handshape"]
        assert claims, look
        assert all(
            vocabulary.compatible("handshape", c.value, vocabulary.coded("handshape", code)) for c in claims
        ), look


def test_same_as_copies_the_nearest_handshape(extractor: Extractor) -> None:
    text = "Hand: C (fingers curved). Two-handed, both hands alike. Then: Hand: S (fist). One-handed."
    copies = [c for c in extractor.claims(text) if c.attribute == "nondominant_handshape"]
    assert [(c.value, c.text) for c in copies] == [("c", "Hand: C")]


def test_non_manual_clauses_and_places_are_not_subjects(extractor: Extractor) -> None:
    # nothing manual; what the mouth does is a claim of its own (uncoded: the checker calls it unsupported)
    mouth = direct(extractor.claims("The mouth forms the word in one syllable: lips rounded."))
    assert mouth == {("mouth", "stated")}
    assert ("minor_location", "Mouth") in direct(extractor.claims("At the mouth, no contact."))
    assert ("contact", "false") in direct(extractor.claims("At the mouth, no contact."))
    # "the left hand" is where the dominant hand taps, so "repeatedly" is still said of the dominant hand
    assert ("repeated_movement", "true") in direct(extractor.claims("It taps the left hand repeatedly."))
    one = direct(extractor.claims("The flat hand moves down. The non-dominant hand is not used."))
    assert ("sign_type", "OneHanded") in one and ("sign_type", "two_handed") not in one

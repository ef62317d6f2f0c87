"""Step output models: what a reply must look like, and the hand-role → side convention."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gspgen.describe.retrieval import find_references
from gspgen.describe.steps import Description, Parts, rewordings_model, side_tags, synonyms_model


def test_side_tags_follow_the_dominant_hand_setting() -> None:
    roles = ["dominant_hand", "non_dominant_hand", "face", "dominant_hand"]
    assert side_tags(roles, "right") == ["right_hand", "left_hand", "face"]  # type: ignore[arg-type]
    assert side_tags(roles, "left") == ["left_hand", "right_hand", "face"]  # type: ignore[arg-type]


def test_repeated_paraphrases_are_dropped_not_reasked() -> None:
    model = synonyms_model(3)
    value = model(paraphrases=["The hand moves up.", "the hand moves up.", "Both hands open like a book."])
    assert value.paraphrases == ["The hand moves up.", "Both hands open like a book."]
    assert model.model_json_schema()["properties"]["paraphrases"]["minItems"] == 3  # k are asked for
    assert len(model(paraphrases=["The hand moves up.", "Both hands open."]).paraphrases) == 2  # fewer pass
    with pytest.raises(ValidationError):
        model(paraphrases=[])
    with pytest.raises(ValidationError):
        model(paraphrases=[f"The hand moves up {n} times." for n in ("two", "three", "four", "five")])


@pytest.mark.parametrize(
    "text", ["........", "Value error, must differ", "Split the description into segments"]
)
def test_placeholders_and_echoed_instructions_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError):
        Parts(segments=[{"text": text, "parts": ["face"]}])  # type: ignore[list-item]


def test_echoed_segments_beside_real_ones_are_dropped_not_reasked() -> None:
    value = Parts.model_validate(
        {
            "segments": [
                {"text": "The C hand moves up to the mouth.", "parts": ["dominant_hand", "mouth"]},
                {"text": "Split the description into short segments, one fact each.", "parts": ["body"]},
                {"text": "face: eyes, eyebrows, head", "parts": ["face"]},
            ]
        }
    )
    assert [s.text for s in value.segments] == ["The C hand moves up to the mouth."]


def test_a_reply_cut_at_the_length_cap_keeps_whole_sentences() -> None:
    value = Description(description="The flat hand taps the chin. Then the palm turns towards the")
    assert value.description == "The flat hand taps the chin."


def test_references_in_a_primary_description() -> None:
    text = "One hand forms the manual sign 'Q' at the nostrils, as in 'love'; then a flat B handshape."
    refs = {(r.name, r.kind) for r in find_references(text, ["ambience"])}
    assert refs == {("Q", "handshape"), ("love", "entry"), ("flat B", "handshape")}


def test_rewordings_keep_the_first_n_and_need_one() -> None:
    one = rewordings_model(1)
    reply = one.model_validate({"paraphrases": ["A first rewording here.", "An extra one the model added."]})
    assert reply.paraphrases == ["A first rewording here."]
    assert one.model_json_schema()["properties"]["paraphrases"]["maxItems"] == 1
    with pytest.raises(ValidationError):
        one.model_validate({"paraphrases": []})


def test_rewordings_read_a_bare_list_and_one_string_objects() -> None:
    two = rewordings_model(2)
    assert two.model_validate(["The first text here.", "The second text here."]).paraphrases == [
        "The first text here.",
        "The second text here.",
    ]
    objects = {"paraphrases": [{"line": 1, "text": "The first text here."}, {"p": "The second text here."}]}
    assert two.model_validate(objects).paraphrases == ["The first text here.", "The second text here."]
    with pytest.raises(ValidationError):  # two strings in one object: which one is meant is not known
        two.model_validate({"paraphrases": [{"a": "The first text here.", "b": "Another text here."}]})

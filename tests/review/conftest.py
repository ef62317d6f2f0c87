"""Review fixtures: realistic generated records whose evidence is real ASL-LEX 2.0 text.

The describe stage writes these files in production; here the records are written by hand (what a
grounded LLM plausibly returns) around evidence passages rendered from the bundled lexicon rows, so
every review path runs on valid ``DescriptionRecord``s.
"""

from __future__ import annotations

import csv
import functools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gspgen.jsonio import append_jsonl
from gspgen.records import DescriptionRecord, Evidence, Generation, PartSegment, StepTrace

REPO_ROOT = Path(__file__).resolve().parents[2]

# class_id, ASL-LEX EntryID, global description(s), synonyms, part segments (text, tags)
GLOSSES: list[tuple[int, str, list[str], list[str], list[tuple[str, list[str]]]]] = [
    (
        0,
        "book",
        ["Both flat hands start palm to palm in front of the chest and open outward like a book's covers."],
        [
            "Two flat hands pressed together in neutral space swing open along the little-finger edges.",
            "The palms part like a book being opened in front of the body.",
        ],
        [
            (
                "Both hands are flat B handshapes, fingers together, palms facing each other.",
                ["left_hand", "right_hand"],
            ),
            (
                "The hands hinge open in a curved movement in neutral space in front of the chest.",
                ["right_hand", "body"],
            ),
        ],
    ),
    (
        1,
        "drink",
        ["The dominant hand, curved in a C shape as if holding a cup, moves toward the mouth and tips back."],
        [
            "A C-shaped hand lifts an imaginary cup to the lips.",
            "The curved hand tilts at the mouth as though drinking from a glass.",
        ],
        [
            ("The dominant hand forms a C handshape with all fingers curved.", ["right_hand"]),
            (
                "The hand moves in a straight path to just in front of the mouth without touching it.",
                ["right_hand", "mouth"],
            ),
        ],
    ),
    (
        2,
        "mother",
        ["The open 5 hand, fingers spread, touches the thumb to the chin."],
        [
            "The thumb of the spread hand taps the chin.",
            "An open hand with spread fingers contacts the chin with its thumb tip.",
        ],
        [
            (
                "The dominant hand is an open 5 handshape with all fingers extended and spread.",
                ["right_hand"],
            ),
            ("The thumb makes contact with the chin, repeated.", ["right_hand", "face"]),
        ],
    ),
    (
        3,
        "apple",
        ["The knuckle of the bent index finger is placed on the cheek near the nose and twisted."],
        [
            "A bent index finger twists against the cheek.",
            "The crooked index finger knuckle turns on the cheek beside the nose.",
        ],
        [
            ("The dominant hand bends the index finger, other fingers closed.", ["right_hand"]),
            ("The bent knuckle contacts the cheek next to the nose.", ["right_hand", "face"]),
        ],
    ),
]


@functools.cache
def lexicon_rows(csv_path: Path, entry_ids: frozenset[str]) -> dict[str, tuple[int, dict[str, str]]]:
    """EntryID -> (1-based data row, row) for the wanted entries of the real ASL-LEX table (read once)."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["EntryID"]: (number, row)
            for number, row in enumerate(csv.DictReader(handle), start=1)
            if row["EntryID"] in entry_ids
        }


def render_row(row: dict[str, str]) -> str:
    """A passage as retrieval shows it to the LLM: the entry's coded phonology, in words."""
    return (
        f"ASL-LEX entry {row['EntryID']} (lemma {row['LemmaID']}, {row['LexicalClass']}). "
        f"Handshape: {row['Handshape.2.0']}; selected fingers: {row['SelectedFingers.2.0']}; "
        f"flexion: {row['Flexion.2.0']}. Sign type: {row['SignType.2.0']}. "
        f"Movement: {row['Movement.2.0']} (repeated: {row['RepeatedMovement.2.0']}). "
        f"Location: {row['MajorLocation.2.0']}, {row['MinorLocation.2.0']} (contact: {row['Contact.2.0']}). "
        f"Non-dominant handshape: {row['NonDominantHandshape.2.0']}. "
        f"English: {row['SignBankEnglishTranslations']}."
    )


def make_records(csv_path: Path) -> list[DescriptionRecord]:
    rows = lexicon_rows(csv_path, frozenset(g[1] for g in GLOSSES))
    started = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    steps = {
        "p1_describe": StepTrace(template_hash="3f1c9a0b7d2e4f61", prompt_tokens=412, completion_tokens=58),
        "p2_synonyms": StepTrace(template_hash="a94d0e6b12c8f3e7", prompt_tokens=301, completion_tokens=74),
        "p3_refine": StepTrace(template_hash="5be27c81d04a9f36", prompt_tokens=520, completion_tokens=49),
        "p4_parts": StepTrace(template_hash="0d7f3ea5c6b18294", prompt_tokens=388, completion_tokens=91),
    }
    records = []
    for class_id, entry, globals_, synonyms, parts in GLOSSES:
        number, row = rows[entry]
        evidence = Evidence(
            chunk_id=f"signdata-11-5-20.csv#row{number}",
            source="signdata-11-5-20.csv",
            row=number,
            gloss=entry,
            score=1.0,
            match="exact",
            step="p1_describe",
            text=render_row(row),
        )
        records.append(
            DescriptionRecord(
                class_id=class_id,
                glosses=[entry.upper(), *row["SignBankEnglishTranslations"].split(", ")[:2]],
                language="ase",
                primary_description=globals_[0],
                global_descriptions=globals_,
                synonyms=synonyms,
                parts=[PartSegment(text=t, parts=tags) for t, tags in parts],  # type: ignore[misc]
                evidence=[evidence],
                generation=Generation(
                    model="qwen2.5-0.5b-instruct-q4_k_m",
                    endpoint_kind="embedded",
                    steps=steps,  # type: ignore[arg-type]
                    started_at=started,
                    finished_at=started.replace(second=40),
                ),
            )
        )
    return records


def write_records(path: Path, records: list[DescriptionRecord]) -> Path:
    for record in records:
        append_jsonl(path, record)
    return path


@pytest.fixture
def records(asl_lex_csv: Path) -> list[DescriptionRecord]:
    return make_records(asl_lex_csv)


@pytest.fixture
def generated(tmp_path: Path, records: list[DescriptionRecord]) -> Path:
    """A generated descriptions file (4 glosses x 5 fields) in the test's folder."""
    return write_records(tmp_path / "descriptions.jsonl", records)

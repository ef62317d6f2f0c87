"""Fixtures for the check stage: the real ASL-LEX lexicon (loaded once) and a record factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gspgen.check import Checker, TableLexicon
from gspgen.records import DescriptionRecord, Generation, PartSegment

ASL_LEX = Path(__file__).resolve().parents[2] / "corpora" / "asl-lex" / "signdata-11-5-20.csv"


@pytest.fixture(scope="session")
def lexicon() -> TableLexicon:
    return TableLexicon.from_path(ASL_LEX)


@pytest.fixture(scope="session")
def checker(lexicon: TableLexicon) -> Checker:
    return Checker(lexicon)


MakeRecord = Callable[..., DescriptionRecord]


@pytest.fixture
def make_record() -> MakeRecord:
    def make(
        gloss: str,
        global_text: str,
        *,
        class_id: int = 0,
        synonyms: list[str] | None = None,
        parts: list[tuple[str, list[str]]] | None = None,
        primary: str | None = None,
    ) -> DescriptionRecord:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        return DescriptionRecord(
            class_id=class_id,
            glosses=[gloss],
            language="ase",
            primary_description=primary if primary is not None else global_text,
            global_descriptions=[global_text],
            synonyms=synonyms or [],
            parts=[PartSegment(text=t, parts=p) for t, p in parts or []],  # type: ignore[misc]
            generation=Generation(
                model="hand-written", endpoint_kind="other", steps={}, started_at=now, finished_at=now
            ),
        )

    return make

"""CSV/TSV dictionaries: one row per sign, columns mapped by :class:`ColumnMap` (ASL-LEX by default)."""

from __future__ import annotations

from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.lexicon import load_lexicon
from gspgen.corpus.loaders.entries import column_map, lexicon_documents
from gspgen.corpus.loaders.read import read_bytes
from gspgen.errors import CorpusError


def load_table(path: Path, settings: CorpusSettings) -> list[Document]:
    read_bytes(path)  # empty and unreadable files get their own message
    columns = column_map(settings)
    entries = load_lexicon(path, columns)
    if not entries:
        raise CorpusError(f"no rows with a {columns.entry_id!r} value", where=path)
    return lexicon_documents(entries, path)

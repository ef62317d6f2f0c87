"""JSON (a list of entry objects) and JSONL (one entry object a line) dictionaries.

Objects carrying the lexicon's gloss column (``EntryID`` for ASL-LEX) go through the lexicon and get
rendered phonology; other objects need a ``gloss`` field, and their remaining fields become text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.loaders.entries import (
    column_map,
    free_entry_document,
    lexicon_documents,
    mapped_documents,
    unique,
    unmapped_hint,
)
from gspgen.corpus.loaders.read import read_text
from gspgen.corpus.manifest import MANIFEST_NAME, FileSpec
from gspgen.errors import CorpusError
from gspgen.lexicon import ColumnMap, entries_from_rows


def _items(path: Path) -> list[Any]:
    text = read_text(path)
    if path.suffix.lower() == ".jsonl":
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                items.append(_parse(line, path, f"line {number}: "))
        return items
    value = _parse(text, path, "")
    if not isinstance(value, list):
        raise CorpusError(f"not a list of entries (top level is a JSON {type(value).__name__})", where=path)
    return value


def _parse(text: str, path: Path, prefix: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(
            f"{prefix}invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", where=path
        ) from None


def _check(items: list[Any], path: Path, columns: ColumnMap, mapped: bool) -> None:
    if not items:
        raise CorpusError("no entries (empty list)", where=path)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise CorpusError(f"entry {number} is a {type(item).__name__}, not an object", where=path)
        if not mapped and not str(item.get("gloss") or item.get(columns.entry_id) or "").strip():
            raise CorpusError(
                f"entry {number} has no 'gloss' (or {columns.entry_id!r}) field; "
                + unmapped_hint(list(item), MANIFEST_NAME),
                where=path,
            )


def load_json(path: Path, settings: CorpusSettings, spec: FileSpec) -> list[Document]:
    columns = column_map(settings)
    items = _items(path)
    _check(items, path, columns, spec.fields is not None)
    if spec.fields is not None:
        return mapped_documents(items, spec.fields, path, spec)
    numbered = list(enumerate(items, start=1))
    coded = [(n, i) for n, i in numbered if str(i.get(columns.entry_id) or "").strip()]
    free = [(n, i) for n, i in numbered if not str(i.get(columns.entry_id) or "").strip()]
    documents = []
    if coded:
        rows = [{k: "" if v is None else str(v) for k, v in item.items()} for _, item in coded]
        entries = entries_from_rows(rows, path.name, columns)
        for entry, (number, _) in zip(entries, coded, strict=True):
            entry.row = number
        documents += lexicon_documents(entries, path, spec)
    documents += [free_entry_document(item, path, number, spec.language) for number, item in free]
    return unique(documents)

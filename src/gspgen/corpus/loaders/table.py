"""CSV/TSV dictionaries: one row per sign, read through the manifest's field map, or as ASL-LEX coding
(columns mapped by :class:`ColumnMap`)."""

from __future__ import annotations

import csv
from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.loaders.entries import column_map, lexicon_documents, mapped_documents, unmapped_hint
from gspgen.corpus.loaders.read import read_bytes
from gspgen.corpus.manifest import MANIFEST_NAME, FileSpec
from gspgen.errors import CorpusError
from gspgen.lexicon import load_lexicon


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            return list(reader.fieldnames or []), list(reader)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"not UTF-8 (byte {exc.start})", where=path) from None
    except (OSError, csv.Error) as exc:
        raise CorpusError(str(exc), where=path) from None


def load_table(path: Path, settings: CorpusSettings, spec: FileSpec) -> list[Document]:
    read_bytes(path)  # empty and unreadable files get their own message
    header, rows = _rows(path)
    if spec.fields is not None:
        missing = [c for c in spec.fields.columns() if c not in header]
        if missing:
            raise CorpusError(
                f"{spec.manifest} [fields] names column {missing[0]!r}, not in the header ({', '.join(header)})",
                where=path,
            )
        return mapped_documents(rows, spec.fields, path, spec)
    columns = column_map(settings)
    if columns.entry_id not in header:
        raise CorpusError(
            f"no gloss column {columns.entry_id!r} (ASL-LEX) in the header ({', '.join(header)}); "
            + unmapped_hint(header, MANIFEST_NAME),
            where=path,
        )
    entries = load_lexicon(path, columns)
    if not entries:
        raise CorpusError(f"no rows with a {columns.entry_id!r} value", where=path)
    return lexicon_documents(entries, path, spec)

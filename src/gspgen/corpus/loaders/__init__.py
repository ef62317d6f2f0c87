"""File loaders: one per format, each turning one file into documents or raising one CorpusError."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.loaders.jsonfile import load_json
from gspgen.corpus.loaders.pdf import load_pdf
from gspgen.corpus.loaders.table import load_table
from gspgen.corpus.loaders.text import load_text
from gspgen.corpus.manifest import FileSpec, spec_for
from gspgen.errors import CorpusError

Loader = Callable[[Path, CorpusSettings, FileSpec], list[Document]]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".txt": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".csv": load_table,
    ".tsv": load_table,
    ".json": load_json,
    ".jsonl": load_json,
}


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load_file(path: Path, settings: CorpusSettings, spec: FileSpec | None = None) -> list[Document]:
    """The documents of one file, read as its manifest says; CorpusError names the file and the reason."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise CorpusError(f"unsupported file type {path.suffix or '(none)'!r}", where=path)
    if not path.exists():
        raise CorpusError("no such file", where=path)
    return loader(path, settings, spec if spec is not None else spec_for(path))

"""Plain-text and markdown dictionaries: one document per entry when laid out as entries, else chunks."""

from __future__ import annotations

from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.headwords import split_entries, text_lines
from gspgen.corpus.loaders.chunks import chunk_text
from gspgen.corpus.loaders.entries import entry_documents
from gspgen.corpus.loaders.read import read_text
from gspgen.corpus.manifest import FileSpec


def load_text(path: Path, settings: CorpusSettings, spec: FileSpec) -> list[Document]:
    markdown = path.suffix.lower() in {".md", ".markdown"}
    text = read_text(path)
    if spec.layout.entries:
        lines, blank_before = text_lines(text, markdown=markdown)
        entries = split_entries(lines, spec.layout.rules(), blank_before)
        if entries:
            return entry_documents(entries, path, spec)
    return chunk_text(text, path, settings, markdown=markdown, language=spec.language)

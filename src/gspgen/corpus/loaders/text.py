"""Plain-text and markdown dictionaries."""

from __future__ import annotations

from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.loaders.chunks import chunk_text
from gspgen.corpus.loaders.read import read_text


def load_text(path: Path, settings: CorpusSettings) -> list[Document]:
    markdown = path.suffix.lower() in {".md", ".markdown"}
    return chunk_text(read_text(path), path, settings, markdown=markdown)

"""Free text → overlapping chunks that remember their page and character span."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.hits import UNDETERMINED


def _splitter(settings: CorpusSettings, markdown: bool):  # -> RecursiveCharacterTextSplitter
    from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

    options: dict[str, Any] = {
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "add_start_index": True,
    }
    if markdown:
        return RecursiveCharacterTextSplitter.from_language(Language.MARKDOWN, **options)
    return RecursiveCharacterTextSplitter(**options)


def chunk_text(
    text: str,
    path: Path,
    settings: CorpusSettings,
    *,
    page: int | None = None,
    markdown: bool = False,
    language: str | None = None,
) -> list[Document]:
    """Chunks of one page (PDF) or one file (text); spans index into that page's or file's text."""
    documents = []
    for i, piece in enumerate(_splitter(settings, markdown).create_documents([text])):
        start = int(piece.metadata["start_index"])
        where = f"page:{page}#{i}" if page is not None else f"chunk#{i}"
        documents.append(
            Document(
                text=piece.page_content,
                kind="chunk",
                path=str(path),
                source=path.name,
                locator=where,
                page=page,
                language=language or UNDETERMINED,
                span=(start, start + len(piece.page_content)),
            )
        )
    return documents

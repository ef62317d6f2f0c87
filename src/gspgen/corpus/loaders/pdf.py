"""PDF dictionaries, page by page (page numbers kept for citations)."""

from __future__ import annotations

import logging
from pathlib import Path

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.loaders.chunks import chunk_text
from gspgen.corpus.loaders.read import read_bytes
from gspgen.errors import CorpusError


def _pages(path: Path) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = read_bytes(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not ours to print
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise CorpusError("encrypted PDF (needs a password; save an unencrypted copy)", where=path)
        return [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(f"corrupt PDF ({type(exc).__name__}: {exc})", where=path) from None


def _opens_without_password(reader) -> bool:  # noqa: ANN001 (pypdf imported lazily)
    """Owner-password-only PDFs open with an empty user password; others stay locked."""
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))
    except PyPdfError:
        return False


def load_pdf(path: Path, settings: CorpusSettings) -> list[Document]:
    pages = _pages(path)
    if not any(text.strip() for text in pages):
        raise CorpusError(f"PDF has no text layer ({len(pages)} pages of images?); run OCR first", where=path)
    documents = []
    for number, text in enumerate(pages, start=1):
        if text.strip():
            documents += chunk_text(text, path, settings, page=number)
    return documents

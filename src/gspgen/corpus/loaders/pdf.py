"""PDF dictionaries: one document per entry when the pages are laid out as entries, else page chunks.

pypdf reports every text run with its font and matrix; runs on one baseline make a line, and the lines
(with size and weight) go to :func:`gspgen.corpus.headwords.split_entries`. Entry spans index into the
file's text layer as rebuilt here: lines joined by newlines, pages by form feeds.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import Any

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.headwords import Line, Style, split_entries
from gspgen.corpus.loaders.chunks import chunk_text
from gspgen.corpus.loaders.entries import entry_documents
from gspgen.corpus.loaders.read import read_bytes
from gspgen.corpus.manifest import FileSpec
from gspgen.errors import CorpusError

_BOLD_NAME = re.compile(r"(?i)bold|black|heavy|demi|semibold|hei\b|hei-|,b$|-b$")
_FORCE_BOLD = 1 << 18


def _bold(font: Any) -> bool:
    """Whether a pypdf font dictionary is a bold face: by name, weight or the ForceBold flag."""
    if not font:
        return False
    descendants = font.get("/DescendantFonts")
    faces = [font, *(d.get_object() for d in descendants)] if descendants else [font]
    for face in faces:
        name = str(face.get("/BaseFont", "")).split("+")[-1]
        descriptor = face.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        weight = float(descriptor.get("/FontWeight", 0) or 0)
        flags = int(descriptor.get("/Flags", 0) or 0)
        if _BOLD_NAME.search(name) or weight >= 600 or flags & _FORCE_BOLD:
            return True
    return False


class _PageLines:
    """Collects pypdf's text runs of one page into baseline-grouped lines."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.lines: list[Line] = []
        self.fonts: dict[int, bool] = {}

    def visit(self, text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        if not text:
            return
        _, _, c, d, e, f = tm
        y = e * cm[1] + f * cm[3] + cm[5]
        size = round(font_size * math.hypot(c * cm[0] + d * cm[2], c * cm[1] + d * cm[3]), 1)
        key = id(font)
        if key not in self.fonts:
            self.fonts[key] = _bold(font)
        style = Style(size, self.fonts[key])
        for n, piece in enumerate(text.split("\n")):
            if n > 0:
                self.lines.append(Line([], page=self.page, y=None))
            if piece:
                self._add(piece, style, y)

    def _add(self, piece: str, style: Style, y: float) -> None:
        last = self.lines[-1] if self.lines else None
        tolerance = max(1.0, 0.4 * (style.size or 10))
        if last is not None and (last.y is None or abs(last.y - y) <= tolerance):
            last.runs.append((piece, style))
            last.y = y if last.y is None else last.y
        else:
            self.lines.append(Line([(piece, style)], page=self.page, y=y))


def _read(path: Path) -> tuple[list[str], list[Line]]:
    """Each page's plain text (for chunking) and all lines with their styles and offsets."""
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = read_bytes(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not ours to print
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise CorpusError("encrypted PDF (needs a password; save an unencrypted copy)", where=path)
        texts, lines = [], []
        for number, page in enumerate(reader.pages, start=1):
            collector = _PageLines(number)
            texts.append(page.extract_text(visitor_text=collector.visit) or "")
            lines += [line for line in collector.lines if line.text]
    except CorpusError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise CorpusError(f"corrupt PDF ({type(exc).__name__}: {exc})", where=path) from None
    return texts, _place(lines)


def _place(lines: list[Line]) -> list[Line]:
    """Give each line its offset in the rebuilt text layer (newline between lines, form feed at pages)."""
    offset = 0
    for n, line in enumerate(lines):
        if n:
            offset += 1  # the "\n" or "\f" before this line
        line.start = offset
        offset += len(line.text)
    return lines


def _opens_without_password(reader) -> bool:  # noqa: ANN001 (pypdf imported lazily)
    """Owner-password-only PDFs open with an empty user password; others stay locked."""
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))
    except PyPdfError:
        return False


def load_pdf(path: Path, settings: CorpusSettings, spec: FileSpec) -> list[Document]:
    texts, lines = _read(path)
    if not any(text.strip() for text in texts):
        raise CorpusError(f"PDF has no text layer ({len(texts)} pages of images?); run OCR first", where=path)
    if spec.layout.entries:
        entries = split_entries(lines, spec.layout.rules())
        if entries:
            return entry_documents(entries, path, spec)
    documents = []
    for number, text in enumerate(texts, start=1):
        if text.strip():
            documents += chunk_text(text, path, settings, page=number, language=spec.language)
    return documents

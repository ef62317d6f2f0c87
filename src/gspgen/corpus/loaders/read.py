"""Reading a file as UTF-8 text, with every failure turned into one clear CorpusError."""

from __future__ import annotations

from pathlib import Path

from gspgen.errors import CorpusError


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise CorpusError("is a directory", where=path) from None
    except OSError as exc:
        raise CorpusError(f"cannot read ({exc.strerror or exc})", where=path) from None
    if not data.strip():
        raise CorpusError("empty file", where=path)
    return data


def read_text(path: Path) -> str:
    """UTF-8 (a BOM is tolerated); anything else is refused rather than guessed."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})", where=path
        ) from None

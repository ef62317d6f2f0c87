"""Crash-safe file writes shared by every stage: atomic replace, and append-only JSONL.

JSONL files are written one whole line per ``write`` call and flushed, so a crash can at most leave a
truncated *last* line; :func:`repair_jsonl` cuts such a tail off (keeping it in ``FILE.corrupt``) before
the next run appends.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from gspgen.errors import GspgenError

M = TypeVar("M", bound=BaseModel)


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and ``os.replace``: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def atomic_write_json(path: Path, payload: object) -> None:
    atomic_write_text(path, json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def append_jsonl(path: Path, line: str | BaseModel) -> None:
    """Append one record as one line, flushed and fsynced (O_APPEND keeps concurrent writers whole)."""
    text = line.model_dump_json() if isinstance(line, BaseModel) else line
    if "\n" in text:
        raise ValueError("a JSONL record must not contain a newline")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (text + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def repair_jsonl(path: Path) -> int:
    """Cut a truncated or unparsable last line (a crash mid-write); return the bytes removed.

    The removed bytes are appended to ``FILE.corrupt`` so nothing is silently lost.
    """
    if not path.exists():
        return 0
    data = path.read_bytes()
    if not data:
        return 0
    body, _, tail = data.rpartition(b"\n")
    if tail:  # last line lacks its newline: always a partial write
        cut = tail
        keep = body + b"\n" if body else b""
    else:
        last_start = body.rfind(b"\n") + 1
        try:
            json.loads(body[last_start:])
            return 0
        except ValueError:
            cut = body[last_start:] + b"\n"
            keep = body[:last_start]
    with path.with_name(path.name + ".corrupt").open("ab") as handle:
        handle.write(cut if cut.endswith(b"\n") else cut + b"\n")
    atomic_write_bytes(path, keep)
    return len(cut)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def read_jsonl(path: Path, model: type[M]) -> Iterator[M]:
    """Validated records, one per non-blank line; a bad line is an error naming file and line."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GspgenError(exc.strerror or str(exc), where=path) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield model.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"]) or "record"
                raise GspgenError(f"{field}: {first['msg']}", where=f"{path}:{number}") from None

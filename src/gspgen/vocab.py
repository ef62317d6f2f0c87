"""Vocabulary files: which classes to describe, with their recognizer ids kept exactly.

Accepted shapes: plain text (one gloss a line, ``#`` comments and blank lines ignored, id = position),
or a TSV/CSV table with a class-id column and one or more gloss columns (e.g. Chinese + English).
A header row and the id column are detected; columns whose every value looks numeric (a class id, a
folder number such as ``000123``) are never glosses. ``id_column`` / ``gloss_columns`` override by
header name or 1-based position.

Every vocabulary has a sign language (ISO 639-3: ``ase``, ``csl``, ``tsm``, …), from, first to last:
``gspgen describe --language``, a ``language`` column (per class), a ``FILE.toml`` sidecar beside the
file (``language = "csl"``; the bundled lists carry one), ``describe.language``. A sidecar rather than a
header line keeps the class list readable by every other tool that reads it.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gspgen.errors import VocabError

_NUMERIC = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_INTEGER = re.compile(r"^\d+$")
_ID_NAMES = {"id", "class_id", "classid", "class", "label", "idx", "index", "class_idx", "label_id"}
_GLOSS_NAMES = {"gloss", "glosses", "word", "sign", "name", "english", "gloss_en", "gloss_zh"}
_LANGUAGE_NAMES = {"language", "sign_language", "lang"}
_LANGUAGE_CODE = re.compile(r"^[a-z]{3}$")


class VocabEntry(BaseModel):
    """One class: its label and every surface form of its gloss (``glosses[0]`` is primary)."""

    model_config = ConfigDict(extra="forbid")

    class_id: int
    glosses: list[str] = Field(min_length=1)
    line: int  # 1-based line in the vocabulary file
    language: str | None = None  # ISO 639-3 sign language; None until resolved (see resolve_language)

    @property
    def gloss(self) -> str:
        return self.glosses[0]


def load_vocab(
    path: Path, *, id_column: str | None = None, gloss_columns: Sequence[str] = ()
) -> list[VocabEntry]:
    """Read a vocabulary file; any malformed line, empty gloss or duplicate id is a VocabError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise VocabError(f"not UTF-8 (byte {exc.start})", where=path) from None
    except OSError as exc:
        raise VocabError(exc.strerror or str(exc), where=path) from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if _is_content(line)]
    if not lines:
        raise VocabError("no glosses in the file", where=path)
    delimiter = _delimiter(path, [line for _, line in lines])
    if delimiter is None and id_column is None and not gloss_columns:
        return _check(
            [VocabEntry(class_id=i, glosses=[line.strip()], line=n) for i, (n, line) in enumerate(lines)],
            path,
        )
    rows = [(n, [cell.strip() for cell in row]) for n, row in _split(lines, delimiter or "\t")]
    return _check(_from_table(rows, path, id_column, list(gloss_columns)), path)


def select(
    entries: list[VocabEntry], *, only: Sequence[str] = (), limit: int | None = None
) -> list[VocabEntry]:
    """The classes a partial run covers: ``only`` by any surface form (case-insensitive), then ``limit``."""
    if only:
        wanted = {g.strip().lower() for g in only}
        chosen = [e for e in entries if wanted & {g.lower() for g in e.glosses}]
        found = {g.lower() for e in chosen for g in e.glosses}
        missing = sorted(wanted - found)
        if missing:
            raise VocabError(f"not in the vocabulary: {', '.join(missing)}", where="--only")
        entries = chosen
    return entries[:limit] if limit is not None else entries


def language_code(value: str, where: str | Path) -> str:
    """A sign-language code as stored (lower case); anything but three letters is a VocabError."""
    code = value.strip().lower()
    if code and not _LANGUAGE_CODE.match(code):
        raise VocabError(
            f"sign language {value.strip()!r} is not an ISO 639-3 code (three letters: ase, csl, tsm, …)",
            where=where,
        )
    return code


class _Sidecar(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: str


def sidecar_path(path: Path) -> Path:
    """``slr500_classes.tsv`` → ``slr500_classes.tsv.toml``: what the vocabulary declares about itself."""
    return path.with_name(path.name + ".toml")


def declared_language(path: Path) -> str | None:
    """The sign language the vocabulary's sidecar declares, or None without a sidecar."""
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return None
    try:
        declared = _Sidecar.model_validate(tomllib.loads(sidecar.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VocabError(f"unreadable sidecar: {exc}", where=sidecar) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "file"
        raise VocabError(f"{field}: {first['msg']}", where=sidecar) from None
    return language_code(declared.language, sidecar) or None


def resolve_language(
    entries: list[VocabEntry], path: Path, *, override: str | None, fallback: str
) -> list[VocabEntry]:
    """Every entry with its sign language: ``override`` (``--language``), else its own column, else the
    file's sidecar, else ``fallback`` (``describe.language``)."""
    forced = language_code(override, "--language") if override else None
    declared = None if forced else declared_language(path)
    default = language_code(fallback, "describe.language") or "und"
    return [e.model_copy(update={"language": forced or e.language or declared or default}) for e in entries]


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _delimiter(path: Path, lines: list[str]) -> str | None:
    suffix = path.suffix.lower()
    if suffix in {".tsv", ".tab"}:
        return "\t"
    if suffix == ".csv":
        return ","
    if any("\t" in line for line in lines):  # a line without one is then reported as malformed
        return "\t"
    return None


def _split(lines: list[tuple[int, str]], delimiter: str) -> list[tuple[int, list[str]]]:
    numbers = [n for n, _ in lines]
    return list(zip(numbers, csv.reader([line for _, line in lines], delimiter=delimiter), strict=True))


def _from_table(
    rows: list[tuple[int, list[str]]], path: Path, id_column: str | None, gloss_columns: list[str]
) -> list[VocabEntry]:
    width = len(rows[0][1])
    for n, cells in rows:
        if len(cells) != width:
            raise VocabError(f"malformed line: {len(cells)} columns, expected {width}", where=f"{path}:{n}")
    header = rows[0][1] if _has_header(rows, id_column, gloss_columns) else None
    data = rows[1:] if header else rows
    if not data:
        raise VocabError("a header but no glosses", where=path)
    numeric = [all(_NUMERIC.match(cells[c]) for _, cells in data) for c in range(width)]
    id_index = _column(id_column, header, path) if id_column else _guess_id(header, numeric, data)
    language_index = next((c for c, name in enumerate(header or []) if name.lower() in _LANGUAGE_NAMES), None)
    if gloss_columns:
        gloss_indexes = [_column(g, header, path) for g in gloss_columns]
    else:
        skip = {id_index, language_index}
        gloss_indexes = [c for c in range(width) if c not in skip and not numeric[c]]
    if not gloss_indexes:
        raise VocabError("no gloss column found (every column looks numeric); use --gloss-column", where=path)
    entries = [_entry(n, cells, i, id_index, gloss_indexes, path) for i, (n, cells) in enumerate(data)]
    if language_index is None:
        return entries
    return [
        e.model_copy(update={"language": language_code(cells[language_index], f"{path}:{n}") or None})
        for e, (n, cells) in zip(entries, data, strict=True)
    ]


def _has_header(rows: list[tuple[int, list[str]]], id_column: str | None, gloss_columns: list[str]) -> bool:
    first = rows[0][1]
    names = [c.lower() for c in first]
    if any(o in first for o in [id_column, *gloss_columns] if o and not o.isdigit()):
        return True
    if any(n in _ID_NAMES | _GLOSS_NAMES | _LANGUAGE_NAMES for n in names):
        return True
    sample = [cells for _, cells in rows[1:21]]
    numeric_below = [c for c in range(len(first)) if sample and all(_INTEGER.match(r[c]) for r in sample)]
    return any(not _INTEGER.match(first[c]) for c in numeric_below)


def _guess_id(header: list[str] | None, numeric: list[bool], data: list[tuple[int, list[str]]]) -> int | None:
    if header:
        named = [c for c, name in enumerate(header) if name.lower() in _ID_NAMES]
        if named:
            return named[0]
    integer = [c for c in range(len(numeric)) if all(_INTEGER.match(cells[c]) for _, cells in data)]
    return integer[0] if integer else None


def _column(spec: str, header: list[str] | None, path: Path) -> int:
    if header and spec in header:
        return header.index(spec)
    if spec.isdigit() and int(spec) >= 1:
        return int(spec) - 1
    known = f" (columns: {', '.join(header)})" if header else ""
    raise VocabError(f"no column {spec!r}{known}", where=path)


def _entry(
    n: int, cells: list[str], position: int, id_index: int | None, gloss_indexes: list[int], path: Path
) -> VocabEntry:
    where = f"{path}:{n}"
    if id_index is None:
        class_id = position
    elif not _INTEGER.match(cells[id_index]):
        raise VocabError(f"malformed line: class id {cells[id_index]!r} is not a whole number", where=where)
    else:
        class_id = int(cells[id_index])
    glosses = list(dict.fromkeys(cells[c] for c in gloss_indexes if c < len(cells) and cells[c]))
    if not glosses:
        raise VocabError(f"empty gloss for class {class_id}", where=where)
    return VocabEntry(class_id=class_id, glosses=glosses, line=n)


def _check(entries: list[VocabEntry], path: Path) -> list[VocabEntry]:
    first_line: dict[int, int] = {}
    for entry in entries:
        if entry.class_id in first_line:
            raise VocabError(
                f"duplicate class id {entry.class_id} (first on line {first_line[entry.class_id]})",
                where=f"{path}:{entry.line}",
            )
        first_line[entry.class_id] = entry.line
    return entries

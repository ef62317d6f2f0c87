"""``gspgen-corpus.toml``: what a corpus folder's files are, declared beside them.

The nearest manifest in a file's folder or above it applies to the file. Its top level holds defaults for
every file below it, and ``[files."pattern"]`` tables (a glob on the path relative to the manifest's
folder, or on the file name) override them for some files::

    language = "csl"                      # ISO 639-3 sign language of these dictionaries

    [layout]                              # printed/text dictionaries: where entries start
    headword = '^(?P<headword>\\S+) \\[(?P<translation>[^]]+)\\]'
    skip = ['^中国手语词典']                # lines that belong to no entry (running headers)

    [files."dgs/*.csv"]
    language = "gsg"
    [files."dgs/*.csv".fields]            # structured dictionaries: which column is what
    gloss = "hns_gloss"
    translations = ["meaning_de"]
    notation = ["signwriting", "hamnosys"]

Documents carry everything the manifest decides (language, headwords, text), so editing it changes their
ids and the next ingest rewrites exactly the files it affects.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gspgen.corpus.headwords import Rules
from gspgen.corpus.hits import LANGUAGE_CODE
from gspgen.errors import CorpusError

MANIFEST_NAME = "gspgen-corpus.toml"


def _compiled(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression ({exc})") from None
    return pattern


class LayoutSpec(BaseModel):
    """Entry layout of printed and text dictionaries, for layouts the detector misses."""

    model_config = ConfigDict(extra="forbid")

    headword: str | None = None  # regex matched at the start of a line that opens an entry
    skip: list[str] = []  # regexes of lines that belong to no entry (headers, footers)
    entries: bool = True  # false: chunk the text as free prose, never split into entries

    @field_validator("headword")
    @classmethod
    def _headword_compiles(cls, value: str | None) -> str | None:
        return value if value is None else _compiled(value)

    @field_validator("skip")
    @classmethod
    def _skip_compiles(cls, value: list[str]) -> list[str]:
        return [_compiled(p) for p in value]

    def rules(self) -> Rules:
        return Rules(
            headword=re.compile(self.headword) if self.headword else None,
            skip=tuple(re.compile(p) for p in self.skip),
        )


class FieldMap(BaseModel):
    """Which columns (CSV/TSV) or keys (JSON) of a structured dictionary hold what."""

    model_config = ConfigDict(extra="forbid")

    gloss: str  # the headword / gloss
    id: str | None = None  # a stable entry id, if the dictionary has one
    translations: list[str] = []  # spoken-language translations (looked up as exact matches)
    variants: list[str] = []  # alternative forms of the gloss (looked up as variants)
    text: list[str] = []  # description fields, in order
    notation: list[str] = []  # SignWriting / HamNoSys strings, kept verbatim
    language: str | None = None  # a column giving each row's sign language

    @field_validator("translations", "variants", "text", "notation", mode="before")
    @classmethod
    def _one_or_many(cls, value: str | list[str]) -> list[str]:
        """``text = "meaning"`` is as good as ``text = ["meaning"]``."""
        return [value] if isinstance(value, str) else value

    def columns(self) -> list[str]:
        named = [self.gloss, self.id, *self.translations, *self.variants, *self.text, *self.notation]
        return [c for c in [*named, self.language] if c]


class CorpusSpec(BaseModel):
    """What a manifest (or one of its ``[files]`` tables) declares."""

    model_config = ConfigDict(extra="forbid")

    language: str | None = Field(default=None, pattern=LANGUAGE_CODE)
    layout: LayoutSpec | None = None
    fields: FieldMap | None = None


class Manifest(CorpusSpec):
    files: dict[str, CorpusSpec] = {}


class FileSpec(BaseModel):
    """What applies to one corpus file: the merged manifest settings, and which manifest said so."""

    model_config = ConfigDict(extra="forbid")

    language: str | None = None
    layout: LayoutSpec = LayoutSpec()
    fields: FieldMap | None = None
    manifest: Path | None = None


def find_manifest(path: Path) -> Path | None:
    """The nearest ``gspgen-corpus.toml`` in the file's folder or above it."""
    for folder in path.resolve().parents:
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
    return None


def read_manifest(path: Path) -> Manifest:
    """Parse and validate; CorpusError naming the manifest and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read manifest ({exc})", where=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"invalid TOML ({exc})", where=path) from None
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CorpusError(f"{where}: {first['msg']}", where=path) from None


def spec_for(path: Path) -> FileSpec:
    """The manifest settings for one corpus file (defaults when no manifest applies)."""
    manifest_path = find_manifest(path)
    if manifest_path is None:
        return FileSpec()
    manifest = read_manifest(manifest_path)
    relative = path.resolve().relative_to(manifest_path.parent).as_posix()
    merged = manifest.model_dump(exclude={"files"}, exclude_none=True)
    for pattern, table in manifest.files.items():
        if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(path.name, pattern):
            merged |= table.model_dump(exclude_none=True)
    return FileSpec.model_validate({**merged, "manifest": manifest_path})

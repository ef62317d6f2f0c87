"""Which files an ingest reads: given files as they are, directories walked with ``.gspgenignore``.

A ``.gspgenignore`` holds gitignore-style patterns (``#`` comments, ``*`` globs, a trailing ``/`` for
folders, a pattern with a ``/`` is anchored at the ignore file's folder). It lets a corpus folder keep
codebooks and licence notes beside the dictionaries without ingesting them.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gspgen.corpus.loaders import supported
from gspgen.corpus.manifest import MANIFEST_NAME

IGNORE_FILE = ".gspgenignore"


class Walk(BaseModel):
    """The files to read, and the folders they were found under (``--prune`` scope)."""

    model_config = ConfigDict(extra="forbid")

    files: list[Path] = []
    missing: list[Path] = []  # named on the command line but not there
    roots: list[Path] = []  # walked directories
    skipped: int = 0  # unsupported or ignored files inside walked directories


def _patterns(folder: Path) -> list[str]:
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(relative: str, is_dir: bool, patterns: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        if pattern.endswith("/"):
            if not is_dir:
                continue
            pattern = pattern.rstrip("/")
        anchored = "/" in pattern
        target = relative if anchored else name
        if fnmatch.fnmatchcase(target, pattern.lstrip("/")):
            return True
    return False


def _walk_dir(root: Path, walk: Walk) -> None:
    rules: list[tuple[Path, list[str]]] = []

    def visit(folder: Path) -> None:
        if patterns := _patterns(folder):
            rules.append((folder, patterns))
        for child in sorted(folder.iterdir()):
            if child.name.startswith(".") or child.name == MANIFEST_NAME:
                continue
            is_dir = child.is_dir()
            if any(_ignored(child.relative_to(base).as_posix(), is_dir, p) for base, p in rules):
                walk.skipped += 1
            elif is_dir:
                visit(child)
            elif supported(child):
                walk.files.append(child)
            else:
                walk.skipped += 1
        if patterns:
            rules.pop()

    visit(root)


def discover(paths: list[Path]) -> Walk:
    """Expand the ingest arguments into files (absolute, de-duplicated, in a stable order)."""
    walk = Walk()
    for given in paths:
        path = given.expanduser().resolve()
        if path.is_dir():
            walk.roots.append(path)
            _walk_dir(path, walk)
        elif path.exists() or path.is_symlink():
            walk.files.append(path)
        else:
            walk.missing.append(path)
    walk.files = list(dict.fromkeys(walk.files))
    return walk

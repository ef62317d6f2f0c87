"""The rejections file: what review rejected, per class, for ``describe --regenerate-rejected`` to redo.

Review writes it (``FILE.rejections.json`` beside the generated ``FILE.jsonl``) and describe reads it, so
describe never imports review. It names its generated file by name, relative to its own folder.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from gspgen.errors import ReviewError
from gspgen.jsonio import atomic_write_text


class RejectedField(BaseModel):
    """A field the reviewers rejected, with why: its key in the generated file, its text, reason, notes."""

    model_config = ConfigDict(extra="forbid")

    key: str
    text: str
    reason: str | None
    note: str


class Rejections(BaseModel):
    """class_id -> rejected fields of the generated file ``generated`` (a name in this file's folder)."""

    model_config = ConfigDict(extra="forbid")

    generated: str
    classes: dict[int, list[RejectedField]]


def rejections_path(generated: Path) -> Path:
    """``FILE.rejections.json`` beside the generated ``FILE.jsonl``."""
    return generated.with_name(f"{generated.stem}.rejections.json")


def write_rejections(generated: Path, classes: dict[int, list[RejectedField]]) -> Path:
    """Write (atomically) the rejections of ``generated`` beside it; return the file's path."""
    path = rejections_path(generated)
    atomic_write_text(path, Rejections(generated=generated.name, classes=classes).model_dump_json(indent=2))
    return path


def read_rejections(path: Path) -> tuple[Path, dict[int, list[RejectedField]]]:
    """(generated file, class_id -> rejected fields) from a rejections file, or a one-line error naming it."""
    try:
        rejections = Rejections.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read the rejections file ({exc.strerror})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise ReviewError(f"{path}: not a rejections file ({where}: {first['msg']})") from exc
    return path.parent / rejections.generated, rejections.classes

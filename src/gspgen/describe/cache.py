"""On-disk cache of validated step outputs, so a repeated run makes no LLM calls.

The key covers everything that decides the reply: model, messages, JSON schema, sampling parameters,
schema mode and the step's template hash. Only validated outputs are stored (one small JSON file per
key, written atomically), so a cached value never needs re-checking beyond parsing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from gspgen.jsonio import atomic_write_json


def cache_key(**parts: Any) -> str:
    """A stable sha256 of the JSON of ``parts`` (keys sorted)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class StepCache:
    """``key -> validated output`` under ``root/<2 hex>/<key>.json``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        atomic_write_json(self._path(key), value)

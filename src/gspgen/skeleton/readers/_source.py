"""What every reader produces: a plan of labelled clips, loaded lazily one at a time while writing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gspgen.skeleton.readers._labels import LabelRow


@dataclass(frozen=True)
class Entry:
    """One clip to import: its label row, a loader returning (T, V, 3) in the plan's layout, a provenance."""

    sample_id: str
    row: LabelRow
    load: Callable[[], np.ndarray]
    where: str  # file and sample, for error messages


@dataclass
class SourcePlan:
    format: str
    layout: str
    coords: Literal["pixel", "normalized"]
    entries: list[Entry]
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    skipped: list[str] = field(default_factory=list)  # clip files without a label row

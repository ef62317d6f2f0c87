"""Swap hands at import: undo a horizontal flip made before pose estimation (SAM-SLR's wholepose demo).

SAM-SLR's ``data-prepare/wholepose/demo.py`` runs ``cv2.flip(img, flipCode=1)`` on every frame before
HRNet and saves the coordinates of the flipped frame, so its ``left_*`` joints are the signer's right side
and x is mirrored. Swapping every left/right joint pair and mirroring x restores the signer's own sides,
which the descriptions name ("right hand ...").
"""

from __future__ import annotations

from functools import cache

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import LAYOUTS, get_preset


@cache
def layout_mirror(layout: str) -> tuple[int, ...]:
    """Per stored joint of ``layout``, the stored joint it becomes under a left/right flip."""
    coco = get_preset("coco133")
    coco_mirror = {src: coco.sources[m] for src, m in zip(coco.sources, coco.mirror, strict=True)}
    size, coco_to_stored = LAYOUTS[layout]
    stored_to_coco = {stored: c for c, stored in enumerate(coco_to_stored) if stored >= 0}
    if len(stored_to_coco) != size:
        raise DataError(f"layout {layout} has joints without a COCO-WholeBody equivalent: cannot swap hands")
    return tuple(coco_to_stored[coco_mirror[stored_to_coco[j]]] for j in range(size))


def swap_hands(clip: np.ndarray, layout: str, width: float | None, coords: str) -> np.ndarray:
    """Left/right joints swapped and x mirrored: x → W − x (pixel, width known), 1 − x (normalised),
    else about the middle of the clip's detected x range (normalisation re-centres the body anyway).

    Undetected joints (confidence 0) keep their placeholder coordinates.
    """
    out = clip[:, list(layout_mirror(layout))].copy()
    seen = out[..., 2] > 0
    if coords == "normalized":
        axis = 1.0
    elif width:
        axis = float(width)
    else:
        xs = out[..., 0][seen]
        axis = float(xs.min() + xs.max()) if xs.size else 0.0
    out[..., 0] = np.where(seen, axis - out[..., 0], out[..., 0])
    return out


def _hand_rows(layout: str, first_coco: int) -> list[int]:
    stored = LAYOUTS[layout][1]
    return [stored[c] for c in range(first_coco, first_coco + 21) if stored[c] >= 0]


def left_hand_moves_more(clip: np.ndarray, layout: str) -> bool | None:
    """Whether the stored left hand travels further than the right one (None: neither hand seen moving).

    Most signers are right-handed, so a dataset whose left hand leads in most clips was probably
    estimated on flipped frames (see ``swap_hands``).
    """

    def travel(rows: list[int]) -> float:
        hand = clip[:, rows]
        seen = (hand[1:, :, 2] > 0) & (hand[:-1, :, 2] > 0)
        step = np.linalg.norm(hand[1:, :, :2] - hand[:-1, :, :2], axis=-1)
        return float(step[seen].sum())

    left, right = travel(_hand_rows(layout, 91)), travel(_hand_rows(layout, 112))
    return None if left == right == 0 else left > right

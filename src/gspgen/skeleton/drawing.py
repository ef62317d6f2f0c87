"""Draw skeleton clips so a person can judge them: an animated GIF or a PNG strip of frames, and the
preset graphs on a pose (docs/presets.png). Bones are coloured by part; undetected joints are not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.skeleton.keypoints import Preset, get_preset

PART_COLOURS = {
    "body": "#4d4d4d",
    "left_hand": "#1f77b4",
    "right_hand": "#d62728",
    "face": "#2ca02c",
    "mouth": "#ff7f0e",
}


def preset_for(layout: str) -> Preset:
    """The richest preset a layout can fill: gsp87 for whole-body layouts, sam27 for SAM-SLR arrays."""
    return get_preset("sam27" if layout == "sam27" else "gsp87")


def _joint_colours(preset: Preset) -> list[str]:
    part_of = {j: part for part, members in preset.parts.items() for j in members if part != "body"}
    return [PART_COLOURS[part_of.get(j, "body")] for j in range(preset.num_joints)]


def _edge_colours(preset: Preset) -> list[str]:
    joint = _joint_colours(preset)
    return [joint[child] for child, _ in preset.edges]


def _limits(pose: np.ndarray) -> tuple[float, float, float, float]:
    seen = pose[..., 2] > 0
    if not seen.any():
        return -1.0, 1.0, -1.0, 1.0
    xy = pose[seen][:, :2]
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    pad = 0.08 * max(x1 - x0, y1 - y0, 1e-6)
    return x0 - pad, x1 + pad, y0 - pad, y1 + pad


def draw_frame(ax, frame: np.ndarray, preset: Preset, *, labels: Sequence[int] = ()) -> list:  # noqa: ANN001
    """Draw one (V, 3) frame on a matplotlib axis (image coordinates: y grows downward); number ``labels``."""
    artists = []
    for (child, par), colour in zip(preset.edges, _edge_colours(preset), strict=True):
        if frame[child, 2] > 0 and frame[par, 2] > 0:
            (line,) = ax.plot(frame[[child, par], 0], frame[[child, par], 1], color=colour, lw=1.6)
            artists.append(line)
    seen = frame[:, 2] > 0
    colours = np.array(_joint_colours(preset))
    artists.append(ax.scatter(frame[seen, 0], frame[seen, 1], s=4, c=colours[seen], zorder=3))
    for j in labels:
        if seen[j]:
            artists.append(
                ax.annotate(str(j), frame[j, :2], fontsize=6, xytext=(2, 2), textcoords="offset points")
            )
    return artists


def _setup(ax, bounds: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    x0, x1, y0, y1 = bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)
    ax.set_aspect("equal")
    ax.axis("off")


def render_clip(
    clip: np.ndarray, preset: Preset, out: Path, *, title: str = "", fps: float = 30.0, frames: int = 8
) -> Path:
    """Write ``clip`` (T, V, 3 in preset order) to ``out``: .gif animates it, .png shows ``frames`` frames."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bounds = _limits(clip)
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".png":
        picks = np.linspace(0, len(clip) - 1, min(frames, len(clip))).round().astype(int)
        fig, axes = plt.subplots(1, len(picks), figsize=(2.0 * len(picks), 2.6), squeeze=False)
        for ax, t in zip(axes[0], picks, strict=True):
            draw_frame(ax, clip[t], preset)
            _setup(ax, bounds)
            ax.set_title(f"t={t}", fontsize=8)
        fig.suptitle(title, fontsize=10, y=1.06)
        fig.savefig(out, dpi=110, bbox_inches="tight")
        plt.close(fig)
        return out
    if suffix != ".gif":
        raise DataError("output must end in .gif or .png", where=out)
    return _render_gif(clip, preset, out, title, fps, bounds)


def _render_gif(clip, preset, out, title, fps, bounds) -> Path:  # noqa: ANN001
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter

    fig, ax = plt.subplots(figsize=(3.6, 3.6))
    drawn: list = []

    def update(t: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn[:] = draw_frame(ax, clip[t], preset)
        ax.set_title(f"{title}  t={t}", fontsize=8)
        return drawn

    _setup(ax, bounds)
    animation = FuncAnimation(fig, update, frames=len(clip), blit=False)
    animation.save(out, writer=PillowWriter(fps=max(1, round(fps))))
    plt.close(fig)
    return out


def render_sample(root: Path, index: int, out: Path, *, preset: str | None = None, frames: int = 8) -> Path:
    """Render sample ``index`` of the dataset at ``root`` (the stage function of ``gspgen data show``)."""
    dataset = SkeletonDataset(root)
    if not 0 <= index < len(dataset):
        raise DataError(f"sample {index} out of range 0..{len(dataset) - 1}", where=root)
    chosen = get_preset(preset) if preset else preset_for(dataset.info.layout)
    sample = dataset.samples[index]
    clip = chosen.select(np.asarray(dataset.clip(index)), dataset.info.layout)
    title = f"{dataset.class_gloss[sample.class_id]} · {sample.signer} · {sample.sample_id}"
    return render_clip(clip, chosen, out, title=title, fps=dataset.info.fps, frames=frames)


def render_presets(pose: np.ndarray, out: Path, names: tuple[str, ...] = ("gsp87", "sam27")) -> Path:
    """The preset graphs on one COCO-WB (133, 3) pose (docs/presets.png): each preset whole with its body
    joints numbered, then the first preset's face + mouth and right hand enlarged with every joint numbered.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, len(names), figsize=(6.0 * len(names), 12.0), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        preset = get_preset(name)
        frame = preset.select(pose[None], "coco_wholebody_133")[0]
        draw_frame(ax, frame, preset, labels=preset.parts["body"])
        _setup(ax, _limits(frame[None]))
        counts = ", ".join(f"{part} {len(m)}" for part, m in preset.parts.items() if m)
        ax.set_title(f"{name}: {preset.num_joints} joints ({counts})", fontsize=10)
    first = get_preset(names[0])
    frame = first.select(pose[None], "coco_wholebody_133")[0]
    zooms = (("face", "mouth"), ("right_hand",))
    for ax, parts in zip(axes[1], zooms, strict=False):
        members = [j for part in parts for j in first.parts[part]]
        draw_frame(ax, frame, first, labels=members)
        _setup(ax, _limits(frame[None, members]))
        ax.set_title(f"{first.name}: {' + '.join(parts)}", fontsize=10)
    for ax in axes[1][len(zooms) :]:
        ax.axis("off")
    handles = [plt.Line2D([], [], color=c, label=p) for p, c in PART_COLOURS.items()]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return out

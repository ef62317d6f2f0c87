"""A trained run (or a multi-stream ensemble of runs) loaded for inference on clips it has never seen.

``load_recognizer(path)`` takes a run directory (``run.json``) or the output folder of ``gspgen ensemble``
(its ``metrics.json`` names the runs and their declared weights). Every member gets the same clip, in its
own preset and stream, through the eval path's :func:`gspgen.train.data.eval_input`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gspgen.errors import TrainError
from gspgen.infer.clips import InputClip, check_usable
from gspgen.skeleton import ClassInfo, Preset, SkeletonDataset, get_preset
from gspgen.train import RunDir, RunMeta, SkeletonTextModel, build_model, eval_input, load_meta


@dataclass
class Member:
    """One stream's run: its record, its best-validation model (eval mode) and its fusion weight."""

    path: Path
    meta: RunMeta
    model: SkeletonTextModel
    weight: float

    @property
    def preset(self) -> Preset:
        return get_preset(self.meta.config.keypoints)


@dataclass
class Encoded:
    """Per member: class logits (N, C), the global projection (N, D) and one (N, D) per pooled part."""

    logits: list[torch.Tensor]
    globals: list[torch.Tensor]
    parts: list[dict[str, torch.Tensor]]


@dataclass
class Recognizer:
    members: list[Member]
    device: torch.device

    @property
    def classes(self) -> list[ClassInfo]:
        return self.members[0].meta.classes

    @property
    def weights(self) -> np.ndarray:
        w = np.array([m.weight for m in self.members], dtype=np.float64)
        return w / w.sum()

    def prepare(self, item: InputClip) -> list[np.ndarray]:
        """The clip as each member's model input (a ClipError when no member's preset can use it)."""
        for preset in {m.meta.config.keypoints: m.preset for m in self.members}.values():
            check_usable(item, preset)
        return [eval_input(item.clip, item.layout, m.preset, m.meta.config) for m in self.members]

    @torch.no_grad()
    def encode(self, batch: list[list[np.ndarray]]) -> Encoded:
        """Forward a batch of prepared clips through every member (fp32: the scores a user sees)."""
        out = Encoded([], [], [])
        for i, member in enumerate(self.members):
            x = torch.from_numpy(np.stack([inputs[i] for inputs in batch])).to(self.device)
            logits, global_proj, parts = member.model(x, text_heads=True)
            out.logits.append(logits.float().cpu())
            out.globals.append(global_proj.float().cpu())
            out.parts.append({p: v.float().cpu() for p, v in parts.items()})
        return out

    def class_probabilities(self, encoded: Encoded) -> np.ndarray:
        """(N, C) classifier probabilities: the members' softmax, averaged with the declared weights."""
        probs = [torch.softmax(logits, dim=1).numpy() for logits in encoded.logits]
        return sum(w * p for w, p in zip(self.weights, probs, strict=True))  # type: ignore[return-value]

    def trained_glosses(self) -> set[str]:
        """Glosses (lower case) the classifier was trained on: run classes with training clips.

        A dataset from ``gspgen synth --unseen-classes`` lists classes that have test clips only; the
        run's dataset, when it is still there, tells which. Without it every run class counts as trained.
        """
        meta = self.members[0].meta
        glosses = {c.gloss.lower() for c in meta.classes}
        data = Path(meta.data)
        if not (data / "samples.jsonl").exists():
            return glosses
        dataset = SkeletonDataset(data)
        with_clips = {dataset.samples[i].class_id for i in dataset.indices("train")}
        return {c.gloss.lower() for c in meta.classes if c.class_id in with_clips}


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def load_member(path: Path, weight: float = 1.0, on: torch.device | None = None) -> Member:
    """A run's best-validation weights in its architecture, ready for inference."""
    meta = load_meta(path)
    best = RunDir(path).best
    if not best.exists():
        raise TrainError("the run has no best.pt yet (training has not finished an epoch)", where=path)
    try:
        state = torch.load(best, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for truncated or foreign files
        raise TrainError(f"unreadable checkpoint: {exc}", where=best) from None
    if state.get("config_hash") != meta.run_hash:
        raise TrainError(f"best.pt belongs to another run (not {meta.run_hash})", where=best)
    model = build_model(meta)
    model.load_state_dict(state["model"])
    model.to(on or device()).eval()
    return Member(path, meta, model, weight)


def _ensemble_runs(folder: Path) -> list[tuple[Path, float]]:
    """The (run, weight) pairs an ensemble folder's metrics.json declares (both metrics formats)."""
    data = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    runs = data.get("fused") or data.get("runs")
    if not isinstance(runs, list) or not runs:
        raise TrainError(
            "neither a run (no run.json) nor an ensemble (no fused runs in metrics.json)", where=folder
        )
    out = []
    for entry in runs:
        run = Path(entry["run"])
        if not (run / "run.json").exists() and (folder.parent / run.name / "run.json").exists():
            run = folder.parent / run.name  # a relative path written from another working directory
        out.append((run, float(entry["weight"])))
    return out


def load_recognizer(path: Path, on: torch.device | None = None) -> Recognizer:
    """A run directory, or an ensemble folder of stream runs trained on the same classes."""
    on = on or device()
    if (path / "run.json").exists():
        return Recognizer([load_member(path, 1.0, on)], on)
    if not (path / "metrics.json").exists():
        raise TrainError("not a run directory (no run.json) nor an ensemble (no metrics.json)", where=path)
    members = [load_member(run, weight, on) for run, weight in _ensemble_runs(path)]
    first = [c.model_dump() for c in members[0].meta.classes]
    for member in members[1:]:
        if [c.model_dump() for c in member.meta.classes] != first:
            raise TrainError("ensemble runs were trained on different classes", where=member.path)
    if sum(m.weight for m in members) <= 0:
        raise TrainError("ensemble weights sum to zero", where=path)
    return Recognizer(members, on)

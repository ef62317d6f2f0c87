"""``gspgen export``: the inference encoder as ONNX, with a card that says how to feed it and read it.

The graph takes the model input ``clips`` (N, 3, T, V, 1) and returns ``logits`` (N, C), ``global``
(N, D, the text-space projection) and one ``part_<tag>`` (N, D) per pooled body part, so both closed-set
and description-based scoring work without gspgen or torch. Beside ``model.onnx`` goes ``model.json``
(:class:`ExportCard`): the class list, the preprocessing (which COCO-WholeBody joints, normalisation
joints, frame count, stream, skeleton parents) and the measured parity with PyTorch. With the run's
descriptions (or ``descriptions``) at hand, ``model.texts.npz`` holds each described sign's text vectors
per term and the card says how recognize combines them (:class:`TextVectors`), so open-vocabulary scoring
works outside gspgen too. ``docs/recognize.md`` shows a numpy + onnxruntime reader of these files.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict
from torch import nn

from gspgen import __version__
from gspgen.errors import TrainError
from gspgen.infer.recognizer import Member, Recognizer, load_member
from gspgen.infer.zeroshot import ZeroShotConfig, described_candidates, run_space, scored_terms, text_parts
from gspgen.jsonio import atomic_write_text
from gspgen.skeleton import SHOULDERS, VIRTUAL, ClassInfo, joint_indices

OPSET = 17
PARITY_TOLERANCE = 1e-4


class Preprocessing(BaseModel):
    """What ``gspgen.train.data.eval_input`` does to a COCO-WholeBody (T, 133, 3) clip, as data."""

    model_config = ConfigDict(extra="forbid")

    input_layout: Literal["coco_wholebody_133"] = "coco_wholebody_133"
    preset: str
    joints: list[str]
    # Per model joint, the two COCO-WB indices whose mean it is (equal for a real joint).
    coco_sources: list[tuple[int, int]]
    centre_joints: list[int]  # model joints whose mean over seen frames is the origin
    scale_joints: list[int]  # model joints whose mean distance is the unit
    frames: int  # linear resampling to this many frames
    stream: str  # joint, bone, joint_motion or bone_motion
    parents: list[int]  # bone[v] = x[v] - x[parents[v]]


class TextVectors(BaseModel):
    """Open-vocabulary scoring without gspgen: ``file`` (npz) holds, per term, ``<term>`` (K, D) unit
    vectors (the mean of the term's unit-length text embeddings, re-normalised) and ``has_<term>`` (K,).
    score(clip, k) = Σ_t w_t · has_t[k] · cos(output_t(clip), <t>[k]) / Σ_t w_t · has_t[k]; a new sign's
    rows come from ``text_encoder`` the same way, each embedding e first mapped into the run's text space
    (``transform`` not "none": unit((e − ``mean_<t>``) @ ``matrix``), arrays in the same file; no
    ``matrix`` = identity) (docs/recognize.md)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    descriptions: str
    class_ids: list[int]
    glosses: list[str]
    trained: list[bool]  # the classifier saw training clips of the sign
    outputs: dict[str, str]  # term -> the graph output it is compared with
    weights: dict[str, float]  # term -> w_t (recognize's default --term-weights)
    center: bool  # subtract each term's mean over the candidates, re-normalise (recognize's default)
    transform: str = "none"  # the run's text space (gspgen.train.targets): "none", "center" or "whiten"


class ExportCard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["onnx"] = "onnx"
    model_file: str
    run: str
    run_hash: str
    gspgen_version: str = __version__
    classes: list[ClassInfo]
    input_name: str = "clips"
    input_shape: list[int | str]
    outputs: list[str]
    preprocessing: Preprocessing
    text_encoder: str
    text_dim: int
    tau: float
    parity_max_abs_logit_diff: float
    texts: TextVectors | None = None


class InferenceGraph(nn.Module):
    """The model's text-head forward with the part projections as separate outputs (ONNX has no dicts)."""

    def __init__(self, model: nn.Module, parts: Sequence[str]) -> None:
        super().__init__()
        self.model, self.parts = model, list(parts)

    def forward(self, clips: torch.Tensor) -> tuple[torch.Tensor, ...]:
        logits, global_proj, parts = self.model(clips, text_heads=True)
        return (logits, global_proj, *[parts[p] for p in self.parts])


def preprocessing(member: Member) -> Preprocessing:
    preset, config = member.preset, member.meta.config
    return Preprocessing(
        preset=preset.name,
        joints=preset.joints,
        coco_sources=[VIRTUAL.get(s, (s, s)) for s in preset.sources],
        centre_joints=joint_indices(preset, SHOULDERS),
        scale_joints=joint_indices(preset, SHOULDERS),
        frames=config.frames,
        stream=config.stream,
        parents=preset.parent,
    )


def _probe(member: Member, batch: int = 3) -> torch.Tensor:
    """A deterministic batch shaped like normalised clips (coordinates ~ shoulder widths, confidence 1)."""
    generator = torch.Generator().manual_seed(0)
    v, t = member.preset.num_joints, member.meta.config.frames
    x = torch.randn(batch, 3, t, v, 1, generator=generator)
    x[:, 2] = 1.0
    return x


def text_vectors(
    member: Member, descriptions: Path, out: Path, cache_dir: Path, config: ZeroShotConfig
) -> TextVectors:
    """Write ``out`` (npz) with the described signs' text vectors; the card entry that explains it."""
    recognizer = Recognizer([member], torch.device("cpu"))
    candidates, table = described_candidates(recognizer, descriptions, config, cache_dir)
    weights = scored_terms(config, text_parts(member))
    arrays: dict[str, np.ndarray] = {}
    for term in weights:
        arrays[term] = table.vectors[term].numpy()
        arrays[f"has_{term}"] = table.has[term].numpy()
    space = run_space(member.path)
    arrays |= {f"mean_{t}": space.means[t].numpy() for t in weights if t in space.means}
    if space.matrix is not None:
        arrays["matrix"] = space.matrix.numpy()
    tmp = out.with_name(f".{out.name}.tmp.npz")
    np.savez(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(out)
    trained = recognizer.trained_glosses()
    return TextVectors(
        file=out.name,
        descriptions=str(descriptions),
        class_ids=[c.class_id for c in candidates],
        glosses=[c.gloss for c in candidates],
        trained=[any(g.lower() in trained for g in c.glosses) for c in candidates],
        outputs={t: "global" if t in ("global", "synonyms") else f"part_{t}" for t in weights},
        weights=weights,
        center=config.center,
        transform=space.kind,
    )


def export_onnx(
    run: Path,
    out: Path,
    *,
    descriptions: Path | None = None,
    cache_dir: Path = Path(".gspgen/text-cache"),
    config: ZeroShotConfig | None = None,
) -> ExportCard:
    """Write ``out`` (ONNX) and ``out.with_suffix('.json')`` (the card) for one stream run; with
    descriptions (default: the run's own, if the file is still there) also ``<out>.texts.npz``."""
    if not (run / "run.json").exists():
        raise TrainError(
            "export takes one run directory (export each stream of an ensemble on its own)", where=run
        )
    member = load_member(run, on=torch.device("cpu"))
    graph = InferenceGraph(member.model, member.model.part_names).eval()
    outputs = ["logits", "global", *[f"part_{p}" for p in member.model.part_names]]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    probe = _probe(member)
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # the TorchScript-based exporter is deprecated but needs no onnxscript
        torch.onnx.export(
            graph,
            (probe,),
            str(tmp),
            dynamo=False,
            input_names=["clips"],
            output_names=outputs,
            dynamic_axes={"clips": {0: "batch"}, **{name: {0: "batch"} for name in outputs}},
            opset_version=OPSET,
        )
    diff = parity(graph, tmp, probe)
    if diff > PARITY_TOLERANCE:
        tmp.unlink(missing_ok=True)
        raise TrainError(
            f"exported logits differ from PyTorch's by {diff:.2e} (> {PARITY_TOLERANCE})", where=out
        )
    tmp.replace(out)
    meta = member.meta
    descriptions = descriptions or (Path(meta.descriptions) if meta.descriptions else None)
    texts = None
    if descriptions is not None and descriptions.exists():
        npz = out.with_suffix(".texts.npz")
        texts = text_vectors(member, descriptions, npz, cache_dir, config or ZeroShotConfig())
    card = ExportCard(
        model_file=out.name,
        run=str(run.resolve()),
        run_hash=meta.run_hash,
        classes=meta.classes,
        input_shape=["batch", 3, meta.config.frames, member.preset.num_joints, 1],
        outputs=outputs,
        preprocessing=preprocessing(member),
        text_encoder=meta.config.text_encoder,
        text_dim=meta.text_dim,
        tau=meta.config.tau,
        parity_max_abs_logit_diff=diff,
        texts=texts,
    )
    atomic_write_text(out.with_suffix(".json"), card.model_dump_json(indent=2) + "\n")
    return card


@torch.no_grad()
def parity(graph: nn.Module, onnx_path: Path, clips: torch.Tensor) -> float:
    """Largest |logit difference| between PyTorch and onnxruntime on ``clips``."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    expected = graph(clips)[0].numpy()
    got = session.run(["logits"], {"clips": clips.numpy()})[0]
    return float(np.abs(expected - got).max())

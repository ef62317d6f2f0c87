"""The resolved configuration of one training run, its presets, and its hash.

Presets are data: ``slr500`` and ``autsl`` carry the paper's hyper-parameters (DESIGN §2), ``cpu-small``
is the same architecture narrowed and shortened so it trains on two CPU cores. Any field can be
overridden from ``[train]`` in gspgen.toml, ``GSPGEN_TRAIN__*`` or a flag; the resolved config and its
hash are saved in the run directory and in every checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gspgen.errors import TrainError

Stream = Literal["joint", "bone", "joint_motion", "bone_motion"]
Ablation = Literal["ce", "synonyms", "global", "parts", "all"]
Precision = Literal["auto", "fp32", "bf16", "fp16"]
Keypoints = Literal["gsp87", "sam27"]
PartText = Literal["join", "sample", "segments"]
PresetName = Literal["cpu-small", "slr500", "autsl"]
Split = Literal["train", "val", "test"]
Decision = Literal["classifier", "texts"]
TextTransform = Literal["none", "center", "whiten"]  # see gspgen.train.targets
PriorCorrection = Literal["none", "balanced", "validation"]

# Fields that change how fast a run goes but never what it computes: left out of the hash.
NON_RESULT_FIELDS = {"num_workers", "threads"}
TEMPORAL_BRANCHES = 4  # model.MultiScaleTemporalConv: two dilations, a max-pool and a 1x1 branch


class RunConfig(BaseModel):
    """Everything that decides what a run computes (plus a few speed knobs)."""

    model_config = ConfigDict(extra="forbid")

    preset: str
    # Data. 64 frames with a random crop is GAP's window [G]; keypoints: DESIGN §2's 87-point set.
    keypoints: Keypoints = "gsp87"
    stream: Stream = "joint"
    frames: int = Field(64, gt=0)
    augment: bool = True  # GAP's random 50-100 % window + small rotate/scale/shear/joint dropout [ours]
    # Mirroring swaps the hands, but the texts name them ("right hand ..."): off by default [ours].
    mirror_p: float = Field(0.0, ge=0, le=1)
    # Model. 64 base channels = GAP's widths 64..256.
    base_channels: int = Field(64, gt=0)
    dropout: float = Field(0.0, ge=0, lt=1)
    # Optimisation [P]: SGD Nesterov (GAP), linear warm-up, ×0.1 steps.
    epochs: int = Field(110, gt=0)
    warmup_epochs: int = Field(5, ge=0)
    lr_steps: list[int] = [90, 100]
    lr_decay: float = 0.1
    # Training to a plateau [ours]: with ``patience`` N, ``epochs`` is a ceiling and the validation curve
    # replaces ``lr_steps``: after N epochs without a new best validation top-1 the lr is cut (×lr_decay),
    # at most ``plateau_cuts`` times; N more such epochs after the last cut end the run (the best-validation
    # weights are kept, as always). None = the fixed schedule for all ``epochs``.
    patience: int | None = Field(None, gt=0)
    plateau_cuts: int = Field(2, ge=0)
    lr: float = Field(0.06, gt=0)
    batch_size: int = Field(120, gt=0)
    weight_decay: float = 5e-4
    momentum: float = 0.9
    # Loss [P]: alpha weights the mean of the active contrastive terms, tau the cosine logits.
    ablation: Ablation = "all"
    alpha: float = 0.5
    tau: float = 0.1
    # Text side.
    text_encoder: str = "minilm"
    approved_only: bool = False
    # Several segments for one part: "segments" every segment of the class a positive (many-to-many, the
    # paper's reading; bench/results/train.md finds it no worse than "join", which can exceed the encoder's
    # token limit); "join" one string per (class, part) [ours]; "sample" one segment per sample and step.
    part_text: PartText = "segments"
    # Text targets and decision [ours] (docs/method.md, gspgen.train.targets). The defaults here are the
    # paper's (and what runs written before these fields did); new runs get NEW_RUN_DEFAULTS.
    # "whiten"/"center": the frozen text embeddings transformed over the vocabulary; "none": raw.
    text_transform: TextTransform = "none"
    # True: the contrastive temperature is learned (CLIP-style, from ``tau``); False: fixed ``tau``.
    learn_tau: bool = False
    # "texts": class logits = FC_cls + a learned scale × cos(FC_g, the class's text vector), so a class's
    # description takes part in every decision (rare classes); "classifier": FC_cls alone (the paper).
    decision: Decision = "classifier"
    # After training, the decision subtracts w · log(class share of the training clips), w chosen on the
    # validation split (gspgen.train.calibrate): "balanced" for the best mean-class accuracy,
    # "validation" for the best that keeps the frequent classes within a point; "none": w = 0.
    prior_correction: PriorCorrection = "none"
    # Runtime.
    precision: Precision = "auto"  # auto = bf16 on CUDA when supported, else fp16; fp32 on CPU
    seed: int = 0
    num_workers: int = Field(1, ge=0)
    threads: int | None = Field(None, gt=0)  # torch intra-op threads; None = torch's default

    @field_validator("base_channels")
    @classmethod
    def _splits_into_temporal_branches(cls, value: int) -> int:
        if value % TEMPORAL_BRANCHES:
            raise ValueError(
                f"must be a multiple of {TEMPORAL_BRANCHES} (each layer's channels split into "
                f"{TEMPORAL_BRANCHES} temporal branches), got {value}"
            )
        return value

    def hash(self) -> str:
        """sha256 (first 16 hex) of the result-deciding fields: what a checkpoint must match."""
        data = self.model_dump(mode="json", exclude=NON_RESULT_FIELDS)
        if self.patience is None:  # the fixed schedule: hashes (and checkpoints) from before plateaus hold
            del data["patience"], data["plateau_cuts"]
        for name, paper in PAPER_TEXT_SIDE.items():  # runs from before these fields keep their hashes
            if data[name] == paper:
                del data[name]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# The paper's text side (RunConfig's defaults, so a run.json without the fields reads as it was trained).
PAPER_TEXT_SIDE: dict[str, Any] = {
    "text_transform": "none",
    "learn_tau": False,
    "decision": "classifier",
    "prior_correction": "none",
}
# What a new run gets unless a preset or an override says otherwise (bench/results/longtail.md).
NEW_RUN_DEFAULTS: dict[str, Any] = {
    "text_transform": "whiten",
    "learn_tau": False,
    "decision": "texts",
    "prior_correction": "balanced",
}

PRESETS: dict[PresetName, dict[str, Any]] = {
    # DESIGN §2: SLR500 batch 120, lr 0.06, wd 5e-4; 110 epochs, warm-up 5, ×0.1 at 90 and 100.
    "slr500": {"batch_size": 120, "lr": 0.06, "weight_decay": 5e-4},
    # AUTSL: batch 80, lr 0.04, wd 4e-4, same schedule.
    "autsl": {"batch_size": 80, "lr": 0.04, "weight_decay": 4e-4},
    # Two CPU cores: 16 base channels, 16 frames, short schedule, lr scaled down with the batch
    # (0.06 · 32/120 ≈ 0.016, rounded up as warm-up is short).
    "cpu-small": {
        # CTR-GC's per-joint-pair refinement costs ~V²: gsp87 ran ~12x slower per clip than sam27 here.
        "keypoints": "sam27",
        "base_channels": 16,
        # The main job (`gspgen pipeline`) must finish in 20 min on 2 cores: 32 frames x 20 epochs took
        # 14 s/epoch on its 420 clips, 5.7 min per run.
        "frames": 16,
        "epochs": 10,
        "warmup_epochs": 2,
        "lr_steps": [7, 9],
        "batch_size": 32,
        "lr": 0.02,
        "weight_decay": 5e-4,
    },
}


def resolve(preset: str, overrides: dict[str, Any] | None = None) -> RunConfig:
    """A preset plus overrides (None = not given). Unknown presets or invalid values are TrainErrors."""
    if preset not in PRESETS:
        raise TrainError(f"unknown preset {preset!r} (known: {', '.join(PRESETS)})", where="--preset")
    fields = (
        NEW_RUN_DEFAULTS | PRESETS[preset] | {k: v for k, v in (overrides or {}).items() if v is not None}
    )
    return validated({"preset": preset, **fields})


def validated(fields: dict[str, Any]) -> RunConfig:
    """A RunConfig, or one TrainError listing every invalid field."""
    try:
        config = RunConfig(**fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()
        )
        raise TrainError(problems, where="train config") from None
    if config.warmup_epochs > config.epochs:
        raise TrainError("warmup_epochs exceeds epochs", where="train config")
    return config

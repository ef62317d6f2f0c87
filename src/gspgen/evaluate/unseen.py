"""``gspgen eval RUN --zero-shot``: accuracy on signs the run never trained on, known only by description.

Three numbers, on the same clips, so each has its baseline beside it:

* zero-shot (ZSL): clips of unseen classes, ranked among the unseen classes only; chance = 1/K_unseen.
* generalised (GZSL): clips of every described class, ranked among all of them, classifier fused on the
  trained ones; unseen and seen top-1 and their harmonic mean.
* closed set: the classifier alone on the seen clips, among the seen classes (what ``gspgen eval`` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.progress import Progress

from gspgen.errors import TrainError
from gspgen.evaluate.metrics import top_k
from gspgen.infer import (
    Candidate,
    ClipError,
    Encoded,
    InputClip,
    Recognizer,
    TextTable,
    ZeroShotConfig,
    describable,
    described_candidates,
    load_recognizer,
    open_probabilities,
    subset,
    text_parts,
)
from gspgen.jsonio import atomic_write_json
from gspgen.skeleton import SkeletonDataset
from gspgen.train import RunDir

BATCH = 64


class Accuracy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    clips: int
    classes: int
    top1: float
    top5: float
    chance_top1: float
    chance_top5: float


class ZeroShotMetrics(BaseModel):
    """What ``--zero-shot`` reports; written to RUN/eval/zeroshot-<split>/zeroshot.json (RunDir.zero_shot)."""

    model_config = ConfigDict(extra="forbid")

    split: str
    descriptions: str
    config: ZeroShotConfig
    unseen: Accuracy  # ZSL
    gzsl_unseen_top1: float | None
    gzsl_seen_top1: float | None
    gzsl_harmonic: float | None
    seen_closed_set_top1: float | None  # classifier alone, seen clips among seen classes
    unseen_glosses: list[str]
    skipped_clips: int  # clips of classes without a description, or unusable (no hands, ...)


def _concat(parts: list[Encoded]) -> Encoded:
    members = range(len(parts[0].logits))
    return Encoded(
        [torch.cat([p.logits[m] for p in parts]) for m in members],
        [torch.cat([p.globals[m] for p in parts]) for m in members],
        [{t: torch.cat([p.parts[m][t] for p in parts]) for t in parts[0].parts[m]} for m in members],
    )


def _encode_split(
    recognizer: Recognizer, data: SkeletonDataset, indices: list[int], console: Console | None
) -> tuple[Encoded, list[int]]:
    """Encode the split's clips in batches; returns the encodings and the dataset indices kept."""
    kept: list[int] = []
    chunks: list[Encoded] = []
    batch: list[list[np.ndarray]] = []
    with Progress(console=console, transient=True, disable=console is None) as bar:
        task = bar.add_task("encoding clips", total=len(indices))
        for i in indices:
            item = InputClip(data.samples[i].sample_id, np.asarray(data.clip(i)), data.info.layout)
            try:
                batch.append(recognizer.prepare(item))
                kept.append(i)
            except ClipError:
                pass
            if len(batch) == BATCH:
                chunks.append(recognizer.encode(batch))
                batch = []
            bar.advance(task)
        if batch:
            chunks.append(recognizer.encode(batch))
    if not chunks:
        raise TrainError("no usable clip in the split", where=data.root)
    return _concat(chunks), kept


def _rows(encoded: Encoded, rows: np.ndarray) -> Encoded:
    index = torch.from_numpy(rows)
    return Encoded(
        [x[index] for x in encoded.logits],
        [x[index] for x in encoded.globals],
        [{t: v[index] for t, v in p.items()} for p in encoded.parts],
    )


def _harmonic(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


@dataclass
class EncodedClips:
    """Labelled clips encoded once, with every described candidate: what any scoring needs."""

    recognizer: Recognizer
    trained: set[str]
    candidates: list[Candidate]
    table: TextTable
    encoded: Encoded
    labels: np.ndarray  # (N,) candidate index of each clip
    skipped: int  # clips of classes without a description, or unusable (no hands, ...)


def encode_clips(
    run: Path,
    descriptions: Path,
    data: SkeletonDataset,
    indices: Sequence[int],
    *,
    config: ZeroShotConfig,
    cache_dir: Path,
    console: Console | None = None,
) -> EncodedClips:
    """Encode the clips at ``indices`` of ``data`` whose class is described; the scoring comes later."""
    recognizer = load_recognizer(run)
    candidates, table = described_candidates(recognizer, descriptions, config, cache_dir)
    by_gloss = {g.lower(): k for k, c in enumerate(candidates) for g in c.glosses}
    target_of = {cid: by_gloss.get(gloss.lower()) for cid, gloss in data.class_gloss.items()}
    described = [i for i in indices if target_of[data.samples[i].class_id] is not None]
    if not described:
        raise TrainError("no clip of a described class", where=data.root)
    encoded, kept = _encode_split(recognizer, data, described, console)
    labels = np.array([target_of[data.samples[i].class_id] for i in kept])
    trained = recognizer.trained_glosses()
    return EncodedClips(recognizer, trained, candidates, table, encoded, labels, len(indices) - len(kept))


def zero_shot_eval(
    run: Path,
    descriptions: Path,
    data_dir: Path,
    *,
    split: str = "test",
    config: ZeroShotConfig | None = None,
    cache_dir: Path = Path(".gspgen/text-cache"),
    console: Console | None = None,
) -> ZeroShotMetrics:
    """Score ``split`` of ``data_dir`` against the descriptions; unseen = no training clips in the run."""
    config = config or ZeroShotConfig()
    data = SkeletonDataset(data_dir)
    indices = data.indices(split)  # type: ignore[arg-type]
    if not indices:
        raise TrainError(f"split {split!r} is empty", where=data_dir)
    clips = encode_clips(
        run, descriptions, data, indices, config=config, cache_dir=cache_dir, console=console
    )
    result = zero_shot_metrics(clips, config, split=split, descriptions=descriptions, where=data_dir)
    atomic_write_json(RunDir(run).zero_shot(split), result.model_dump(mode="json"))
    return result


def zero_shot_metrics(
    clips: EncodedClips,
    config: ZeroShotConfig,
    *,
    split: str,
    descriptions: Path,
    where: Path,
    keep: Sequence[int] | None = None,
) -> ZeroShotMetrics:
    """ZSL, GZSL and closed-set accuracy of one scoring; ``keep``: the candidates (indices into
    ``clips.candidates``) that take part, the clips of the others left out (default: all)."""
    usable = describable(clips.table, config, text_parts(clips.recognizer.members[0]))
    keep = [k for k in (range(len(clips.candidates)) if keep is None else keep) if usable[k]]
    candidates, table = subset(clips.candidates, clips.table, keep)
    position = np.full(len(clips.candidates), -1)
    position[keep] = np.arange(len(keep))
    rows = np.flatnonzero(position[clips.labels] >= 0)
    encoded, labels, trained = _rows(clips.encoded, rows), position[clips.labels[rows]], clips.trained
    is_unseen = np.array([not any(g.lower() in trained for g in c.glosses) for c in candidates], dtype=bool)
    unseen_k = np.flatnonzero(is_unseen).tolist()
    unseen_rows = np.flatnonzero(is_unseen[labels])
    seen_rows = np.flatnonzero(~is_unseen[labels])
    if not len(unseen_rows):
        raise TrainError(
            f"no {split} clip of a described class the run was not trained on (the run trained on "
            f"{len(trained)} classes; describe and record others to test zero-shot)",
            where=where,
        )
    recognizer = clips.recognizer
    # ZSL: unseen clips among the unseen classes.
    zsl_cands, zsl_table = subset(candidates, table, unseen_k)
    zsl = open_probabilities(recognizer, _rows(encoded, unseen_rows), zsl_table, config, zsl_cands, trained)
    zsl_labels = np.searchsorted(unseen_k, labels[unseen_rows])
    n_unseen = len(unseen_k)
    # GZSL: every clip among every described class, classifier fused on the trained ones.
    gzsl = open_probabilities(recognizer, encoded, table, config, candidates, trained)
    gzsl_top1 = gzsl.argmax(axis=1) == labels
    result = ZeroShotMetrics(
        split=split,
        descriptions=str(descriptions),
        config=config,
        unseen=Accuracy(
            clips=len(unseen_rows),
            classes=n_unseen,
            top1=top_k(zsl, zsl_labels, 1),
            top5=top_k(zsl, zsl_labels, 5),
            chance_top1=1 / n_unseen,
            chance_top5=min(5, n_unseen) / n_unseen,
        ),
        gzsl_unseen_top1=float(gzsl_top1[unseen_rows].mean()),
        gzsl_seen_top1=float(gzsl_top1[seen_rows].mean()) if len(seen_rows) else None,
        gzsl_harmonic=None,
        seen_closed_set_top1=_closed_set(recognizer, encoded, seen_rows, labels, candidates, trained),
        unseen_glosses=[candidates[k].gloss for k in unseen_k],
        skipped_clips=clips.skipped + len(clips.labels) - len(rows),
    )
    result.gzsl_harmonic = _harmonic(result.gzsl_unseen_top1, result.gzsl_seen_top1)
    return result


def _closed_set(
    recognizer: Recognizer,
    encoded: Encoded,
    rows: np.ndarray,
    labels: np.ndarray,
    candidates: list[Candidate],
    trained: set[str],
) -> float | None:
    """The classifier alone on the seen clips, ranked among the trained classes."""
    if not len(rows):
        return None
    position = {c.gloss.lower(): i for i, c in enumerate(recognizer.classes)}
    trained_pos = [i for i, c in enumerate(recognizer.classes) if c.gloss.lower() in trained]
    probs = recognizer.class_probabilities(_rows(encoded, rows))[:, trained_pos]
    predicted = np.array(trained_pos)[probs.argmax(axis=1)]
    truth = [
        next((position[g.lower()] for g in candidates[label].glosses if g.lower() in position), -1)
        for label in labels[rows]
    ]
    return float((predicted == np.array(truth)).mean())

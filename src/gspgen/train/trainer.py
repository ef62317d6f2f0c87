"""The train stage's entry points: ``train`` a run directory, ``evaluate`` it, check inputs first.

What a run directory holds is named in :mod:`gspgen.train.rundir`. Every input is validated before
anything is written, so a bad invocation never touches an existing run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from rich.console import Console

from gspgen.config import TrainSettings
from gspgen.errors import TrainError
from gspgen.evaluate import retrieval, summary, write_reports
from gspgen.jsonio import atomic_write_text
from gspgen.skeleton import SkeletonDataset, check_val_is_not_test, get_preset
from gspgen.textlang import resolve_encoder
from gspgen.train import checkpoint, plots
from gspgen.train.calibrate import choose_prior_weight, log_prior
from gspgen.train.checkpoint import BestWeights
from gspgen.train.data import ClipSet, eval_loader, make_loaders
from gspgen.train.loop import FitResult, Outputs, active_terms, fit, part_terms_line, predict
from gspgen.train.model import SkeletonTextModel
from gspgen.train.run_config import RunConfig, resolve
from gspgen.train.rundir import (
    Metrics,
    PriorChoice,
    Retrieval,
    RunDir,
    RunMeta,
    SplitMetrics,
    TrainingSummary,
    load_meta,
    write_record,
)
from gspgen.train.runtime import Runtime, peak_memory_mb, seed_everything, start, stop
from gspgen.train.targets import TextSpace, diagnose
from gspgen.train.textbank import TextBank, build_bank, load_descriptions

DEFAULT_TEXT_DIM = 384  # heads exist even without texts, so every run has one architecture


def overrides(settings: TrainSettings) -> dict[str, Any]:
    """The RunConfig fields that gspgen.toml / env / flags set (None = keep the preset's)."""
    skip = {"runs_dir", "text_cache_dir", "preset"}
    return {k: v for k, v in settings.model_dump().items() if k not in skip and v is not None}


def _file_sha(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else None


def _run_hash(config: RunConfig, data: SkeletonDataset, desc_sha: str | None) -> str:
    facts = [
        config.hash(),
        data.info.name,
        len(data.samples),
        [c.model_dump() for c in data.info.classes],
        desc_sha,
    ]
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def _split(data: SkeletonDataset, split: str) -> list[int]:
    indices = data.indices(split)  # type: ignore[arg-type]
    if not indices:
        hint = " (carve one from train: `gspgen data import --val-signers N`)" if split == "val" else ""
        raise TrainError(f"split {split!r} is empty{hint}", where=data.root)
    return indices


def _check_fresh_or_resumable(out: Path, meta: RunMeta, resume: bool) -> None:
    existing = RunDir(out).meta
    if not resume:
        if existing.exists():
            raise TrainError(
                "already holds a run; pass --resume to continue it or choose another -o", where=out
            )
        return
    if not existing.exists():
        raise TrainError("nothing to resume (no run.json)", where=out)
    saved = load_meta(out)
    if saved.run_hash != meta.run_hash:
        old, new = saved.config.model_dump(), meta.config.model_dump()
        changed = [k for k in new if old.get(k) != new.get(k)] + (
            ["data/descriptions"] if saved.config_hash == meta.config_hash else []
        )
        raise TrainError(
            f"checkpoint comes from another config (run {saved.run_hash}, now {meta.run_hash}; differs in: "
            f"{', '.join(changed)})",
            where=existing,
        )


def build_model(meta: RunMeta) -> SkeletonTextModel:
    preset = get_preset(meta.config.keypoints)
    config = meta.config
    return SkeletonTextModel(
        len(meta.classes),
        preset.num_joints,
        preset.edges,
        preset.parts,
        base_channels=config.base_channels,
        text_dim=meta.text_dim,
        dropout=config.dropout,
        text_decision=texts_decide(meta),
        tau=config.tau,
        learn_tau=config.learn_tau and bool(meta.active_terms),
        prior_correction=config.prior_correction != "none",
    )


def texts_decide(meta: RunMeta) -> bool:
    """Whether the run's class logits include the text similarity (decision "texts" and texts to use)."""
    return meta.config.decision == "texts" and meta.classes_with_texts > 0


def decision_vectors(
    bank: TextBank,
    parts: Sequence[str],
    terms: Sequence[str],
    data: SkeletonDataset,
    train_idx: list[int],
    class_ids: list[int],
) -> tuple[torch.Tensor, torch.Tensor]:
    """The class text vectors the decision compares the projections with, per decision term (global =
    T_g and T_s together, then each pooled part), and the terms' weights: global 1 and 1 shared by the
    part terms the run trains (recognize's zero-shot scoring with global=1, parts=1). Only classes with
    training clips: a class known from its description alone is scored by the zero-shot path (as a CE
    negative its text would be pushed away)."""
    trained_parts = [p for p in parts if p in terms]
    vectors = [bank.class_vectors()]
    for part in parts:
        if part in trained_parts:
            means, has = bank.class_means(part)
            vectors.append(means * has[:, None])
        else:
            vectors.append(torch.zeros_like(vectors[0]))
    stacked = torch.stack(vectors)
    with_clips = {data.samples[i].class_id for i in train_idx}
    stacked[:, [i for i, c in enumerate(class_ids) if c not in with_clips]] = 0.0
    share = 1.0 / len(trained_parts) if trained_parts else 0.0
    weights = torch.tensor([1.0] + [share if p in trained_parts else 0.0 for p in parts])
    return stacked, weights


def _save_bank(path: Path, bank: TextBank) -> None:
    space = bank.space.state() if bank.space is not None else None
    checkpoint.save(
        path,
        {"dim": bank.dim, "embeddings": bank.embeddings, "offsets": bank.offsets, "rows": bank.rows}
        | {"space": space},
    )


def load_bank(path: Path) -> TextBank | None:
    """A run's text_bank.pt (None when the run has no texts); a bank from before transforms is raw."""
    if not path.exists():
        return None
    state = torch.load(path, map_location="cpu", weights_only=True)
    space = TextSpace.from_state(state.get("space"))
    return TextBank(state["dim"], state["embeddings"], state["offsets"], state["rows"], space)


def train(
    data_dir: Path,
    out: Path,
    settings: TrainSettings,
    *,
    descriptions: Path | None = None,
    resume: bool = False,
    stop_after: int | None = None,
    console: Console | None = None,
) -> Metrics | None:
    """Train one run into ``out`` (or continue it), then evaluate the best-val checkpoint on val and test.

    ``stop_after`` N: stop after N more epochs without the final evaluation (continue with ``resume``);
    the return value is then None (as on the non-main ranks of a distributed run).
    """
    console = console or Console()
    config = resolve(settings.preset, overrides(settings))
    data = SkeletonDataset(data_dir)
    check_val_is_not_test(((s.sample_id, s.split) for s in data.samples), data.root)
    train_idx, val_idx = _split(data, "train"), _split(data, "val")
    class_ids = [c.class_id for c in data.info.classes]
    texts = (
        load_descriptions(
            descriptions, data.class_gloss, approved_only=config.approved_only, part_text=config.part_text
        )
        if descriptions is not None
        else {}
    )
    said_texts = (t for c in texts.values() for ts in c.by_term.values() for t in ts)
    encoder, said = resolve_encoder(config.text_encoder, said_texts)  # "auto" follows the texts' language
    config = config.model_copy(update={"text_encoder": encoder})
    settings = settings.model_copy(update={"text_encoder": encoder})
    if said:
        console.print(said, highlight=False)
    preset = get_preset(config.keypoints)
    meta = RunMeta(
        config=config,
        config_hash=config.hash(),
        run_hash=_run_hash(config, data, _file_sha(descriptions)),
        data=str(data_dir.resolve()),
        dataset_name=data.info.name,
        descriptions=str(descriptions.resolve()) if descriptions is not None else None,
        descriptions_sha256=_file_sha(descriptions),
        classes=data.info.classes,
        classes_with_texts=len(texts),
        active_terms=[],
        text_dim=DEFAULT_TEXT_DIM,
        created_at=datetime.now(UTC),
    )
    _check_fresh_or_resumable(out, meta, resume)
    runtime = start(config)
    try:
        bank = _text_bank(texts, class_ids, config, settings, runtime) if texts else None
        terms = active_terms(config, bank, [p for p, j in preset.parts.items() if j])
        report = (
            diagnose(bank, [c.gloss for c in data.info.classes], config.text_encoder, config.tau)
            if bank
            else None
        )
        meta = meta.model_copy(
            update={
                "active_terms": terms,
                "text_dim": bank.dim if bank else DEFAULT_TEXT_DIM,
                "text_targets": report,
            }
        )
        if runtime.main:
            console.print(
                f"data: {len(train_idx)} train / {len(val_idx)} val clips, {len(class_ids)} classes; "
                f"texts for {len(texts)} classes, {len(class_ids) - len(texts)} without (CE only); "
                f"terms: {', '.join(terms) or 'none (CE only)'}; config {meta.config_hash}",
                highlight=False,
            )
            if report is not None:
                console.print(report.line(), highlight=False)
            parts_line = part_terms_line(config, bank, preset)
            if parts_line is not None:
                console.print(parts_line, highlight=False)
            if not resume:
                write_record(RunDir(out).meta, meta)
            if bank is not None:
                _save_bank(RunDir(out).text_bank, bank)
        seed_everything(config.seed)
        model = build_model(meta)
        if model.text_decision and bank is not None:
            model.set_class_texts(
                *decision_vectors(bank, model.part_names, terms, data, train_idx, class_ids)
            )
        label_of = {cid: i for i, cid in enumerate(class_ids)}
        clipsets = [
            ClipSet(data, idx, preset, config, label_of, train=tr)
            for idx, tr in ((train_idx, True), (val_idx, False))
        ]
        loaders = make_loaders(clipsets[0], clipsets[1], config, runtime.rank, runtime.world)
        result = fit(config, runtime, model, loaders, bank, out, console, meta.run_hash, resume, stop_after)
        finish = runtime.main and result.finished
        record = _finish(out, meta, model, data, result, runtime, console) if finish else None
        runtime.barrier()
        return record
    finally:
        stop(runtime)


def _text_bank(
    texts: dict, class_ids: list[int], config: RunConfig, settings: TrainSettings, runtime: Runtime
) -> TextBank:
    """Rank 0 encodes (and caches) first; the other ranks then read the cache."""
    encoder, transform = settings.text_encoder, config.text_transform
    if runtime.main:
        bank = build_bank(texts, class_ids, encoder, settings.text_cache_dir, transform)
    runtime.barrier()
    if not runtime.main:
        bank = build_bank(texts, class_ids, encoder, settings.text_cache_dir, transform)
    return bank


def _finish(
    out: Path,
    meta: RunMeta,
    model: SkeletonTextModel,
    data: SkeletonDataset,
    result: FitResult,
    runtime: Runtime,
    console: Console,
) -> Metrics:
    """Best-val weights → val and test reports (test once, here), curves and the run summary."""
    paths = RunDir(out)
    best = checkpoint.load(paths.best, meta.run_hash, BestWeights)
    model.load_state_dict(best.model)
    history = result.history
    prior = _calibrate(meta, model, data, runtime) if model.prior_correction else None
    if prior is not None:  # the decision the run is read and used with, in best.pt
        checkpoint.save(paths.best, best.model_copy(update={"model": model.state_dict()}))
        console.print(prior.line(), highlight=False)
    splits: dict[str, SplitMetrics] = {}
    for split in ("val", "test"):
        if not data.indices(split):  # type: ignore[arg-type]
            console.print(f"[yellow]no {split} split: not evaluated[/]")
            continue
        splits[split] = evaluate_model(out, meta, model, data, split, runtime)
        console.print(_split_line(split, splits[split]), highlight=False)
    training = TrainingSummary(
        best_epoch=best.epoch + 1,
        epochs=len(history),
        stopped_early=result.stopped_early,
        s_per_epoch=float(np.mean([h.seconds for h in history])),
        train_clips_per_s=float(np.mean([h.clips_per_s for h in history])),
        parameters=sum(p.numel() for p in model.parameters()),
        peak_memory_mb=peak_memory_mb(runtime.device),
        prior=prior,
    )
    record = Metrics(run_hash=meta.run_hash, config_hash=meta.config_hash, training=training, splits=splits)
    plots.curves_png(paths.curves, history)
    write_record(paths.metrics, record)
    return record


def _split_line(split: str, m: SplitMetrics) -> str:
    r = m.retrieval
    text = f"  R@1 {100 * r.r1:.1f}% R@5 {100 * (r.r5 or 0):.1f}%" if r.r1 is not None else ""
    return (
        f"{split}: top-1 {100 * m.top1:.2f}%  top-5 {100 * m.top5:.2f}%  "
        f"mean-class {100 * m.mean_class_accuracy:.2f}%{text}"
    )


def _clips(meta: RunMeta, data: SkeletonDataset, split: str) -> ClipSet:
    label_of = {c.class_id: i for i, c in enumerate(meta.classes)}
    return ClipSet(
        data, _split(data, split), get_preset(meta.config.keypoints), meta.config, label_of, train=False
    )


def _calibrate(
    meta: RunMeta, model: SkeletonTextModel, data: SkeletonDataset, runtime: Runtime
) -> PriorChoice:
    """The prior-correction weight chosen on the validation split (gspgen.train.calibrate), set in the model."""
    position = {c.class_id: i for i, c in enumerate(meta.classes)}
    labels = [position[data.samples[i].class_id] for i in _split(data, "train")]
    counts = np.bincount(labels, minlength=len(meta.classes))
    model.set_prior(torch.from_numpy(log_prior(counts)), 0.0)
    val = predict(model, eval_loader(_clips(meta, data, "val"), meta.config), runtime)
    rule = meta.config.prior_correction
    assert rule != "none"
    choice = choose_prior_weight(val.scores, val.labels, counts, rule)
    model.set_prior(torch.from_numpy(log_prior(counts)), choice.weight)
    return choice


def evaluate_model(
    out: Path, meta: RunMeta, model: SkeletonTextModel, data: SkeletonDataset, split: str, runtime: Runtime
) -> SplitMetrics:
    """Predict a split, write eval/<split>/ (scores, reports, retrieval) and return its metrics."""
    clips = _clips(meta, data, split)
    outputs = predict(model, eval_loader(clips, meta.config), runtime)
    glosses = [c.gloss for c in meta.classes]
    result, matrix = summary(outputs.scores, outputs.labels, glosses)
    result.retrieval = _retrieval(out, outputs)
    result.eval_clips_per_s = len(clips) / outputs.seconds if outputs.seconds > 0 else None
    reports = RunDir(out).eval(split)
    reports.root.mkdir(parents=True, exist_ok=True)
    _save_array(reports.scores, outputs.scores)
    atomic_write_text(reports.samples, json.dumps([data.samples[i].sample_id for i in clips.indices]))
    _save_array(reports.labels, outputs.labels)
    record = Metrics(run_hash=meta.run_hash, config_hash=meta.config_hash, splits={split: result})
    write_reports(reports, record, split, matrix, [c.class_id for c in meta.classes], glosses)
    return result


def _save_array(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        np.save(handle, array)
    tmp.replace(path)


def _retrieval(out: Path, outputs: Outputs) -> Retrieval:
    bank = load_bank(RunDir(out).text_bank)
    if bank is None or not bank.has_texts("global"):
        return Retrieval()
    means, has = bank.class_means("global")
    return retrieval(outputs.projections, outputs.labels, means.numpy(), has.numpy())


def evaluate(
    run_dir: Path, split: str = "test", data_dir: Path | None = None, console: Console | None = None
) -> SplitMetrics:
    """Evaluate a run's best-val checkpoint on ``split`` of its dataset (or another with the same classes)."""
    console = console or Console()
    meta = load_meta(run_dir)
    data = SkeletonDataset(data_dir or Path(meta.data))
    if [c.model_dump() for c in data.info.classes] != [c.model_dump() for c in meta.classes]:
        raise TrainError("dataset classes differ from the run's (ids or glosses)", where=data.root)
    _split(data, split)
    best = checkpoint.load(RunDir(run_dir).best, meta.run_hash, BestWeights)
    runtime = start(meta.config)
    model = build_model(meta)
    model.load_state_dict(best.model)
    model.to(runtime.device)
    result = evaluate_model(run_dir, meta, model, data, split, runtime)
    console.print(_split_line(split, result), highlight=False)
    return result

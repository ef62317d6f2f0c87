"""The training loop: one readable function, plus the small pure helpers it calls.

What it adds to a nanoGPT-style loop: a GSP-MC loss with texts gathered by label (no text encoder in the
loop), full-state atomic checkpoints every epoch, model selection on the validation split only, and
bit-for-bit resumption (data order and augmentation are seeded by epoch and sample, text sampling by step).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from gspgen.records import PART_TAGS
from gspgen.skeleton import Preset
from gspgen.train import checkpoint
from gspgen.train.checkpoint import BestWeights, TrainState
from gspgen.train.data import Loaders
from gspgen.train.loss import ABLATION_TERMS, Pair, gspmc_loss
from gspgen.train.model import SkeletonTextModel
from gspgen.train.run_config import RunConfig
from gspgen.train.rundir import EpochRecord, RunDir, write_record
from gspgen.train.runtime import Runtime, peak_memory_mb, rng_state, set_rng_state
from gspgen.train.textbank import TextBank


@dataclass
class Outputs:
    """What evaluating a split gives: softmax scores, labels, global text-space projections."""

    scores: np.ndarray  # (N, C) softmax
    labels: np.ndarray  # (N,) class positions
    projections: np.ndarray  # (N, D) FC_g(S_g), for skeleton→text retrieval
    seconds: float = 0.0

    @property
    def top1(self) -> float:
        return float((self.scores.argmax(1) == self.labels).mean()) if len(self.labels) else 0.0


@dataclass
class FitResult:
    history: list[EpochRecord] = field(default_factory=list)
    best_epoch: int = -1
    best_val_top1: float = -1.0
    finished: bool = False  # all configured epochs done, or stopped on a validation plateau
    stopped_early: bool = False


@dataclass(frozen=True)
class Plateau:
    """Where the plateau schedule stands: lr cuts made so far, and whether the run is over."""

    cuts: int = 0
    stop: bool = False


def plateau(val_top1: Sequence[float | None], patience: int, max_cuts: int) -> Plateau:
    """The plateau schedule after these validation scores (one per epoch, in order).

    A pure function of the history, so a resumed run recovers it from its checkpoint. Every ``patience``
    epochs without a new best (strictly higher) top-1 since the last best or cut: one lr cut, or, once
    ``max_cuts`` are made, the end of the run.
    """
    best, since, cuts = -math.inf, 0, 0
    for value in val_top1:
        score = -math.inf if value is None else value
        best, since = (score, 0) if score > best else (best, since + 1)
        if since >= patience:
            if cuts == max_cuts:
                return Plateau(cuts, stop=True)
            cuts, since = cuts + 1, 0
    return Plateau(cuts)


class LrSchedule:
    """lr multiplier per optimizer step (for LambdaLR): linear warm-up over ``warmup_epochs`` (per step
    [ours]; GAP per epoch), then ×decay at each of ``lr_steps`` or, with ``patience``, at each plateau cut
    (``cuts``, set by the loop from the validation curve)."""

    def __init__(self, config: RunConfig, steps_per_epoch: int) -> None:
        self.config, self.steps_per_epoch = config, steps_per_epoch
        self.cuts = 0

    def __call__(self, step: int) -> float:
        config = self.config
        warm = config.warmup_epochs * self.steps_per_epoch
        if step < warm:
            return (step + 1) / warm
        if config.patience is not None:
            return config.lr_decay**self.cuts
        epoch = step // self.steps_per_epoch
        return config.lr_decay ** sum(epoch >= s for s in config.lr_steps)

    def follow(self, state: Plateau, optimizer: torch.optim.Optimizer, scheduler: Any) -> None:
        """Take the plateau schedule's cuts; the next step's lr changes now, not one step late."""
        if self.config.patience is None:
            return
        self.cuts = state.cuts
        lrs = [base * self(scheduler.last_epoch) for base in scheduler.base_lrs]
        for group, lr in zip(optimizer.param_groups, lrs, strict=True):
            group["lr"] = lr
        scheduler._last_lr = lrs  # what get_last_lr() reports


def active_terms(config: RunConfig, bank: TextBank | None, parts: list[str]) -> list[str]:
    """The ablation's contrastive terms that have texts and (for part terms) a pooled part."""
    if bank is None:
        return []
    wanted = ABLATION_TERMS[config.ablation]
    return [t for t in wanted if bank.has_texts(t) and (t in ("global", "synonyms") or t in parts)]


def part_terms_line(config: RunConfig, bank: TextBank | None, preset: Preset) -> str | None:
    """One log line: which part terms train on which joints of the keypoint layout, and which the layout
    cannot serve (no joints of that part: dropped). None when every part term with texts has its joints."""
    wanted = [t for t in ABLATION_TERMS[config.ablation] if t in PART_TAGS and bank and bank.has_texts(t)]
    served = [t for t in wanted if preset.parts.get(t)]
    dropped = [t for t in wanted if t not in served]
    few = {t: preset.parts[t] for t in served if len(preset.parts[t]) <= 2}
    if not dropped and not few:
        return None
    trained = [
        f"{t} ({' and '.join(preset.joints[j] for j in few[t])} only)" if t in few else t for t in served
    ]
    line = f"part terms ({preset.name}): trained {', '.join(trained) or 'none'}"
    return line + (
        f"; dropped {', '.join(dropped)} ({preset.name} has no joints for them)" if dropped else ""
    )


def text_pairs(
    bank: TextBank,
    terms: list[str],
    projected: tuple[torch.Tensor, dict[str, torch.Tensor]],
    labels: torch.Tensor,
    step_seed: int,
    part_text: str = "join",
    gather: Callable[[torch.Tensor], torch.Tensor] = lambda t: t,
) -> dict[str, Pair]:
    """Per active term: the batch's skeleton projections and labels, and the texts paired with them.

    ``gather`` concatenates every rank's rows (identity on one process), so texts are drawn for the global
    batch: the same draws on every rank, and the same as one process on that batch. Part terms with
    ``part_text = "segments"`` pair each skeleton with all of its class's segments (many-to-many).
    """
    generator = torch.Generator().manual_seed(step_seed)
    global_proj, part_proj = projected
    labels = gather(labels)
    gathered: dict[str, torch.Tensor] = {}
    pairs: dict[str, Pair] = {}
    for term in terms:
        key = "global" if term in ("global", "synonyms") else term
        if key not in gathered:
            gathered[key] = gather(global_proj if key == "global" else part_proj[key])
        if part_text == "segments" and term in PART_TAGS:
            text, text_labels, rows = bank.class_segments(term, labels)
        else:
            text, text_labels, rows = bank.sampled_texts(term, labels, generator)
        pairs[term] = (
            gathered[key],
            labels,
            text,
            text_labels,
            bank.positives(term, labels, text_labels, rows),
        )
    return pairs


@torch.no_grad()
def predict(model: nn.Module, loader: torch.utils.data.DataLoader, runtime: Runtime) -> Outputs:
    """Scores and projections for a whole split (eval mode; rank 0 only in DDP)."""
    model.eval()
    scores, labels, projections = [], [], []
    start = time.perf_counter()
    for x, y, _ in loader:
        with runtime.autocast():
            logits, global_proj, _ = model(x.to(runtime.device, non_blocking=True), text_heads=True)
        scores.append(torch.softmax(logits.float(), dim=1).cpu())
        projections.append(global_proj.float().cpu())
        labels.append(y)
    return Outputs(
        torch.cat(scores).numpy(),
        torch.cat(labels).numpy(),
        torch.cat(projections).numpy(),
        time.perf_counter() - start,
    )


def _progress(console: Console, enabled: bool) -> Progress:
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    return Progress(*columns, console=console, disable=not enabled, transient=True)


def fit(
    config: RunConfig,
    runtime: Runtime,
    model: nn.Module,
    loaders: Loaders,
    bank: TextBank | None,
    run_dir: Path,
    console: Console,
    run_hash: str,
    resume: bool = False,
    stop_after: int | None = None,
) -> FitResult:
    """Train for ``config.epochs`` (or to a validation plateau, with ``config.patience``); checkpoint
    every epoch; keep the best-validation weights.

    ``stop_after`` ends this call after that many epochs (a time-sliced job; ``resume`` continues it).
    """
    model.to(runtime.device)
    net = model
    terms = active_terms(config, bank, getattr(model, "part_names", []))
    if runtime.distributed:  # without text heads in the forward, they must not stall the all-reduce
        device_ids = [runtime.local_rank] if runtime.device.type == "cuda" else None
        net = DistributedDataParallel(model, device_ids=device_ids, find_unused_parameters=not terms)
    optimizer = torch.optim.SGD(
        model.parameters(),
        lr=config.lr,
        momentum=config.momentum,
        nesterov=True,
        weight_decay=config.weight_decay,
    )
    steps_per_epoch = len(loaders.train)
    schedule = LrSchedule(config, steps_per_epoch)
    # A plain function: LambdaLR would checkpoint (and restore over) a callable object's attributes.
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: schedule(step))
    scaler = torch.amp.GradScaler(runtime.device.type, enabled=runtime.amp_dtype == torch.float16)
    bank = bank.to(runtime.device) if bank is not None else None
    result, first_epoch, step, paths = FitResult(), 0, 0, RunDir(run_dir)
    if resume:
        state = checkpoint.load(paths.last, run_hash, TrainState)
        model.load_state_dict(state.model)
        optimizer.load_state_dict(state.optimizer)
        scheduler.load_state_dict(state.scheduler)
        scaler.load_state_dict(state.scaler)
        set_rng_state(state.rng)
        first_epoch, step = state.epoch, state.step
        result = FitResult(state.history, state.best_epoch, state.best_val_top1)
    state_of_plateau = _plateau(config, result.history)
    schedule.follow(state_of_plateau, optimizer, scheduler)
    with _progress(console, runtime.main) as progress:
        last = config.epochs if stop_after is None else min(config.epochs, first_epoch + stop_after)
        for epoch in range(first_epoch, last):
            if state_of_plateau.stop:
                break
            net.train()
            loaders.set_epoch(epoch)
            task = progress.add_task(f"epoch {epoch + 1}/{config.epochs}", total=steps_per_epoch)
            sums: dict[str, torch.Tensor] = {}
            clips, started = 0, time.perf_counter()
            for x, y, _ in loaders.train:
                x, y = x.to(runtime.device, non_blocking=True), y.to(runtime.device, non_blocking=True)
                with runtime.autocast():
                    out = net(x, text_heads=bool(terms))
                if bank is not None and terms:
                    logits, pairs = (
                        out[0],
                        text_pairs(
                            bank,
                            terms,
                            out[1:],
                            y,
                            config.seed * 1_000_003 + step,
                            config.part_text,
                            runtime.gather,
                        ),
                    )
                else:
                    logits, pairs = out, {}
                tau = (
                    model.contrastive_tau(config.tau) if isinstance(model, SkeletonTextModel) else config.tau
                )
                loss, parts = gspmc_loss(logits, y, pairs, alpha=config.alpha, tau=tau, world=runtime.world)
                loss = loss + every_head(out, model)
                if isinstance(tau, torch.Tensor):
                    parts["tau"] = tau.detach()
                optimizer.zero_grad(set_to_none=True)
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()
                scheduler.step()
                step += 1
                clips += x.shape[0]
                for name, value in (parts | {"loss": loss.detach()}).items():
                    sums[name] = sums.get(name, 0) + value  # stays on the device: no sync per step
                progress.advance(task)
            seconds = time.perf_counter() - started
            progress.remove_task(task)
            record = _epoch_record(
                epoch, step, sums, steps_per_epoch, seconds, clips * runtime.world, optimizer, runtime
            )
            if runtime.main:
                val = predict(model, loaders.val, runtime)
                record.val_top1 = val.top1
                result.history.append(record)
                if val.top1 > result.best_val_top1:
                    result.best_epoch, result.best_val_top1 = epoch, val.top1
                    checkpoint.save(
                        paths.best, BestWeights(model=model.state_dict(), epoch=epoch, config_hash=run_hash)
                    )
                state_of_plateau = _plateau(config, result.history)
                schedule.follow(state_of_plateau, optimizer, scheduler)
                checkpoint.save(
                    paths.last,
                    _full_state(run_hash, model, optimizer, scheduler, scaler, epoch + 1, step, result),
                )
                write_record(paths.history, result.history)
                console.print(_epoch_line(record, config.epochs), highlight=False)
            if config.patience is not None and runtime.distributed:  # only rank 0 has seen validation
                cuts, stop = runtime.from_main([state_of_plateau.cuts, state_of_plateau.stop])
                state_of_plateau = Plateau(cuts, bool(stop))
                schedule.follow(state_of_plateau, optimizer, scheduler)
            runtime.barrier()
    result.stopped_early = state_of_plateau.stop
    result.finished = result.stopped_early or len(result.history) == config.epochs or not runtime.main
    if result.stopped_early:
        console.print(
            f"validation plateau: stopped after epoch {len(result.history)}, best epoch "
            f"{result.best_epoch + 1} (val top-1 {100 * result.best_val_top1:.2f}%)",
            highlight=False,
        )
    return result


def _plateau(config: RunConfig, history: list[EpochRecord]) -> Plateau:
    if config.patience is None:
        return Plateau()
    return plateau([h.val_top1 for h in history], config.patience, config.plateau_cuts)


def every_head(out: torch.Tensor | tuple[Any, ...], model: nn.Module) -> torch.Tensor:
    """0 × (every projection head's output, the learned temperature): adds nothing to the loss, but every
    head gets a (zero) gradient each step, also when its term has no pair in the batch (a class without a
    body text) or the ablation leaves it out, so DDP never waits for a gradient that does not come."""
    if not isinstance(out, tuple):
        return torch.zeros(())
    _, global_proj, part_proj = out
    used = global_proj.sum() + sum(
        (p.sum() for p in part_proj.values()), torch.zeros((), device=global_proj.device)
    )
    temperature = getattr(model, "log_inv_tau", None)
    if temperature is not None:
        used = used + temperature
    return 0.0 * used


def _epoch_record(
    epoch: int,
    step: int,
    sums: dict[str, torch.Tensor],
    steps: int,
    seconds: float,
    clips: int,
    optimizer: torch.optim.Optimizer,
    runtime: Runtime,
) -> EpochRecord:
    return EpochRecord(
        epoch=epoch + 1,
        step=step,
        lr=optimizer.param_groups[0]["lr"],
        losses={k: float(v) / max(steps, 1) for k, v in sums.items()},
        seconds=seconds,
        clips_per_s=clips / seconds if seconds > 0 else math.nan,
        peak_memory_mb=peak_memory_mb(runtime.device),
    )


def _epoch_line(record: EpochRecord, epochs: int) -> str:
    losses = record.losses
    extra = f" con {losses['contrastive']:.3f}" if "contrastive" in losses else ""
    return (
        f"epoch {record.epoch}/{epochs}  loss {losses['loss']:.3f} ce {losses['ce']:.3f}{extra}  "
        f"val top-1 {100 * (record.val_top1 or 0):.2f}%  lr {record.lr:.4g}  "
        f"{record.seconds:.1f} s  {record.clips_per_s:.0f} clips/s"
    )


def _full_state(
    run_hash: str,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    scaler: Any,
    epoch: int,
    step: int,
    result: FitResult,
) -> TrainState:
    return TrainState(
        model=model.state_dict(),
        optimizer=optimizer.state_dict(),
        scheduler=scheduler.state_dict(),
        scaler=scaler.state_dict(),
        rng=rng_state(),
        epoch=epoch,
        step=step,
        history=result.history,
        best_epoch=result.best_epoch,
        best_val_top1=result.best_val_top1,
        config_hash=run_hash,
    )

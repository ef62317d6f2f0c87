"""DDP semantics on CPU (gloo, 2 processes): the global batch's loss and gradient equal one process's."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from gspgen.errors import TrainError
from gspgen.train.data import per_process_batch
from gspgen.train.loop import every_head, text_pairs
from gspgen.train.loss import gspmc_loss
from gspgen.train.runtime import Runtime
from gspgen.train.textbank import TextBank

BATCH, CLASSES, DIM, TERMS = 8, 4, 6, ["global", "synonyms", "right_hand"]
MODES = ("sample", "segments")


class Heads(nn.Module):
    """Stands in for the skeleton model: logits, a global projection and one part projection."""

    def __init__(self) -> None:
        super().__init__()
        self.logits, self.glob, self.hand = nn.Linear(5, CLASSES), nn.Linear(5, DIM), nn.Linear(5, DIM)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
        return self.logits(x), self.glob(x), {"right_hand": self.hand(x)}


def _bank() -> TextBank:
    """Class 3 has no synonym and class 1 no hand text; class 0 has three hand segments."""
    g = torch.Generator().manual_seed(7)
    counts = {"global": [1, 2, 1, 1], "synonyms": [2, 1, 1, 0], "right_hand": [3, 0, 1, 2]}
    bank = TextBank(DIM, {}, {}, {})
    for term, per_class in counts.items():
        bank.embeddings[term] = torch.randn(sum(per_class), DIM, generator=g)
        bank.rows[term] = torch.arange(sum(per_class))
        bank.offsets[term] = torch.cumsum(torch.tensor([0, *per_class]), 0)
    return bank


def _batch() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(11)
    return torch.randn(BATCH, 5, generator=g), torch.tensor([0, 1, 3, 0, 2, 3, 1, 0])


def _step(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, runtime: Runtime, part_text: str
) -> torch.Tensor:
    logits, glob, parts = model(x)
    pairs = text_pairs(_bank(), TERMS, (glob, parts), y, 1234, part_text, runtime.gather)
    loss, _ = gspmc_loss(logits, y, pairs, alpha=0.5, tau=0.1, world=runtime.world)
    loss.backward()
    return loss.detach()


def _worker(rank: int, port: int, out: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=2)
    try:
        runtime = Runtime(torch.device("cpu"), rank=rank, world=2)
        results = {}
        for part_text in MODES:
            torch.manual_seed(0)
            model = nn.parallel.DistributedDataParallel(Heads())
            x, y = _batch()
            half = per_process_batch(BATCH, 2)
            local = slice(rank * half, (rank + 1) * half)
            loss = _step(model, x[local], y[local], runtime, part_text)
            dist.all_reduce(loss)  # what the loop logs: the mean over ranks
            grads = {k: p.grad for k, p in model.module.named_parameters()}
            results[part_text] = {"loss": loss / 2, "grads": grads}
        if rank == 0:
            torch.save(results, out)
        dist.barrier()  # leave together: a rank tearing gloo down while the other still talks aborts it
    finally:
        dist.destroy_process_group()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_processes_give_the_loss_and_gradient_of_one(tmp_path: Path) -> None:
    """Same global batch of 8: 2 gloo processes of 4 (features all-gathered, DDP-averaged gradients)
    against 1 process of 8, with one text sampled per sample and with all segments as positives."""
    out = tmp_path / "rank0.pt"
    mp.spawn(_worker, args=(_free_port(), str(out)), nprocs=2)
    both = torch.load(out)
    for part_text in MODES:
        got = both[part_text]
        torch.manual_seed(0)
        single = Heads()
        x, y = _batch()
        loss = _step(single, x, y, Runtime(torch.device("cpu")), part_text)
        assert got["loss"].item() == pytest.approx(loss.item(), rel=1e-5), part_text
        for name, param in single.named_parameters():
            torch.testing.assert_close(got["grads"][name], param.grad, rtol=1e-4, atol=1e-6)


class BodyHeads(Heads):
    """Heads plus a body projection: only class 3 has a body text."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(5, DIM)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
        logits, glob, parts = super().forward(x)
        return logits, glob, parts | {"body": self.body(x)}


def _body_bank() -> TextBank:
    bank = _bank()
    g = torch.Generator().manual_seed(8)
    bank.embeddings["body"] = torch.randn(1, DIM, generator=g)
    bank.rows["body"] = torch.tensor([0])
    bank.offsets["body"] = torch.tensor([0, 0, 0, 0, 1])
    return bank


def _body_worker(rank: int, port: int, out: str) -> None:
    """Two steps on batches without class 3 (no body text), DDP without find_unused_parameters: the
    bare loss leaves the body head without a gradient, with ``every_head`` it gets a zero one."""
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=2)
    try:
        runtime = Runtime(torch.device("cpu"), rank=rank, world=2)
        results: dict[str, object] = {}
        for mode in ("bare", "every_head"):
            torch.manual_seed(0)
            model = nn.parallel.DistributedDataParallel(BodyHeads(), find_unused_parameters=False)
            x = torch.randn(BATCH, 5, generator=torch.Generator().manual_seed(12))
            y = torch.tensor([0, 1, 2, 0, 2, 1, 1, 0])  # no class 3: the body term has no pair
            local = slice(rank * BATCH // 2, (rank + 1) * BATCH // 2)
            try:
                for step in range(2):
                    heads = model(x[local])
                    pairs = text_pairs(
                        _body_bank(), [*TERMS, "body"], heads[1:], y[local], step, "sample", runtime.gather
                    )
                    loss, _ = gspmc_loss(heads[0], y[local], pairs, world=2)
                    if mode == "every_head":
                        loss = loss + every_head(heads, model.module)
                    loss.backward()
                results[mode] = {k: p.grad.clone() for k, p in model.module.named_parameters()}
            except RuntimeError as exc:
                results[mode] = str(exc)
        if rank == 0:
            torch.save(results, out)
        dist.barrier()
    finally:
        dist.destroy_process_group()


def test_a_part_term_absent_from_a_batch_needs_every_head_under_ddp(tmp_path: Path) -> None:
    """A class without a body text leaves the body head without a gradient in a batch that lacks the
    classes that have one: DDP without find_unused_parameters then fails on the next step. The loop's
    zero-weighted use of every head (``every_head``) keeps it in the all-reduce."""
    out = tmp_path / "rank0.pt"
    mp.spawn(_body_worker, args=(_free_port(), str(out)), nprocs=2)
    results = torch.load(out)
    assert isinstance(results["bare"], str) and "finished reduction" in results["bare"]
    grads = results["every_head"]
    assert isinstance(grads, dict)
    assert torch.count_nonzero(grads["body.weight"]) == 0  # used, but nothing to learn from
    assert torch.count_nonzero(grads["glob.weight"]) > 0


def test_the_preset_batch_is_the_global_batch() -> None:
    assert per_process_batch(120, 1) == 120 and per_process_batch(120, 4) == 30
    with pytest.raises(TrainError, match="batch_size 120 does not split over 7 processes"):
        per_process_batch(120, 7)

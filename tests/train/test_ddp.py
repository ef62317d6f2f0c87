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
from gspgen.train.loop import text_pairs
from gspgen.train.loss import gspmc_loss
from gspgen.train.runtime import Runtime
from gspgen.train.texts import TextBank

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


def test_the_preset_batch_is_the_global_batch() -> None:
    assert per_process_batch(120, 1) == 120 and per_process_batch(120, 4) == 30
    with pytest.raises(TrainError, match="batch_size 120 does not split over 7 processes"):
        per_process_batch(120, 7)

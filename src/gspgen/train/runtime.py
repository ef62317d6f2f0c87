"""Where a run executes: device, torchrun DDP (from RANK/WORLD_SIZE), mixed precision, seeding.

``torchrun --nproc-per-node K -m gspgen train ...`` works without code changes: each process reads its
rank from the environment, wraps the model in DDP, shards the data with DistributedSampler, and only
rank 0 writes files. ``batch_size`` is the global batch (K processes take batch_size / K each, lr
unchanged), and the contrastive terms see the whole global batch (features all-gathered).
"""

from __future__ import annotations

import contextlib
import os
import random
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist

from gspgen.train.run_config import RunConfig


@dataclass
class Runtime:
    device: torch.device
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    amp_dtype: torch.dtype | None = None  # None = full fp32

    @property
    def main(self) -> bool:
        """Rank 0: the only process that writes files and shows progress."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world > 1

    def autocast(self) -> contextlib.AbstractContextManager[object]:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.amp_dtype)

    def barrier(self) -> None:
        if self.distributed:
            dist.barrier()

    def from_main(self, values: list[int]) -> list[int]:
        """Rank 0's integers on every rank: decisions only rank 0 can make (it alone validates)."""
        if not self.distributed:
            return values
        tensor = torch.tensor(values, dtype=torch.long, device=self.device)
        dist.broadcast(tensor, src=0)
        return [int(v) for v in tensor.tolist()]

    def gather(self, rows: torch.Tensor) -> torch.Tensor:
        """Every rank's rows, in rank order; gradients flow through this rank's own rows only.

        The contrastive terms need the global batch's negatives (the paper's batch is one batch);
        ``gspmc_loss(world=...)`` scales their gradient so DDP's average equals one process's.
        """
        if not self.distributed:
            return rows
        parts = [torch.empty_like(rows) for _ in range(self.world)]
        dist.all_gather(parts, rows.detach().contiguous())
        parts[self.rank] = rows
        return torch.cat(parts)


def amp_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """auto = bf16 where the GPU supports it, else fp16; CPU always trains in fp32 [ours]."""
    if device.type != "cuda" or precision == "fp32":
        return None
    if precision == "fp16" or (precision == "auto" and not torch.cuda.is_bf16_supported()):
        return torch.float16
    return torch.bfloat16


def start(config: RunConfig) -> Runtime:
    """Join the process group when launched by torchrun; pick the device and precision."""
    if config.threads is not None:  # on a shared CPU, one thread per process avoids OpenMP oversubscription
        torch.set_num_threads(config.threads)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if torch.cuda.is_available():
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return Runtime(device, rank, world, local_rank, amp_dtype(config.precision, device))


def stop(runtime: Runtime) -> None:
    if runtime.distributed and dist.is_initialized():
        dist.destroy_process_group()


def seed_everything(seed: int) -> None:
    """Same seed on every rank: identical initial weights (DDP also broadcasts them from rank 0)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.benchmark = False


def rng_state() -> dict[str, object]:
    """Global RNG states worth restoring (dropout, init); data order and augmentation are counter-seeded."""
    state: dict[str, object] = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, object]) -> None:
    torch.set_rng_state(state["torch"])  # type: ignore[arg-type]
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])  # type: ignore[arg-type]


def peak_memory_mb(device: torch.device) -> float:
    """CUDA max_memory_allocated, or the process's peak RSS on CPU."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**20
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

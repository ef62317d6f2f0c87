"""Clips → model input: preset selection, normalisation, GAP's crop-and-resize window, augmentation, stream.

All transforms are the skeleton package's. Randomness comes from ``numpy.random.default_rng((seed,
epoch, sample))``, so a sample's augmentation depends on nothing else: not the worker count, not the
rank, not whether the run was resumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, DistributedSampler, Sampler

from gspgen.errors import TrainError
from gspgen.skeleton import AugmentConfig, Preset, SkeletonDataset, augment, crop, normalise, resample, stream
from gspgen.train.run_config import RunConfig


class ClipSet(Dataset):
    """Samples of one split; items are indexed by (sample, epoch) pairs from :class:`EpochSampler`."""

    def __init__(
        self,
        data: SkeletonDataset,
        indices: list[int],
        preset: Preset,
        config: RunConfig,
        label_of: dict[int, int],
        train: bool,
    ) -> None:
        self.data, self.indices, self.preset, self.config = data, indices, preset, config
        self.labels = [label_of[data.samples[i].class_id] for i in indices]
        self.train = train and config.augment
        self.augment = AugmentConfig.model_validate({"mirror_p": config.mirror_p})

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, item: tuple[int, int]) -> tuple[torch.Tensor, int, int]:
        position, epoch = item
        index = self.indices[position]
        if not self.train:
            x = eval_input(self.data.clip(index), self.data.info.layout, self.preset, self.config)
            return torch.from_numpy(x), self.labels[position], index
        clip = self.preset.select(np.asarray(self.data.clip(index)), self.data.info.layout)
        clip = normalise(clip, self.preset)
        rng = np.random.default_rng((self.config.seed, epoch, index))
        # GAP's valid_crop_resize: a random 50-100 % window, resized to the model's frame count.
        clip = crop(clip, max(1, round(rng.uniform(0.5, 1.0) * clip.shape[0])), rng)
        clip = augment(resample(clip, self.config.frames), self.preset, self.augment, rng)
        return torch.from_numpy(model_layout(clip, self.preset, self.config)), self.labels[position], index


def model_layout(clip: np.ndarray, preset: Preset, config: RunConfig) -> np.ndarray:
    """A (T, V, 3) preset clip → the run's stream as the model's (C, T, V, M=1) float32 array."""
    x = stream(clip, config.stream, preset.edges, order="tvc")
    return np.ascontiguousarray(x.transpose(2, 0, 1)[..., None], dtype=np.float32)


def eval_input(clip: np.ndarray, layout: str, preset: Preset, config: RunConfig) -> np.ndarray:
    """The unaugmented model input of one stored clip (eval, ``gspgen recognize`` and export share it):
    preset joints from ``layout``, normalised, resampled to the run's frame count, the run's stream."""
    selected = normalise(preset.select(np.asarray(clip), layout), preset)
    return model_layout(resample(selected, config.frames), preset, config)


class EpochSampler(Sampler[tuple[int, int]]):
    """DistributedSampler's order (seeded by seed + epoch), yielding (position, epoch) pairs."""

    def __init__(self, size: int, config: RunConfig, rank: int, world: int, shuffle: bool) -> None:
        # Only the dataset's length matters to the sampler, so a range stands in for it.
        indices: Any = range(size)
        self.inner: DistributedSampler[int] = DistributedSampler(
            indices, num_replicas=world, rank=rank, shuffle=shuffle, seed=config.seed
        )
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch
        self.inner.set_epoch(epoch)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return ((position, self.epoch) for position in self.inner)

    def __len__(self) -> int:
        return len(self.inner)


@dataclass
class Loaders:
    train: DataLoader
    val: DataLoader
    sampler: EpochSampler

    def set_epoch(self, epoch: int) -> None:
        self.sampler.set_epoch(epoch)


def loader(clips: ClipSet, config: RunConfig, sampler: Sampler, train: bool, world: int = 1) -> DataLoader:
    workers = config.num_workers
    return DataLoader(
        clips,
        batch_size=per_process_batch(config.batch_size, world),
        sampler=sampler,
        num_workers=workers,
        drop_last=train,  # a last batch of one would break batch norm
        pin_memory=torch.cuda.is_available(),
        persistent_workers=train and workers > 0,
        prefetch_factor=4 if workers > 0 else None,
    )


def eval_loader(clips: ClipSet, config: RunConfig) -> DataLoader:
    """The whole split in order, unaugmented, on one process."""
    return loader(clips, config, EpochSampler(len(clips), config, 0, 1, shuffle=False), train=False)


def per_process_batch(batch_size: int, world: int) -> int:
    """``batch_size`` is the global batch (the paper's, at the paper's lr): K processes take 1/K each."""
    if batch_size % world:
        raise TrainError(
            f"batch_size {batch_size} does not split over {world} processes; use a multiple of {world}",
            where="train config",
        )
    return batch_size // world


def make_loaders(train: ClipSet, val: ClipSet, config: RunConfig, rank: int, world: int) -> Loaders:
    sampler = EpochSampler(len(train), config, rank, world, shuffle=True)
    return Loaders(loader(train, config, sampler, train=True, world=world), eval_loader(val, config), sampler)

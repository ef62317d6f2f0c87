"""The skeleton stage: keypoint layouts and presets, the canonical dataset, readers, streams, transforms.

Public surface: the layouts (:func:`get_preset` / :class:`Preset`, ``LAYOUTS``, ``VIRTUAL`` joints), the
canonical dataset (:class:`SkeletonDataset`, :class:`DatasetWriter`, :class:`ClassInfo`,
:class:`DatasetInfo`, :func:`check_clip`, :func:`check_val_is_not_test`), :func:`import_dataset` and the
two file conversions recognition reuses (:func:`to_coco` for .pose files, :func:`unpad` for SAM-SLR
arrays), :func:`stream` (joint, bone, motion), and the transforms (:func:`normalise`, :func:`crop`,
:func:`resample`, :func:`augment` / :class:`AugmentConfig`, :func:`joint_indices`, ``SHOULDERS``). The
submodules are internals; synthetic signers are a stage of their own, :mod:`gspgen.synth`. Nothing is
imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.skeleton.dataset import (
        ClassInfo,
        DatasetInfo,
        DatasetWriter,
        SkeletonDataset,
        check_clip,
        check_val_is_not_test,
    )
    from gspgen.skeleton.keypoints import LAYOUTS, VIRTUAL, Preset, get_preset
    from gspgen.skeleton.readers import import_dataset
    from gspgen.skeleton.readers._pose import to_coco
    from gspgen.skeleton.readers._sam_slr import unpad
    from gspgen.skeleton.streams import stream
    from gspgen.skeleton.transforms import (
        SHOULDERS,
        AugmentConfig,
        augment,
        crop,
        joint_indices,
        normalise,
        resample,
    )

_EXPORTS = {
    "ClassInfo": "gspgen.skeleton.dataset",
    "DatasetInfo": "gspgen.skeleton.dataset",
    "DatasetWriter": "gspgen.skeleton.dataset",
    "SkeletonDataset": "gspgen.skeleton.dataset",
    "check_clip": "gspgen.skeleton.dataset",
    "check_val_is_not_test": "gspgen.skeleton.dataset",
    "LAYOUTS": "gspgen.skeleton.keypoints",
    "VIRTUAL": "gspgen.skeleton.keypoints",
    "Preset": "gspgen.skeleton.keypoints",
    "get_preset": "gspgen.skeleton.keypoints",
    "import_dataset": "gspgen.skeleton.readers",
    "to_coco": "gspgen.skeleton.readers._pose",
    "unpad": "gspgen.skeleton.readers._sam_slr",
    "stream": "gspgen.skeleton.streams",
    "SHOULDERS": "gspgen.skeleton.transforms",
    "AugmentConfig": "gspgen.skeleton.transforms",
    "augment": "gspgen.skeleton.transforms",
    "crop": "gspgen.skeleton.transforms",
    "joint_indices": "gspgen.skeleton.transforms",
    "normalise": "gspgen.skeleton.transforms",
    "resample": "gspgen.skeleton.transforms",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

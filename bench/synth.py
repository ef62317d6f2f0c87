"""`gspgen synth`: generation speed, and how hard the synthetic set is for a simple classifier.

Run: ``.venv/bin/python bench/synth.py [--classes 100 --signers 20 --repetitions 3]`` (a few minutes on 2 cores).

1. Speed: time to render and write classes × signers × repetitions clips (wall and CPU seconds).
2. Difficulty: logistic regression on pooled per-joint features (mean, std, mean |velocity| of
   neck-centred, shoulder-scaled coordinates), trained on train signers, scored on held-out test signers.
   Baselines in the same run: chance, and the same classifier on one body part at a time.
3. Confusability: mean pairwise confusion between classes that share location and handshape, one of
   them, or neither (from phonology.jsonl) — shared phonology should confuse more.

Writes bench/results/synth.md and bench/results/synth.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gspgen.config import bundled_path
from gspgen.jsonio import atomic_write_json, atomic_write_text
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.synth import PHONOLOGY_FILE, make_params, synthesize

LEXICON = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
VOCAB = Path(__file__).resolve().parents[1] / "vocab" / "wlasl2000_class_list.txt"
RESULTS = Path(__file__).resolve().parent / "results"
PARTS = {
    "hands": list(range(91, 133)),
    "face+mouth": list(range(23, 91)) + [0, 1, 2, 3, 4],
    "body": list(range(5, 11)),
}
UPPER = [i for i in range(133) if not 11 <= i <= 22]  # legs are out of frame in sign videos


def features(clip: np.ndarray) -> np.ndarray:
    """(V, 6) per joint: mean and std of x, y and mean |velocity| after neck-centring and shoulder scaling."""
    xy = clip[..., :2].astype(np.float64)
    seen = clip[..., 2] > 0
    neck = xy[:, [5, 6]].mean(axis=1, keepdims=True)
    scale = np.median(np.linalg.norm(xy[:, 5] - xy[:, 6], axis=-1)) + 1e-6
    norm = np.where(seen[..., None], (xy - neck) / scale, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # joints never seen in a clip → NaN → 0 below
        velocity = np.nanmean(np.abs(np.diff(norm, axis=0)), axis=0)
        stats = np.concatenate([np.nanmean(norm, axis=0), np.nanstd(norm, axis=0), velocity], axis=-1)
    return np.nan_to_num(stats)


def _split_arrays(dataset: SkeletonDataset) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    feats = np.stack([features(np.asarray(dataset.clip(i))) for i in range(len(dataset))])
    labels = np.array([s.class_id for s in dataset.samples])
    out = {}
    for split in ("train", "val", "test"):
        idx = dataset.indices(split)
        out[split] = (feats[idx], labels[idx])
    return out


def _fit(arrays: dict[str, tuple[np.ndarray, np.ndarray]], joints: list[int]):  # noqa: ANN202
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=2000))
    x, y = arrays["train"]
    model.fit(x[:, joints].reshape(len(x), -1), y)
    scores = {}
    for split in ("train", "val", "test"):
        xs, ys = arrays[split]
        scores[split] = float(model.score(xs[:, joints].reshape(len(xs), -1), ys))
    return model, scores


def _confusions(model, arrays, root: Path) -> dict[str, dict[str, float]]:  # noqa: ANN001
    x, y = arrays["test"]
    predicted = model.predict(x[:, UPPER].reshape(len(x), -1))
    classes = list(model.classes_)
    index = {c: i for i, c in enumerate(classes)}
    counts = np.zeros((len(classes), len(classes)))
    for truth, guess in zip(y, predicted, strict=True):
        counts[index[truth], index[guess]] += 1
    rate = counts / counts.sum(axis=1, keepdims=True)
    facts = {}
    for line in (root / PHONOLOGY_FILE).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        phase = record["rendered"]["phases"][0]
        facts[record["class_id"]] = (phase["location"], phase["handshape"]["code"])
    groups: dict[str, list[float]] = {"location+handshape": [], "location only": [], "handshape only": [],
                                      "neither": []}  # fmt: skip
    for a, b in itertools.combinations(classes, 2):
        (loc_a, hs_a), (loc_b, hs_b) = facts[a], facts[b]
        key = ("location+handshape" if hs_a == hs_b else "location only") if loc_a == loc_b else (
            "handshape only" if hs_a == hs_b else "neither")  # fmt: skip
        groups[key].append((rate[index[a], index[b]] + rate[index[b], index[a]]) / 2)
    return {
        k: {"pairs": len(v), "mean_confusion": float(np.mean(v)) if v else float("nan")}
        for k, v in groups.items()
    }


def run(classes: int, signers: int, repetitions: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="gspgen-synth-bench-"))
    try:
        params = make_params(
            lexicon=LEXICON, vocab=VOCAB, classes=classes, signers=signers, repetitions=repetitions
        )
        load = os.getloadavg()[0]
        before, wall = os.times(), time.perf_counter()
        summary = synthesize(params, folder / "synth")
        after, wall = os.times(), time.perf_counter() - wall
        cpu = sum(b - a for a, b in zip(before[:4], after[:4], strict=True))  # this process + its workers
        dataset = SkeletonDataset(folder / "synth")
        arrays = _split_arrays(dataset)
        model, scores = _fit(arrays, UPPER)
        parts = {name: _fit(arrays, joints)[1]["test"] for name, joints in PARTS.items()}
        confusion = _confusions(model, arrays, folder / "synth")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "classes": classes,
        "signers": signers,
        "repetitions": repetitions,
        "clips": summary.samples,
        "frames": summary.frames,
        "generate_wall_s": round(wall, 2),
        "generate_cpu_s": round(cpu, 2),
        "clips_per_s_wall": round(summary.samples / wall, 1),
        "load_average_at_start": round(load, 2),
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "chance": 1 / classes,
        "accuracy": {k: round(v, 4) for k, v in scores.items()},
        "accuracy_by_part_test": {k: round(v, 4) for k, v in parts.items()},
        "pair_confusion_test": confusion,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}",
    }


def _markdown(r: dict, command: str) -> str:
    acc, parts = r["accuracy"], r["accuracy_by_part_test"]
    rows = "\n".join(
        f"| {k} | {v['pairs']} | {v['mean_confusion']:.4f} |" for k, v in r["pair_confusion_test"].items()
    )
    part_rows = "\n".join(f"| {k} | {v:.3f} | {v * r['classes']:.0f}× |" for k, v in parts.items())
    return f"""## gspgen synth — speed and difficulty

Command: `{command}` ({r["machine"]}). The machine is shared: the load average was
{r["load_average_at_start"]} when generation started and {r["load_average_at_end"]} at the end, so wall time
is mostly waiting for a core; the CPU time (this process and its rendering workers) is the work itself.

| | value |
|---|---|
| clips (classes × signers × repetitions) | {r["clips"]} ({r["classes"]} × {r["signers"]} × {r["repetitions"]}) |
| frames | {r["frames"]} |
| generation + write, wall | {r["generate_wall_s"]} s ({r["clips_per_s_wall"]} clips/s) |
| generation + write, CPU (all processes) | {r["generate_cpu_s"]} s ({r["clips"] / r["generate_cpu_s"]:.0f} clips per CPU-second) |
| 60 s target ÷ CPU time | {60 / r["generate_cpu_s"]:.1f}× |
| chance (1 / classes) | {r["chance"]:.3f} |
| logistic regression, train signers | {acc["train"]:.3f} |
| logistic regression, val signers | {acc["val"]:.3f} |
| logistic regression, **held-out test signers** | **{acc["test"]:.3f}** ({acc["test"] / r["chance"]:.0f}× chance) |

Each body part alone (test signers; × chance):

| part | top-1 | × chance |
|---|---|---|
{part_rows}

Mean pairwise confusion on test signers, ( C[a,b] + C[b,a] ) / 2 of the row-normalised confusion matrix, by
what the two classes share in their first morpheme:

| classes share | pairs | mean confusion |
|---|---|---|
{rows}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=100)
    parser.add_argument("--signers", type=int, default=20)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    result = run(args.classes, args.signers, args.repetitions)
    command = "python bench/synth.py " + " ".join(sys.argv[1:])
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write_json(RESULTS / "synth.json", result)
    atomic_write_text(RESULTS / "synth.md", _markdown(result, command.strip()))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Recognise a sign with a model from `gspgen export`, using only numpy and onnxruntime (no gspgen, no torch).

    python docs/onnx_example.py model.onnx clip.npy [-k 5] [--open]

clip.npy is one (T, 133, 3) COCO-WholeBody clip: x, y in pixels, confidence (0 = not detected). The
preprocessing below is what model.json describes; it mirrors gspgen's eval path step by step.
--open ranks the signs in model.texts.npz by their descriptions instead of the classifier (what
`gspgen recognize --descriptions FILE --fuse 0` does), signs never trained on included.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import onnxruntime


def select(clip, sources):
    """Model joints: each the mean of two COCO-WB points (the same point twice for a real joint)."""
    a, b = clip[:, sources[:, 0]], clip[:, sources[:, 1]]
    out = a.copy()
    out[..., :2] = (a[..., :2] + b[..., :2]) / 2
    out[..., 2] = np.minimum(a[..., 2], b[..., 2])
    return out


def normalise(x, centre, scale):
    """Origin: mean of the centre joints over frames where all are seen; unit: their mean distance."""
    conf = x[..., 2]
    seen = (conf[:, centre] > 0).all(axis=1)
    if seen.any():
        origin = x[seen][:, centre, :2].mean(axis=(0, 1))
    else:
        detected = x[conf > 0][:, :2]
        origin = detected.mean(axis=0) if len(detected) else np.zeros(2, np.float32)
    i, j = scale
    both = (conf[:, i] > 0) & (conf[:, j] > 0)
    unit = np.linalg.norm(x[both, i, :2] - x[both, j, :2], axis=-1).mean() if both.any() else 0.0
    if not unit > 1e-6:
        detected = x[conf > 0][:, :2]
        unit = float(detected.std()) if len(detected) > 1 else 0.0
        unit = unit if unit > 1e-6 else 1.0
    out = x.copy()
    out[..., :2] = (x[..., :2] - origin) / unit
    out[conf <= 0, :2] = 0.0
    return out


def resample(x, length):
    """Linear interpolation to ``length`` frames; a point interpolated from a miss stays a miss."""
    pos = np.linspace(0, len(x) - 1, length)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, len(x) - 1)
    w = (pos - lo)[:, None, None].astype(np.float32)
    out = x[lo] * (1 - w) + x[hi] * w
    out[..., 2] = np.where(w[..., 0] > 0, np.minimum(x[lo, :, 2], x[hi, :, 2]), x[lo, :, 2])
    return out.astype(np.float32)


def stream(x, kind, parents):
    if kind in ("bone", "bone_motion"):
        bone = x - x[:, parents]
        bone[..., 2] = np.minimum(x[..., 2], x[:, parents, 2])
        x = bone
    if kind in ("joint_motion", "bone_motion"):
        motion = np.zeros_like(x)
        motion[:-1] = x[1:] - x[:-1]
        motion[:-1, :, 2] = np.minimum(x[1:, :, 2], x[:-1, :, 2])
        x = motion
    return x


def model_input(clip, pre):
    x = select(clip.astype(np.float32), np.array(pre["coco_sources"]))
    x = resample(normalise(x, pre["centre_joints"], pre["scale_joints"]), pre["frames"])
    x = stream(x, pre["stream"], np.array(pre["parents"]))
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None, ..., None], dtype=np.float32)  # (1, C, T, V, 1)


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def text_scores(outputs, texts, vectors):
    """Weighted mean cosine of each graph output with each sign's text vector of that term."""
    total, norm = 0.0, 0.0
    for term, output in texts["outputs"].items():
        table, has = vectors[term], vectors[f"has_{term}"].astype(np.float32)
        if texts["center"] and has.sum() >= 2:
            table = unit((table - table[has > 0].mean(axis=0)) * has[:, None])
        total = total + texts["weights"][term] * (unit(outputs[output]) @ table.T) * has
        norm = norm + texts["weights"][term] * has
    return np.where(norm > 0, total / np.maximum(norm, 1e-12), -np.inf)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("clip", type=Path)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--open", action="store_true", help="rank the described signs by text")
    args = parser.parse_args()
    card = json.loads(args.model.with_suffix(".json").read_text())
    session = onnxruntime.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    clips = model_input(np.load(args.clip), card["preprocessing"])
    outputs = dict(
        zip(
            card["outputs"],
            (o[0] for o in session.run(card["outputs"], {card["input_name"]: clips})),
            strict=True,
        )
    )
    if args.open:
        vectors = np.load(args.model.with_name(card["texts"]["file"]))
        logits = text_scores(outputs, card["texts"], vectors) / card["tau"]
        glosses = card["texts"]["glosses"]
    else:
        logits, glosses = outputs["logits"], [c["gloss"] for c in card["classes"]]
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    top = np.argsort(-probs)[: args.k]
    print(json.dumps([{"gloss": glosses[i], "probability": float(probs[i])} for i in top]))


if __name__ == "__main__":
    main()

"""`gspgen export`: ONNX parity with PyTorch on real clips, the card, and the no-gspgen loading example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import TrainError
from gspgen.infer.clips import InputClip
from gspgen.infer.onnx_export import TextVectors, export_onnx
from gspgen.infer.recognizer import load_recognizer
from gspgen.records import PART_TAGS
from gspgen.skeleton.dataset import SkeletonDataset
from tests.infer.recognize_data import TinyRun

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "onnx_example.py"


def test_onnx_outputs_match_pytorch_on_real_clips(tiny: TinyRun) -> None:
    import onnxruntime

    result = CliRunner().invoke(app, ["export", str(tiny.run), "-o", "out/model.onnx"])
    assert result.exit_code == 0, result.output
    card = json.loads(Path("out/model.json").read_text())
    run_meta = json.loads((tiny.run / "run.json").read_text())
    assert card["classes"] == run_meta["classes"] and card["run_hash"] == run_meta["run_hash"]
    assert card["preprocessing"]["frames"] == 8 and card["preprocessing"]["preset"] == "sam27"
    assert card["parity_max_abs_logit_diff"] <= 1e-4
    recognizer = load_recognizer(tiny.run, torch.device("cpu"))
    data = SkeletonDataset(tiny.data)
    clips = [
        recognizer.prepare(InputClip(data.samples[i].sample_id, np.asarray(data.clip(i)), data.info.layout))
        for i in data.indices("test")
    ]
    encoded = recognizer.encode(clips)
    session = onnxruntime.InferenceSession("out/model.onnx", providers=["CPUExecutionProvider"])
    outputs = session.run(None, {"clips": np.stack([c[0] for c in clips])})
    assert [o.name for o in session.get_outputs()] == card["outputs"]
    assert np.abs(outputs[0] - encoded.logits[0].numpy()).max() < 1e-4
    assert np.abs(outputs[1] - encoded.globals[0].numpy()).max() < 1e-4
    for name, got in zip(card["outputs"][2:], outputs[2:], strict=True):
        assert np.abs(got - encoded.parts[0][name.removeprefix("part_")].numpy()).max() < 1e-4, name


def test_the_loading_example_needs_neither_gspgen_nor_torch(tiny: TinyRun) -> None:
    from gspgen.infer.zeroshot import ZeroShotConfig

    centred = ZeroShotConfig(center=True)  # the numpy side centres too
    card = export_onnx(tiny.run, Path("model.onnx"), cache_dir=tiny.cache, config=centred)
    data = SkeletonDataset(tiny.data)
    assert card.texts is not None and card.texts.file == "model.texts.npz"
    assert sorted(card.texts.class_ids) == list(range(8))  # the run's own descriptions: every class
    assert [not t for t in card.texts.trained].count(True) == len(tiny.unseen)
    _new_sign_rows_follow_the_card(card.texts, tiny)
    clip = np.asarray(data.clip(data.indices("test")[2]))
    np.save("clip.npy", clip)
    blocked = "import sys; sys.modules['gspgen'] = sys.modules['torch'] = None; sys.argv = sys.argv[1:]; "
    code = blocked + f"exec(compile(open({str(EXAMPLE)!r}).read(), 'example', 'exec'))"

    def example(*flags: str) -> dict[str, float]:
        args = [sys.executable, "-c", code, "example", "model.onnx", "clip.npy", "-k", "8", *flags]
        run = subprocess.run(args, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        return {p["gloss"]: p["probability"] for p in json.loads(run.stdout)}

    from gspgen.infer.recognition import ClipResult, recognize

    def ours(**open_vocabulary: object) -> dict[str, float]:
        results: list[ClipResult] = []
        recognize(
            tiny.run,
            [Path("clip.npy")],
            k=8,
            cache_dir=tiny.cache,
            on_result=results.append,
            **open_vocabulary,
        )
        return {p.gloss: p.probability for p in results[0].predictions}

    for got, want in (
        (example(), ours()),
        # Open vocabulary from model.texts.npz: recognize's description scores, text alone.
        (
            example("--open"),
            ours(descriptions=tiny.descriptions, config=centred.model_copy(update={"fuse": 0})),
        ),
    ):
        assert got.keys() == want.keys()
        assert all(abs(got[g] - want[g]) < 1e-4 for g in want)


def _new_sign_rows_follow_the_card(texts: TextVectors, tiny: TinyRun) -> None:
    """docs/recognize.md's recipe for a sign's row (embed, map into the run's space, mean, re-normalise)
    gives the exported row: the npz carries the run's text space."""
    from gspgen.infer.zeroshot import ZeroShotConfig, load_candidates
    from gspgen.train.textbank import embed_texts

    # The synth descriptions have no synonyms: nothing to whiten with, so the run's space only centres.
    assert texts.transform == "center"
    t = np.load("model.texts.npz")
    assert "matrix" not in t
    term = next(term for term in texts.outputs if term in PART_TAGS)
    candidate = next(c for c in load_candidates(tiny.descriptions, ZeroShotConfig()) if c.texts.by_term[term])
    e = embed_texts(candidate.texts.by_term[term], "minilm", tiny.cache)

    def unit(x: np.ndarray) -> np.ndarray:
        return x / np.linalg.norm(x, axis=-1, keepdims=True)

    row = unit(unit(e - t[f"mean_{term}"]).mean(axis=0))
    exported = t[term][texts.class_ids.index(candidate.class_id)]
    assert np.abs(row - exported).max() < 1e-5


def test_export_takes_one_stream_run(tiny: TinyRun) -> None:
    fused = CliRunner().invoke(app, ["ensemble", str(tiny.run), str(tiny.run), "-o", "fused"])
    assert fused.exit_code == 0, fused.output
    with pytest.raises(TrainError, match="export each stream"):
        export_onnx(Path("fused"), Path("model.onnx"))
    assert not Path("model.onnx").exists()

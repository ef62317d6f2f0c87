"""Open vocabulary: the synth zero-shot split, description scoring, `eval --zero-shot`, `recognize --descriptions`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import DataSettings
from gspgen.errors import ConfigError, TrainError
from gspgen.infer.recognition import ClipResult, recognize
from gspgen.infer.zeroshot import (
    TextTable,
    ZeroShotConfig,
    centered,
    parse_term_weights,
    scored_terms,
    text_scores,
)
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.synth import make_params, synthesize
from tests.infer.recognize_data import TinyRun


def _unit(rows: list[list[float]]) -> torch.Tensor:
    t = torch.tensor(rows, dtype=torch.float32)
    return t / t.norm(dim=1, keepdim=True)


def test_description_scores_follow_the_weighted_terms() -> None:
    # 3 candidates in a 3-d text space; candidate 2 has no part text.
    table = TextTable(
        vectors={
            "global": _unit([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
            "synonyms": _unit([[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
            "right_hand": _unit([[0, 1, 0], [1, 0, 0], [1, 1, 1]]),
        },
        has={
            "global": torch.tensor([True, True, True]),
            "synonyms": torch.tensor([True, True, False]),
            "right_hand": torch.tensor([True, True, False]),
        },
    )
    clip_global = torch.tensor([[0.0, 0.0, 2.0]])  # points at candidate 2's global text
    clip_parts = {"right_hand": torch.tensor([[3.0, 0.0, 0.0]])}  # at candidate 1's right-hand text
    global_only = text_scores(clip_global, clip_parts, table, ZeroShotConfig(weights={"global": 1}))
    assert global_only.argmax().item() == 2 and global_only[0, 2].item() == pytest.approx(1.0)
    parts_only = text_scores(clip_global, clip_parts, table, ZeroShotConfig(weights={"parts": 1}))
    assert parts_only[0, :2].tolist() == pytest.approx([0.0, 1.0])
    assert torch.isnan(parts_only[0, 2])  # candidate 2 has no part text: no score
    both = text_scores(clip_global, clip_parts, table, ZeroShotConfig(weights={"global": 1, "parts": 1}))
    # candidate 1: (cos_global 0 + cos_part 1) / 2; candidate 2 has only its global term: 1 / 1.
    assert both[0].tolist() == pytest.approx([0.0, 0.5, 1.0])


def test_centring_removes_what_every_candidate_text_shares() -> None:
    # Two candidates whose global texts share a large common part (like descriptions from one template);
    # the clip leans to candidate 1 only in the direction that tells them apart.
    common, a, b = torch.tensor([1.0, 0, 0]), torch.tensor([0, 1.0, 0]), torch.tensor([0, 0, 1.0])
    table = TextTable(
        vectors={
            "global": _unit([(3 * common + a).tolist(), (3 * common + b).tolist()]),
            "face": _unit([[1, 1, 0]] * 2),
        },
        has={"global": torch.tensor([True, True]), "face": torch.tensor([True, False])},
    )
    clip = torch.tensor([[1.0, 0.2, 0.3]])
    config = ZeroShotConfig(weights={"global": 1})
    plain = text_scores(clip, {}, table, config)[0]
    fair = text_scores(clip, {}, centered(table), config)[0]
    # Centred texts: (0, ±1, ∓1)/√2, so the scores are ±(0.2 − 0.3)/(√2 · |clip|).
    d = 0.1 / (2**0.5 * 1.13**0.5)
    assert fair.tolist() == pytest.approx([-d, d], abs=1e-5)
    assert plain[1] - plain[0] < fair[1] - fair[0]  # the shared part no longer drowns the difference
    kept = centered(table)
    assert torch.allclose(kept.vectors["face"], table.vectors["face"])  # one candidate has it: unchanged
    assert torch.allclose(kept.vectors["global"].norm(dim=1), torch.ones(2))


def test_part_weight_is_shared_by_the_trained_parts_else_global_scores() -> None:
    config = ZeroShotConfig()  # the default: parts alone
    assert scored_terms(config, ["left_hand", "right_hand"]) == {"left_hand": 0.5, "right_hand": 0.5}
    # A run that trained no part text (ablation global): its part projections are not in text space.
    assert scored_terms(config, []) == {"global": 1.0}
    both = ZeroShotConfig(weights={"synonyms": 2, "parts": 1})
    assert scored_terms(both, ["face"]) == {"synonyms": 2.0, "face": 1.0}


def test_term_weights_are_parsed_or_refused() -> None:
    assert parse_term_weights("global=1, parts=0.5") == {"global": 1.0, "parts": 0.5}
    for bad, message in (
        ("hands=1", "TERM=WEIGHT"),
        ("global=x", "not a number"),
        ("global=0", "every term"),
    ):
        with pytest.raises(ConfigError, match=message):
            parse_term_weights(bad)


def test_synth_unseen_classes_have_test_clips_only(tmp_path: Path) -> None:
    params = make_params(
        lexicon=DataSettings().lexicon,
        classes=5,
        signers=3,
        repetitions=1,
        min_frames=10,
        max_frames=12,
        workers=1,
        unseen_classes=2,
        seed=3,
    )
    summary = synthesize(params, tmp_path / "zs")
    data = SkeletonDataset(tmp_path / "zs")
    assert len(summary.unseen_classes) == 2 and data.info.extra["unseen_classes"] == summary.unseen_classes
    for s in data.samples:
        assert s.split == "test" or s.class_id not in summary.unseen_classes
    unseen_test = [s for s in data.samples if s.class_id in summary.unseen_classes]
    assert len(unseen_test) == 2 and summary.samples == len(data.samples) == 3 * 3 + 2
    described = [
        json.loads(line)["class_id"] for line in (tmp_path / "zs/descriptions.jsonl").read_text().splitlines()
    ]
    assert sorted(described) == list(range(5))
    with pytest.raises(ConfigError, match="leave none to train on"):
        synthesize(params.model_copy(update={"unseen_classes": 5}), tmp_path / "none")


@pytest.mark.slow
def test_eval_zero_shot_reports_unseen_and_seen_accuracy(tiny: TinyRun) -> None:
    Path("gspgen.toml").write_text(tiny.toml())
    runner = CliRunner()
    args = [
        "eval",
        str(tiny.run),
        "--zero-shot",
        "--descriptions",
        str(tiny.descriptions),
        "--data",
        str(tiny.data),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "zero-shot (2 unseen classes" in result.stdout
    metrics = json.loads((tiny.run / "eval/zeroshot-test/zeroshot.json").read_text())
    data = SkeletonDataset(tiny.data)
    test = [data.samples[i] for i in data.indices("test")]
    unseen = metrics["unseen"]
    assert unseen["classes"] == 2 and unseen["chance_top1"] == 0.5 and unseen["top5"] == 1.0
    assert unseen["clips"] == sum(s.class_id in tiny.unseen for s in test)
    assert sorted(metrics["unseen_glosses"]) == sorted(data.class_gloss[c] for c in tiny.unseen)
    assert 0 <= unseen["top1"] <= 1 and 0 <= metrics["gzsl_harmonic"] <= 1
    # The closed-set baseline is the classifier on the seen test clips, among the trained classes only:
    # the same number the run's saved test scores give.
    scores = dict(
        zip(
            json.loads((tiny.run / "eval/test/samples.json").read_text()),
            np.load(tiny.run / "eval/test/scores.npy"),
            strict=True,
        )
    )
    trained = [c for c in range(8) if c not in tiny.unseen]
    seen = [s for s in test if s.class_id not in tiny.unseen]
    expected = np.mean([trained[int(scores[s.sample_id][trained].argmax())] == s.class_id for s in seen])
    assert metrics["seen_closed_set_top1"] == pytest.approx(expected)
    no_data = runner.invoke(
        app, ["eval", str(tiny.run), "--zero-shot", "--descriptions", str(tiny.descriptions)]
    )
    assert no_data.exit_code != 0 and "--data" in str(no_data.exception)


@pytest.mark.slow
def test_clips_encoded_once_score_any_candidate_subset(tiny: TinyRun) -> None:
    from gspgen.evaluate import encode_clips, zero_shot_eval, zero_shot_metrics

    data = SkeletonDataset(tiny.data)
    config = ZeroShotConfig(center=True)
    clips = encode_clips(
        tiny.run, tiny.descriptions, data, data.indices("test"), config=config, cache_dir=tiny.cache
    )
    whole = zero_shot_metrics(clips, config, split="test", descriptions=tiny.descriptions, where=tiny.data)
    assert whole == zero_shot_eval(
        tiny.run, tiny.descriptions, tiny.data, config=config, cache_dir=tiny.cache
    )
    # Without one unseen class: its clips leave, the other is the only zero-shot candidate.
    dropped = next(k for k, c in enumerate(clips.candidates) if c.class_id == tiny.unseen[0])
    keep = [k for k in range(len(clips.candidates)) if k != dropped]
    part = zero_shot_metrics(
        clips, config, split="test", descriptions=tiny.descriptions, where=tiny.data, keep=keep
    )
    assert part.unseen.classes == 1 and part.unseen.top1 == 1.0
    assert part.unseen_glosses == [data.class_gloss[tiny.unseen[1]]]
    assert part.unseen.clips == sum(data.samples[i].class_id == tiny.unseen[1] for i in data.indices("test"))
    assert part.skipped_clips == whole.skipped_clips + whole.unseen.clips - part.unseen.clips


@pytest.mark.slow
def test_zero_shot_needs_a_class_the_run_never_trained_on(tiny: TinyRun, tmp_path: Path) -> None:
    from gspgen.evaluate import zero_shot_eval

    seen_only = tmp_path / "seen.jsonl"
    lines = tiny.descriptions.read_text().splitlines()
    seen_only.write_text(
        "\n".join(line for line in lines if json.loads(line)["class_id"] not in tiny.unseen) + "\n"
    )
    with pytest.raises(TrainError, match="not trained on"):
        zero_shot_eval(tiny.run, seen_only, tiny.data, cache_dir=tiny.cache)


@pytest.mark.slow
def test_recognize_with_descriptions_ranks_signs_known_only_by_text(tiny: TinyRun) -> None:
    data = SkeletonDataset(tiny.data)
    unseen_clip = next(i for i in data.indices("test") if data.samples[i].class_id in tiny.unseen)
    np.save("clip.npy", np.asarray(data.clip(unseen_clip)))
    Path("gspgen.toml").write_text(tiny.toml())
    runner = CliRunner()

    def ranked(*flags: str) -> list[dict]:
        args = [
            "recognize",
            str(tiny.run),
            "clip.npy",
            "--json",
            "-k",
            "8",
            "--descriptions",
            str(tiny.descriptions),
        ]
        result = runner.invoke(app, [*args, *flags])
        assert result.exit_code == 0, result.output
        line = json.loads(result.stdout.splitlines()[0])
        assert line["mode"] == "open"
        return line["predictions"]

    text_only = ranked("--fuse", "0")
    assert {p["class_id"] for p in text_only if not p["trained"]} == set(tiny.unseen)
    assert sum(p["probability"] for p in text_only) == pytest.approx(1.0)
    fused = ranked("--fuse", "1")  # all weight on the classifier among the trained signs
    assert sum(p["probability"] for p in fused) == pytest.approx(1.0)
    text = {p["class_id"]: p["probability"] for p in text_only}
    mixed = {p["class_id"]: p["probability"] for p in fused}
    trained = [c for c in range(8) if c not in tiny.unseen]
    # New signs keep their text probability; the trained ones share the same total, split by the classifier.
    assert all(mixed[c] == pytest.approx(text[c]) for c in tiny.unseen)
    assert sum(mixed[c] for c in trained) == pytest.approx(sum(text[c] for c in trained))
    recognized: list[ClipResult] = []
    recognize(tiny.run, [Path("clip.npy")], k=8, cache_dir=tiny.cache, on_result=recognized.append)
    classifier = {p.class_id: p.probability for p in recognized[0].predictions}
    share = np.array([classifier[c] for c in trained]) / sum(classifier[c] for c in trained)
    assert np.allclose([mixed[c] / sum(mixed[c] for c in trained) for c in trained], share, atol=1e-5)
    global_only = {
        p["class_id"]: p["probability"] for p in ranked("--fuse", "0", "--term-weights", "global=1")
    }
    all_terms = {p["class_id"]: p["probability"] for p in text_only}
    assert not np.allclose([global_only[c] for c in range(8)], [all_terms[c] for c in range(8)])
    # Cosines lie in [-1, 1]: a calibration of 2 puts every new sign above every trained one.
    calibrated = ranked("--fuse", "0", "--calibration", "2")
    assert {p["class_id"] for p in calibrated[:2]} == set(tiny.unseen)
    bad = runner.invoke(app, ["recognize", str(tiny.run), "clip.npy", "--term-weights", "elbows=1"])
    assert bad.exit_code != 0 and "TERM=WEIGHT" in str(bad.exception)

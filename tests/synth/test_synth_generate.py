"""`gspgen synth` end to end: the dataset it writes, its ground truth, determinism, splits, CLI errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import ConfigError, VocabError
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.synth import (
    DESCRIPTIONS_FILE,
    PHONOLOGY_FILE,
    PhonologyRecord,
    make_params,
    synthesize,
)

REPO = Path(__file__).resolve().parents[2]
LEXICON = REPO / "corpora" / "asl-lex" / "signdata-11-5-20.csv"


@pytest.fixture(scope="module")
def vocab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WLASL-style ids; 'zzqx' is not in ASL-LEX, so the ids of covered glosses have a gap."""
    path = tmp_path_factory.mktemp("vocab") / "classes.txt"
    path.write_text("0\tbook\n1\tzzqx\n2\tdrink\n3\tcomputer\n4\tbefore\n5\tchair\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, vocab: Path) -> Path:
    out = tmp_path_factory.mktemp("synth") / "ds"
    params = make_params(lexicon=LEXICON, vocab=vocab, classes=4, signers=4, repetitions=2, seed=5, workers=1)
    synthesize(params, out)
    return out


def test_writes_a_readable_coco_wholebody_dataset(made: Path) -> None:
    dataset = SkeletonDataset(made)
    assert dataset.info.layout == "coco_wholebody_133" and dataset.info.num_joints == 133
    assert dataset.info.coords == "pixel" and dataset.info.fps == 30.0
    assert [(c.class_id, c.gloss) for c in dataset.info.classes] == [
        (0, "book"), (2, "drink"), (3, "computer"), (4, "before"),
    ]  # fmt: skip
    assert len(dataset) == 4 * 4 * 2
    clip = dataset.clip(5)
    assert clip.shape[1:] == (133, 3) and 40 <= len(clip) <= 120
    assert not (made.with_name("ds.partial")).exists()


def test_splits_are_disjoint_by_signer(made: Path) -> None:
    dataset = SkeletonDataset(made)
    by_split = {
        split: {dataset.samples[i].signer for i in dataset.indices(split)}
        for split in ("train", "val", "test")
    }
    assert all(by_split.values())
    assert not (
        by_split["train"] & by_split["val"]
        or by_split["train"] & by_split["test"]
        or by_split["val"] & by_split["test"]
    )


def test_phonology_jsonl_states_the_ground_truth(made: Path) -> None:
    records = list(read_jsonl(made / PHONOLOGY_FILE, PhonologyRecord))
    assert [r.class_id for r in records] == [0, 2, 3, 4]
    book = records[0]
    assert book.entry_id == "book" and book.morphemes[0].handshape == "open_b"
    assert book.rendered.sign_type == "symmetrical"
    assert set(book.parts) == {"left_hand", "right_hand", "face", "mouth", "body"}
    assert "open B handshape" in book.parts["right_hand"] and "mirrors" in book.parts["left_hand"]
    computer = records[2]
    assert computer.rendered.syllables == ["com", "pu", "ter"] and "com-pu-ter" in computer.parts["mouth"]
    assert all(r.description.startswith("The right hand") for r in records)
    described = list(read_jsonl(made / DESCRIPTIONS_FILE, DescriptionRecord))
    assert [d.class_id for d in described] == [0, 2, 3, 4]
    assert {tag for d in described for p in d.parts for tag in p.parts} == {
        "left_hand", "right_hand", "face", "mouth", "body",
    }  # fmt: skip


def test_same_seed_same_bytes(tmp_path: Path, made: Path, vocab: Path) -> None:
    again = tmp_path / "again"  # in two processes this time: the output must not depend on it
    params = make_params(lexicon=LEXICON, vocab=vocab, classes=4, signers=4, repetitions=2, seed=5, workers=2)
    synthesize(params, again)
    assert (again / "joints.npy").read_bytes() == (made / "joints.npy").read_bytes()
    other = tmp_path / "other"
    synthesize(make_params(lexicon=LEXICON, vocab=vocab, classes=1, signers=3, repetitions=1, seed=6), other)
    first = SkeletonDataset(made).clip(0)
    assert (
        SkeletonDataset(other).clip(0).shape != first.shape or (SkeletonDataset(other).clip(0) != first).any()
    )


def test_without_a_vocabulary_rows_are_classes(tmp_path: Path) -> None:
    summary = synthesize(make_params(lexicon=LEXICON, classes=2, signers=3, repetitions=1), tmp_path / "rows")
    dataset = SkeletonDataset(summary.path)
    assert [c.class_id for c in dataset.info.classes] == [0, 1]
    assert summary.signers == {"train": 1, "val": 1, "test": 1}


def test_bad_requests_are_clear_errors(tmp_path: Path, vocab: Path) -> None:
    with pytest.raises(ConfigError, match="--signers"):
        make_params(lexicon=LEXICON, signers=2)
    with pytest.raises(ConfigError, match="only 5 are covered"):
        synthesize(make_params(lexicon=LEXICON, vocab=vocab, classes=9, signers=3), tmp_path / "x")
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("qqqzz\nxxyyzz\n", encoding="utf-8")
    with pytest.raises(VocabError, match="no gloss"):
        synthesize(make_params(lexicon=LEXICON, vocab=unknown, signers=3), tmp_path / "y")


def test_cli_writes_the_dataset_and_refuses_to_overwrite(tmp_path: Path, vocab: Path) -> None:
    runner = CliRunner()
    args = ["synth", "--limit", "2", "--signers", "3", "--repetitions", "1", "--vocab", str(vocab), "-o", "ds",
            "--frames", "50:60", "--seed", "1"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "wrote 6 clips of 2 classes" in result.output
    dataset = SkeletonDataset(tmp_path / "ds")
    assert all(50 <= s.frames <= 60 for s in dataset.samples)
    assert json.loads((tmp_path / "ds" / "dataset.json").read_text())["extra"]["synth"]["seed"] == 1
    again = runner.invoke(app, args)
    assert again.exit_code != 0 and "already exists" in str(again.exception)
    assert runner.invoke(app, [*args, "--overwrite"]).exit_code == 0


def test_cli_rejects_a_bad_frame_range(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "--limit", "1", "--signers", "3", "-o", "ds", "--frames", "90-40"]
    )
    assert isinstance(result.exception, ConfigError) and "MIN:MAX" in str(result.exception)
    result = CliRunner().invoke(
        app, ["synth", "--limit", "1", "--signers", "3", "-o", "ds", "--frames", "90:40"]
    )
    assert isinstance(result.exception, ConfigError) and "--frames" in str(result.exception)

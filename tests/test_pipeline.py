"""The main job end to end on a tiny configuration: a broken hand-off between stages fails here.

Real components throughout: Chroma + MiniLM ingest, the embedded llama.cpp server with SmolLM2-135M,
the synthetic generator, and two one-epoch training runs of the real model.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rich.console import Console

from gspgen.config import load_settings
from gspgen.jsonio import read_jsonl
from gspgen.lexicon.coding import load_lexicon, match_glosses
from gspgen.pipeline import run_pipeline
from gspgen.records import DescriptionRecord

GLOSSES = 2


def _small_lexicon(full: Path, vocab: Path, out: Path) -> Path:
    """The rows of the first WLASL glosses ASL-LEX covers, plus 30 others as retrieval distractors."""
    glosses = [line.split("\t")[1].strip() for line in vocab.read_text(encoding="utf-8").splitlines()[:40]]
    wanted = {e.row for e in match_glosses(load_lexicon(full), glosses).values()}
    with full.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for i, row in enumerate(reader, start=1) if i in wanted or i % 90 == 0]
        fields = reader.fieldnames or []
    out.parent.mkdir(parents=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return out


@pytest.mark.slow
def test_pipeline_runs_end_to_end_and_reuses_everything(tmp_path: Path, asl_lex_csv: Path) -> None:
    vocab = asl_lex_csv.parents[2] / "vocab" / "wlasl2000_class_list.txt"
    lexicon = _small_lexicon(asl_lex_csv, vocab, tmp_path / "corpus" / "lexicon.csv")
    settings = load_settings(
        {
            "llm": {"embedded_model": "smollm2-135m", "temperature": 0.0},
            "describe": {"synonyms": 2, "retrieve_k": 1},
            "data": {"lexicon": lexicon},
            "train": {
                "epochs": 1,
                "warmup_epochs": 0,
                "lr_steps": [],
                "base_channels": 8,
                "frames": 16,
                "batch_size": 2,
            },
            "pipeline": {
                "corpus": lexicon.parent,
                "vocab": vocab,
                "glosses": GLOSSES,
                "signers": 3,
                "repetitions": 1,
            },
        }
    )
    console = Console(record=True, width=120)

    first = run_pipeline(settings, console)

    records = list(read_jsonl(first.descriptions, DescriptionRecord))
    # SmolLM2-135M is a plumbing model: a gloss it keeps answering badly is recorded as failed, not fatal.
    assert first.classes == GLOSSES and first.described + first.failed_glosses == GLOSSES
    assert first.described >= 1 and len(records) == first.described
    assert all(r.evidence for r in records), "descriptions must carry the dictionary evidence they used"
    assert {r.name for r in first.runs} == {"gsp-mc", "ce-only"}
    for run in first.runs:
        assert 0.0 <= run.top1 <= run.top5 <= 1.0
        assert (run.run_dir / "metrics.json").exists() and (run.run_dir / "curves.png").exists()
    gsp = json.loads((first.workdir / "runs" / "gsp-mc" / "run.json").read_text())
    ce = json.loads((first.workdir / "runs" / "ce-only" / "run.json").read_text())
    assert gsp["classes_with_texts"] == len(records) and ce["classes_with_texts"] == 0
    assert "gsp-mc" in (first.workdir / "report.md").read_text()
    # CPU time per stage: describe's counts the llama.cpp server it started and stopped
    cpu = {s.stage.split(" ", 2)[1]: s.cpu_s for s in first.stages}
    assert all(c is not None and c >= 0 for c in cpu.values()) and (cpu["describe"] or 0) > 0
    # The text-target figures beside the accuracy table: only the run trained with texts has them.
    by_name = {r.name: r for r in first.runs}
    assert by_name["gsp-mc"].text_mass is not None and 0 < by_name["gsp-mc"].text_mass <= 1
    assert by_name["ce-only"].text_mass is None
    assert "text targets (whiten" in (first.workdir / "report.md").read_text()
    assert "text targets" in console.export_text()

    second = run_pipeline(settings, console)

    assert all(stage.reused for stage in second.stages), [s for s in second.stages if not s.reused]
    assert [r.top1 for r in second.runs] == [r.top1 for r in first.runs]

"""What the training benchmarks (bench/train.py, effect.py, zeroshot.py) share: the speed-bound model,
the lexicon synth data, ground-truth description records, a logged training run and a results header.

Not a benchmark itself (bench/run_all runs only the stages it names). Imports of gspgen stay inside the
functions, as in the scripts: the scripts put src/ on sys.path before they import this module.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gspgen.config import TrainSettings
    from gspgen.describe.records import PartSegment
    from gspgen.train.rundir import Metrics

# Speed-bound choice for 2 heavily shared cores (load ≈ 12 while this was written): SAM-SLR's 27 joints
# (CTR-GC's cost grows with V²: 87 joints measured ~12x slower here), the GAP/CTR-GCN layout at 8 base
# channels and 16 frames, batch 16, one torch thread per run, runs side by side, data prepared
# in-process (no worker processes competing for the cores).
RUN = {
    "keypoints": "sam27",
    "base_channels": 8,
    "frames": 16,
    "batch_size": 16,
    "lr": 0.03,
    "threads": 1,
    "num_workers": 0,
}
# The generator's body parts in the order a whole-sign recombination reads them.
PART_ORDER = ("right_hand", "left_hand", "mouth", "face", "body")


def lexicon_synth(
    work: Path, name: str, classes: int, signers: int, repetitions: int, unseen_classes: int = 0
) -> Path:
    """`gspgen synth` of the bundled ASL-LEX's first ``classes`` glosses into WORK/NAME (reused if there)."""
    from gspgen.config import DataSettings
    from gspgen.corpus.lexicon import load_lexicon
    from gspgen.skeleton.synth import make_params, synthesize

    out = work / name
    if out.exists():
        return out
    lexicon = DataSettings().lexicon
    # Lexicon row 33 ("again") renders NaN coordinates in today's generator: leave it out of the vocabulary.
    glosses = [e.gloss for i, e in enumerate(load_lexicon(lexicon)[: classes + 1]) if i != 33][:classes]
    vocab = work / "vocab.txt"
    vocab.write_text("\n".join(glosses) + "\n", encoding="utf-8")
    params = make_params(
        lexicon=lexicon,
        vocab=vocab,
        classes=classes,
        signers=signers,
        repetitions=repetitions,
        seed=0,
        min_frames=40,
        max_frames=80,
        unseen_classes=unseen_classes,
    )
    synthesize(params, out)
    return out


def ground_truth_descriptions(
    data: Path, out: Path, texts: Callable[[dict[str, Any]], tuple[list[str], list[PartSegment]]]
) -> Path:
    """DescriptionRecords from the generator's ground truth (DATA/phonology.jsonl): T_g = the class
    description; ``texts`` makes each class's synonyms and part segments from its phonology record (the
    generator writes no paraphrases, so each benchmark recombines the same sentences its own way)."""
    from gspgen.describe.records import DescriptionRecord, Generation
    from gspgen.jsonio import atomic_write_text

    now = datetime.now(UTC)
    lines = []
    for line in (data / "phonology.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        synonyms, parts = texts(rec)
        record = DescriptionRecord(
            class_id=rec["class_id"],
            glosses=[rec["gloss"]],
            language=rec["language"],
            primary_description=rec["description"],
            global_descriptions=[rec["description"]],
            synonyms=[s for s in synonyms if s],
            parts=parts,
            generation=Generation(
                model="synth ground truth (bench)",
                endpoint_kind="other",
                retrieval=False,
                steps={},
                started_at=now,
                finished_at=now,
            ),
        )
        lines.append(record.model_dump_json())
    atomic_write_text(out, "\n".join(lines) + "\n")
    return out


def recombined_texts(rec: dict[str, Any]) -> tuple[list[str], list[PartSegment]]:
    """bench/train.py's and zeroshot.py's oracle texts: T_s = three recombinations of the ground-truth
    sentences (all parts in order / sentences reversed / the hands only); T_p = each part's whole text."""
    from gspgen.describe.records import PartSegment

    parts = {k: v for k, v in rec["parts"].items() if v}
    sentences = [s.strip() + "." for s in rec["description"].split(". ") if s.strip()]
    synonyms = [
        " ".join(parts[p] for p in PART_ORDER if p in parts),
        " ".join(reversed(sentences)),
        " ".join(parts[p] for p in ("right_hand", "left_hand") if p in parts),
    ]
    return synonyms, [PartSegment(text=t, parts=[p]) for p, t in parts.items()]  # type: ignore[list-item]


def settings(work: Path, **fields: object) -> TrainSettings:
    """The speed-bound model (RUN) with a run's own fields; one text cache per benchmark work folder."""
    from gspgen.config import TrainSettings

    return TrainSettings(text_cache_dir=work / "text-cache", **(RUN | fields))  # type: ignore[arg-type]


def train_logged(data: Path, run: Path, settings: TrainSettings, descriptions: Path | None) -> Metrics | None:
    """`gspgen train` into RUN with its console written to RUN.log beside it (runs go side by side)."""
    from rich.console import Console

    from gspgen.train import train

    with (run.parent / f"{run.name}.log").open("w") as log:
        return train(data, run, settings, descriptions=descriptions, console=Console(file=log, width=120))


def split_counts(data: Path) -> dict[str, int]:
    """Clips per split of a synth dataset, in the order its samples.jsonl first names each split."""
    counts: dict[str, int] = {}
    for line in (data / "samples.jsonl").read_text().splitlines():
        split = json.loads(line)["split"]
        counts[split] = counts.get(split, 0) + 1
    return counts


def provenance(command: str) -> dict[str, str]:
    """The head of every results JSON: the command, when, and on what."""
    return {
        "command": command,
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} shared CPU cores, torch CPU",
    }

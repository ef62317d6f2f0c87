"""What the training benchmarks (bench/train.py, effect.py, zeroshot.py) share: the speed-bound model,
the lexicon synth data, ground-truth description records, a logged training run and a results header.

Not a benchmark itself (bench/run_all runs only the stages it names). Imports of gspgen stay inside the
functions, as in the scripts: the scripts put src/ on sys.path before they import this module.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gspgen.config import TrainSettings
    from gspgen.records import PartSegment
    from gspgen.synth import PhonologyRecord
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
RESULTS = Path(__file__).resolve().parent / "results"
# The generator's body parts in the order a whole-sign recombination reads them.
PART_ORDER = ("right_hand", "left_hand", "mouth", "face", "body")


def synth(out: Path, **params: object) -> Path:
    """`gspgen synth` of the bundled ASL-LEX into OUT (reused if there): seed 0, clips of 40-80 frames."""
    from gspgen.config import DataSettings
    from gspgen.synth import make_params, synthesize

    if not out.exists():
        defaults = {"lexicon": DataSettings().lexicon, "seed": 0, "min_frames": 40, "max_frames": 80}
        synthesize(make_params(**(defaults | params)), out)
    return out


def lexicon_synth(
    work: Path,
    name: str,
    classes: int,
    signers: int,
    repetitions: int,
    unseen_classes: int = 0,
    seed: int = 0,
) -> Path:
    """The bundled ASL-LEX's first ``classes`` glosses, synthesised into WORK/NAME (reused if there)."""
    from gspgen.config import DataSettings
    from gspgen.lexicon.coding import load_lexicon

    out = work / name
    if out.exists():
        return out
    # Lexicon row 33 ("again") renders NaN coordinates in today's generator: leave it out of the vocabulary.
    entries = load_lexicon(DataSettings().lexicon)[: classes + 1]
    glosses = [e.gloss for i, e in enumerate(entries) if i != 33][:classes]
    vocab = work / "vocab.txt"
    vocab.write_text("\n".join(glosses) + "\n", encoding="utf-8")
    params = {"classes": classes, "signers": signers, "repetitions": repetitions}
    return synth(out, vocab=vocab, unseen_classes=unseen_classes, seed=seed, **params)


def ground_truth_descriptions(
    data: Path, out: Path, texts: Callable[[PhonologyRecord], tuple[list[str], list[PartSegment]]]
) -> Path:
    """The generator's own description records (T_g = the class description) with synonyms and part
    segments that ``texts`` makes from each class's ground truth (DATA/phonology.jsonl): the generator
    writes no paraphrases, so each benchmark recombines the same sentences its own way."""
    from gspgen.jsonio import atomic_write_text
    from gspgen.synth import PhonologyRecord, description_record

    now = datetime.now(UTC)
    lines = []
    for line in (data / "phonology.jsonl").read_text(encoding="utf-8").splitlines():
        phonology = PhonologyRecord.model_validate_json(line)
        synonyms, parts = texts(phonology)
        record = description_record(phonology, now)
        generation = record.generation.model_copy(update={"model": "synth ground truth (bench)"})
        update = {"synonyms": [s for s in synonyms if s], "parts": parts, "generation": generation}
        lines.append(record.model_copy(update=update).model_dump_json())
    atomic_write_text(out, "\n".join(lines) + "\n")
    return out


def recombined_texts(rec: PhonologyRecord) -> tuple[list[str], list[PartSegment]]:
    """bench/train.py's and zeroshot.py's oracle texts: T_s = three recombinations of the ground-truth
    sentences (all parts in order / sentences reversed / the hands only); T_p = each part's whole text."""
    from gspgen.records import PartSegment

    parts = {k: v for k, v in rec.parts.items() if v}
    sentences = [s.strip() + "." for s in rec.description.split(". ") if s.strip()]
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


def train_logged(
    data: Path, run: Path, settings: TrainSettings, descriptions: Path | None, resume: bool = False
) -> Metrics | None:
    """`gspgen train` (or its resume) into RUN with its console written (appended) to RUN.log beside it:
    runs go side by side."""
    from rich.console import Console

    from gspgen.train import train

    with (run.parent / f"{run.name}.log").open("a" if resume else "w") as log:
        console = Console(file=log, width=120)
        return train(data, run, settings, descriptions=descriptions, resume=resume, console=console)


def split_counts(data: Path) -> dict[str, int]:
    """Clips per split of a synth dataset, in the order its samples.jsonl first names each split."""
    counts: dict[str, int] = {}
    for line in (data / "samples.jsonl").read_text().splitlines():
        split = json.loads(line)["split"]
        counts[split] = counts.get(split, 0) + 1
    return counts


def save_results(name: str, results: dict[str, Any], report: Callable[[dict[str, Any], Path], None]) -> Path:
    """RESULTS/NAME.json and the report written from it, RESULTS/NAME.md (returned)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    report(results, RESULTS / f"{name}.md")
    return RESULTS / f"{name}.md"


def provenance(command: str) -> dict[str, str]:
    """The head of every results JSON: the command, when, and on what."""
    return {
        "command": command,
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} shared CPU cores, torch CPU",
    }


def t_interval(values: list[float]) -> tuple[float, float, float]:
    """Mean and Student-t 95 % interval over seeds (NaN bounds with one seed)."""
    import numpy
    from scipy import stats

    x = numpy.asarray(values, dtype=float)
    mean = float(x.mean())
    if len(x) < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x)))
    return mean, mean - half, mean + half

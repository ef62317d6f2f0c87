"""bench/effect: does text supervision change test top-1? A paired benchmark with confidence intervals.

    .venv/bin/python bench/effect.py                       # the protocol: 5 seeds, trained to a plateau
    .venv/bin/python bench/effect.py --seeds 0,1,2         # fewer seeds: wider intervals
    .venv/bin/python bench/effect.py --quick               # 1 seed, few epochs, 3 runs: plumbing check
    .venv/bin/python bench/effect.py ARGS --report-only    # rewrite the report from the runs ARGS finished

Paired: every arm of one seed starts from the same weights (same architecture, seed_everything(seed)),
sees the same clips in the same order with the same augmentation draws (all seeded by (seed, epoch,
sample)), and is scored on the same test clips. Only the text supervision differs, so per test clip the
difference "arm correct − CE correct" isolates the arm's effect from the clip's difficulty. Reported: the
mean paired difference over clips and seeds with a 95 % percentile bootstrap interval (resampling seeds
and test clips), per arm and regime.

Trained to a validation plateau (`train.patience`): lr ×0.1 after PATIENCE epochs without a new best
validation top-1 (--cuts times), then stop after PATIENCE more; test top-1 of the best-validation
weights. Runs stopped by their epoch ceiling instead are counted in the report.

Data: `gspgen synth` of the first 20 WLASL classes (the main job's vocabulary), 40 signers split by
signer (28 / 6 / 6), 4 repetitions each. Training: 8 of the training signers × 2 repetitions (full) or
2 × 4 (low data); validation: the 6 validation signers' first 2 repetitions (240 clips); test: the 6
test signers, all 4 (480 clips). Texts:
- oracle: the generator's ground truth (T_g = class description, T_p = each part's sentences as
  segments, T_s = recombinations of the same sentences), so they describe exactly what the clips show;
- generated: outputs/faithful20.jsonl, `describe.mode = "faithful"` (today's default);
- paper: outputs/pipeline20.jsonl, the paper's chain (`describe.mode = "paper"`, grounded);
- ungrounded: outputs/wlasl20.ungrounded.jsonl, the paper chain without retrieval (Table 4 "raw LLM").
Writes bench/results/train.md, train.json (+ effect.png); results are rewritten after every finished run
and finished runs are reused, so a stopped benchmark resumes and still reports what finished.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from gspgen.records import PartSegment
    from gspgen.synth import PhonologyRecord

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import (  # noqa: E402  (bench/ on the path first)
    PART_ORDER,
    RESULTS,
    RUN,
    ground_truth_descriptions,
    provenance,
    save_results,
    settings,
    synth,
    t_interval,
    train_logged,
)

TEXTS = {
    "generated": ROOT / "outputs" / "faithful20.jsonl",
    "paper": ROOT / "outputs" / "pipeline20.jsonl",
    "ungrounded": ROOT / "outputs" / "wlasl20.ungrounded.jsonl",
}
LR = 0.03  # RUN's: 0.1 was slower and noisier to its plateau in the probe (bench/results/train.md)


@dataclass(frozen=True)
class Arm:
    """One training configuration: the ablation's terms and which texts (part texts: the default)."""

    name: str
    ablation: str
    texts: str | None  # None = CE only; else "oracle", "generated", "paper" or "ungrounded"


ARMS = {
    a.name: a
    for a in (
        Arm("ce", "ce", None),
        Arm("global", "global", "oracle"),
        Arm("synonyms", "synonyms", "oracle"),
        Arm("parts", "parts", "oracle"),
        Arm("all", "all", "oracle"),
        Arm("all-generated", "all", "generated"),
        Arm("all-paper", "all", "paper"),
        Arm("all-ungrounded", "all", "ungrounded"),
    )
}
# Most informative first: a benchmark stopped early still has the main comparisons.
FULL_ORDER = ["ce", "all", "all-generated", "all-paper", "all-ungrounded", "global", "synonyms", "parts"]
LOW_ORDER = ["ce", "all", "all-generated", "all-paper", "all-ungrounded"]
CORE = ("ce", "all", "all-generated", "all-paper")


# --- data ----------------------------------------------------------------------------------------------


def make_data(work: Path) -> Path:
    """The main job's 20 WLASL classes, synthesised; class ids = WLASL ids (the text files use them)."""
    from gspgen.config import DataSettings, bundled_path
    from gspgen.lexicon.coding import load_lexicon
    from gspgen.synth import select_classes

    out = work / "synth20x40"
    if out.exists():
        return out
    lexicon = DataSettings().lexicon
    chosen = select_classes(load_lexicon(lexicon), bundled_path("vocab") / "wlasl2000_class_list.txt", 20)
    vocab = work / "vocab.tsv"
    vocab.write_text("class_id\tgloss\n" + "".join(f"{c}\t{g}\n" for c, g, _ in chosen), encoding="utf-8")
    return synth(out, vocab=vocab, classes=20, signers=40, repetitions=4, workers=1)


def subset(full: Path, out: Path, train_signers: int, train_repetitions: int, val_repetitions: int) -> Path:
    """The same dataset with only the first ``train_signers`` training signers and their first
    ``train_repetitions`` repetitions, and the validation clips' first ``val_repetitions`` repetitions
    (synth ids end in _r<k>); test clips unchanged."""
    from gspgen.skeleton.dataset import DatasetWriter, SkeletonDataset

    if out.exists():
        return out
    data = SkeletonDataset(full)
    kept = sorted({s.signer for s in data.samples if s.split == "train"})[:train_signers]
    train_reps = tuple(f"_r{k}" for k in range(train_repetitions))
    val_reps = tuple(f"_r{k}" for k in range(val_repetitions))

    def keep(s: object) -> bool:
        split, signer, sample_id = s.split, s.signer, s.sample_id  # type: ignore[attr-defined]
        if split == "train":
            return signer in kept and sample_id.endswith(train_reps)
        return split == "test" or sample_id.endswith(val_reps)

    with DatasetWriter(out, data.info.model_copy(update={"name": out.name})) as writer:
        for s in filter(keep, data.samples):
            writer.add(
                np.asarray(data.clip(s.index)),
                sample_id=s.sample_id,
                class_id=s.class_id,
                signer=s.signer,
                split=s.split,
                source=s.source,
            )
    return out


def segmented_texts(rec: PhonologyRecord) -> tuple[list[str], list[PartSegment]]:
    """Ground-truth texts; each part's sentences are separate segments (so join ≠ segments)."""
    from gspgen.records import PartSegment

    parts = {k: v for k, v in rec.parts.items() if v}
    sentences = [s.strip().rstrip(".") + "." for s in rec.description.split(". ") if s.strip()]
    synonyms = [
        " ".join(parts[p] for p in PART_ORDER if p in parts),
        " ".join(reversed(sentences)),
        " ".join(parts[p] for p in ("right_hand", "left_hand") if p in parts),
    ]
    segments = [
        PartSegment(text=s.strip().rstrip(".") + ".", parts=[p])  # type: ignore[list-item]
        for p, text in parts.items()
        for s in text.split(". ")
        if s.strip()
    ]
    return synonyms, segments


# --- runs ----------------------------------------------------------------------------------------------


def one_run(job: dict[str, Any]) -> dict[str, Any]:
    """One training run in its own process (console → RUN.log); a finished run is reused, an interrupted
    one resumed from its last epoch (its cost then counts only this invocation's part)."""
    run, arm = Path(str(job["run"])), ARMS[str(job["arm"])]
    test = run / "eval" / "test"
    if not (test / "scores.npy").exists():
        resumed = len(json.loads((run / "history.json").read_text())) if (run / "last.pt").exists() else 0
        if not resumed:
            shutil.rmtree(run, ignore_errors=True)
            run.mkdir(parents=True)
        s = settings(
            Path(str(job["work"])),
            ablation=arm.ablation,
            seed=job["seed"],
            epochs=job["max_epochs"],
            warmup_epochs=1,
            lr=LR,
            patience=job["patience"],
            plateau_cuts=job["cuts"],
        )
        started, cpu = time.perf_counter(), time.process_time()
        texts = None if arm.texts is None else Path(str(job["texts"]))
        train_logged(Path(str(job["data"])), run, s, texts, resume=bool(resumed))
        cost = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}
        cost |= {"resumed_after_epoch": resumed}
        (run / "cost.json").write_text(json.dumps(cost | {"load_end": os.getloadavg()[0]}) + "\n")
    records = json.loads((run / "history.json").read_text())
    summary = json.loads((run / "metrics.json").read_text())["training"]
    return job | {
        "scores_argmax": np.load(test / "scores.npy").argmax(1).tolist(),
        "labels": np.load(test / "labels.npy").tolist(),
        "val_curve": [r.get("val_top1") for r in records],
        "epochs_run": summary["epochs"],
        "best_epoch": summary["best_epoch"],
        "stopped_early": summary.get("stopped_early", False),
        **json.loads((run / "cost.json").read_text()),
    }


# --- statistics ----------------------------------------------------------------------------------------


def paired(
    correct: dict[int, np.ndarray], base: dict[int, np.ndarray], rng: np.random.Generator, draws: int = 5000
) -> dict[str, float]:
    """Mean of (arm − CE) correctness over seeds × clips and its 95 % bootstrap interval.

    Each draw resamples seeds with replacement and, independently, test clips with replacement (the test
    clips are the same for every seed), so both sources of variation widen the interval.
    """
    seeds = sorted(set(correct) & set(base))
    diff = np.stack([correct[s].astype(float) - base[s].astype(float) for s in seeds])  # (S, N)
    s_count, n_clips = diff.shape
    stats = np.empty(draws)
    for b in range(draws):
        rows = rng.integers(0, s_count, s_count)
        cols = rng.integers(0, n_clips, n_clips)
        stats[b] = diff[np.ix_(rows, cols)].mean()
    low, high = np.percentile(stats, [2.5, 97.5])
    per_seed = diff.mean(axis=1)
    _, t_low, t_high = t_interval(per_seed.tolist())
    return {
        "diff": float(diff.mean()),
        "low": float(low),
        "high": float(high),
        "t_low": t_low,  # Student-t 95 % over the seeds' paired Δ (seeds as the unit; NaN with one seed)
        "t_high": t_high,
        "clips": n_clips,
        "diff_per_seed": per_seed.tolist(),
    }


def summarise(done: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per regime and arm: mean top-1, epochs, and the paired difference against CE of the same seeds."""
    rng = np.random.default_rng(0)
    rows = []
    for regime in ("full", "low"):
        runs = [r for r in done if r["regime"] == regime]
        correct: dict[str, dict[int, np.ndarray]] = {}
        for r in runs:
            hit = np.array(r["scores_argmax"]) == np.array(r["labels"])
            correct.setdefault(str(r["arm"]), {})[int(r["seed"])] = hit
        labels = {tuple(r["labels"]) for r in runs}
        assert len(labels) <= 1, "arms were scored on different test clips: not paired"
        for arm in FULL_ORDER:
            if arm not in correct:
                continue
            mine = [r for r in runs if r["arm"] == arm]
            top1 = [float(correct[arm][s].mean()) for s in sorted(correct[arm])]
            row: dict[str, Any] = {
                "regime": regime,
                "arm": arm,
                "texts": ARMS[arm].texts or "—",
                "seeds": sorted(correct[arm]),
                "top1": float(np.mean(top1)),
                "top1_per_seed": top1,
                "epochs_run": [r["epochs_run"] for r in sorted(mine, key=lambda r: int(r["seed"]))],
                "at_ceiling": sum(not r["stopped_early"] for r in mine),
            }
            if arm != "ce" and "ce" in correct and set(correct[arm]) & set(correct["ce"]):
                row |= paired(correct[arm], correct["ce"], rng)
            rows.append(row)
    return rows


# --- report --------------------------------------------------------------------------------------------


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [r for r in rows if "diff" in r]
    if not shown:
        return
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(shown) + 1.2))
    y = np.arange(len(shown))[::-1]
    colours = {"full": "tab:blue", "low": "tab:orange"}
    for yi, r in zip(y, shown, strict=True):
        d, lo, hi = (100 * float(r[k]) for k in ("diff", "low", "high"))
        ax.errorbar(d, yi, xerr=[[d - lo], [hi - d]], fmt="o", color=colours[str(r["regime"])], capsize=3)
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y, [f"{r['arm']} ({r['regime']})" for r in shown])
    ax.set_xlabel("Δ test top-1 vs CE, points\n(mean over seeds × test clips; 95 % bootstrap CI)")
    ax.set_title("Paired effect of text supervision (synthetic 20-class set)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def report(results: dict[str, Any], path: Path) -> None:
    rows = results["rows"]
    cost = results["cost"]
    lines = [
        "## train: the paired effect of text supervision (bench/effect.py)"
        + (f", with the run defaults {results['defaults']}" if results.get("previous") else ""),
        "",
        f"`{results['command']}` — {results['date']}, {results['machine']}; {results['minutes']:.0f} min wall "
        f"for this invocation; {results['finished']} of {results['planned']} planned runs finished"
        + (f" ({results['note']})" if results.get("note") else "")
        + f". Cost of the finished runs: {cost['cpu_min']:.0f} CPU-min ({cost['wall_min']:.0f} run-min of "
        f"wall time, 2 side by side); 1-min load average at their ends {cost['load_min']:.1f}–"
        f"{cost['load_max']:.1f} (median {cost['load_median']:.1f}) on the 2 cores"
        + (
            f"; {cost['resumed']} run(s) resumed after a restart count only the part after it."
            if cost.get("resumed")
            else "."
        ),
        "",
        f"Data: `gspgen synth` of the main job's 20 WLASL classes, {results['data']}. Model: "
        f"`{json.dumps(RUN)}`, lr {LR}, warm-up 1 epoch, **trained to a validation plateau**: lr ×0.1 after "
        f"{results['patience']} epochs without a new best validation top-1 ({results['low_patience']} in "
        f"the low-data regime), {results['cuts']} time(s), then stop after as many more (ceiling "
        f"{results['max_epochs']} / {results['low_max_epochs']} epochs); test top-1 of the best-validation "
        "weights. **Paired**: within a seed every arm has the same initial weights, data order, augmentation "
        "draws and test clips; Δ = mean over seeds × test clips of (arm correct − CE correct), 95 % CI = "
        "percentile bootstrap resampling seeds and clips (5,000 draws).",
        "",
        "| regime | arm | texts | seeds | test top-1 (mean) | per seed | epochs run | Δ vs CE (points) "
        "| Δ per seed | 95 % CI | 95 % t over seeds |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        one_seed = "diff" in r and len(r["diff_per_seed"]) < 2
        delta = (
            f"**{100 * r['diff']:+.1f}**" if "diff" in r and not one_seed and (r["low"] > 0 or r["high"] < 0) else
            f"{100 * r['diff']:+.1f}" if "diff" in r else "—"
        )  # fmt: skip
        ci = (
            f"[{100 * r['low']:+.1f}, {100 * r['high']:+.1f}]" + (" †" if one_seed else "")
            if "diff" in r
            else "—"
        )
        t = f"[{100 * r['t_low']:+.1f}, {100 * r['t_high']:+.1f}]" if "t_low" in r and not one_seed else "—"
        per_seed = ", ".join(f"{100 * v:.1f}" for v in r["top1_per_seed"])
        per_seed_delta = ", ".join(f"{100 * v:+.1f}" for v in r["diff_per_seed"]) if "diff" in r else "—"
        epochs = ", ".join(map(str, r["epochs_run"])) + (
            f" ({r['at_ceiling']} at ceiling)" if r["at_ceiling"] else ""
        )
        lines.append(
            f"| {r['regime']} | {r['arm']} | {r['texts']} | {len(r['seeds'])} | {100 * r['top1']:.1f} | "
            f"{per_seed} | {epochs} | {delta} | {per_seed_delta} | {ci} | {t} |"
        )
    lines += [
        "",
        "Bold Δ: the interval excludes 0 (only with ≥ 2 seeds). † one seed: the interval resamples test clips "
        "only, so it leaves out the seed-to-seed variation. Training signers × repetitions: full "
        f"{' × '.join(map(str, results['shapes']['full']))}, low {' × '.join(map(str, results['shapes']['low']))} "
        "(validation: 6 signers × 2 repetitions; test: 6 signers × 4). Texts cover: oracle 20/20 classes, "
        + ", ".join(f"{k} {v}/20" for k, v in results["coverage"].items())
        + " (classes without a record train with CE only).",
        "",
        f"![paired effects](../bench/results/{results.get('png', 'effect.png')})",  # relative to docs/benchmarks.md
        "",
    ]
    lines += _side_by_side(results)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _side_by_side(results: dict[str, Any]) -> list[str]:
    """This run's rows beside an earlier run's (``--compare``): the same regimes and arms, other defaults."""
    previous = results.get("previous")
    if not previous:
        return []
    before = {(r["regime"], r["arm"]): r for r in previous["rows"]}
    lines = [
        f"### Side by side with `{previous['command']}` ({previous['date']}; its run defaults: "
        f"{previous.get('defaults', 'the paper text side')})",
        "",
        "| regime | arm | top-1 before | top-1 now | Δ vs CE before [CI] | Δ vs CE now [CI] |",
        "|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        b = before.get((r["regime"], r["arm"]))
        if b is None:
            continue

        def delta(x: dict[str, Any]) -> str:
            if "diff" not in x:
                return "—"
            return f"{100 * x['diff']:+.1f} [{100 * x['low']:+.1f}, {100 * x['high']:+.1f}]"

        lines.append(
            f"| {r['regime']} | {r['arm']} | {100 * b['top1']:.1f} | {100 * r['top1']:.1f} | {delta(b)} | {delta(r)} |"
        )
    return [*lines, ""]


def costs(done: list[dict[str, Any]]) -> dict[str, float]:
    """CPU and wall time the finished runs took (whichever invocation ran them) and the load at their ends."""
    loads = [float(r["load_end"]) for r in done] or [0.0]
    return {
        "cpu_min": sum(float(r["cpu_s"]) for r in done) / 60,
        "wall_min": sum(float(r["wall_s"]) for r in done) / 60,
        "load_min": min(loads),
        "load_max": max(loads),
        "load_median": float(np.median(loads)),
        "resumed": sum(bool(r.get("resumed_after_epoch")) for r in done),
    }


def coverage(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/gspgen-bench-effect"))
    parser.add_argument("--patience", type=int, default=3, help="epochs without a new best val top-1")
    parser.add_argument("--low-patience", type=int, default=4, help="low-data regime (2x fewer steps/epoch)")
    parser.add_argument("--cuts", type=int, default=1, help="lr cuts (x0.1) on plateaus before the stop")
    parser.add_argument("--max-epochs", type=int, default=50, help="ceiling (a plateau ends a run first)")
    parser.add_argument("--low-max-epochs", type=int, default=80)
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--arms", default=",".join(FULL_ORDER), help="full-regime arms, in run order")
    parser.add_argument("--low-arms", default=",".join(LOW_ORDER), help="low-data arms ('' = none)")
    parser.add_argument("--train-signers", type=int, default=8)
    parser.add_argument("--train-repetitions", type=int, default=2, help="of the 4 synthesised (speed)")
    parser.add_argument("--low-signers", type=int, default=2)
    parser.add_argument("--low-repetitions", type=int, default=4)
    parser.add_argument(
        "--note", default="", help="a line for the report (e.g. why a configuration is reduced)"
    )
    parser.add_argument("--quick", action="store_true", help="1 seed, 1 epoch, 3 runs: plumbing check")
    parser.add_argument("--name", default="train", help="results file stem (bench/results/NAME.md/.json)")
    parser.add_argument("--compare", default="", help="an earlier results stem to put beside this one")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite the report from the runs the same arguments finished; train nothing",
    )
    args = parser.parse_args()
    if args.quick:
        args.max_epochs, args.low_max_epochs, args.patience, args.low_patience = 2, 2, 1, 1
        args.seeds, args.arms, args.low_arms = "0", "ce,all", "ce"
    seeds = [int(s) for s in args.seeds.split(",")]
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    full = make_data(args.work)
    shapes = {
        "full": (args.train_signers, args.train_repetitions),
        "low": (args.low_signers, args.low_repetitions),
    }
    data = {
        regime: subset(full, args.work / f"synth20-train{n}x{reps}", n, reps, 2)
        for regime, (n, reps) in shapes.items()
        if regime == "full" or args.low_arms
    }
    oracle = args.work / "oracle.jsonl"  # made once: its sha256 is part of every oracle run's hash (resume)
    texts = {
        "oracle": oracle if oracle.exists() else ground_truth_descriptions(full, oracle, segmented_texts)
    }
    texts |= TEXTS
    jobs = []
    for seed in seeds:
        for regime, arms in (("full", args.arms), ("low", args.low_arms)):
            for arm in filter(None, arms.split(",")):
                if regime not in data:
                    continue
                source = ARMS[arm].texts
                patience = args.patience if regime == "full" else args.low_patience
                ceiling = args.max_epochs if regime == "full" else args.low_max_epochs
                tag = f"p{patience}c{args.cuts}-e{ceiling}-lr{LR}"
                jobs.append(
                    {
                        "regime": regime,
                        "arm": arm,
                        "seed": seed,
                        "patience": patience,
                        "max_epochs": ceiling,
                        "cuts": args.cuts,
                        "work": str(args.work),
                        "data": str(data[regime]),
                        "texts": str(texts[source]) if source else None,
                        "run": str(args.work / "runs" / f"{data[regime].name}-{arm}-s{seed}-{tag}"),
                    }
                )
    # Seed by seed, each arm in both regimes (CE first: every paired Δ needs it): first CE and "all" with
    # oracle, generated and paper-chain texts (issue 13's comparison), then the other arms, so a benchmark
    # stopped early has the main comparisons over as many seeds as possible.
    jobs.sort(key=lambda j: (j["arm"] not in CORE, j["seed"], FULL_ORDER.index(str(j["arm"])), j["regime"]))
    planned = len(jobs)
    from gspgen.skeleton.dataset import SkeletonDataset
    from gspgen.train.run_config import NEW_RUN_DEFAULTS

    png = RESULTS / ("effect.png" if args.name == "train" else f"{args.name}.png")
    counts = {regime: SkeletonDataset(path).summary()["per_split"] for regime, path in data.items()}
    done: list[dict[str, Any]] = []
    RESULTS.mkdir(parents=True, exist_ok=True)

    def write() -> None:
        rows = summarise(done)
        results = {
            **provenance("bench/effect.py " + shlex.join(a for a in sys.argv[1:] if a != "--report-only")),
            "data": f"40 signers split by signer (28 / 6 / 6); clips per split {counts}",
            "patience": args.patience,
            "low_patience": args.low_patience,
            "max_epochs": args.max_epochs,
            "low_max_epochs": args.low_max_epochs,
            "seeds": seeds,
            "planned": planned,
            "finished": len(done),
            "note": args.note,
            "cuts": args.cuts,
            "shapes": shapes,
            "minutes": (time.perf_counter() - started) / 60,
            "cost": costs(done),
            "coverage": {k: coverage(v) for k, v in TEXTS.items()},
            "rows": rows,
            "runs": [{k: v for k, v in r.items() if k not in ("scores_argmax", "labels")} for r in done],
            "arms": {k: asdict(v) for k, v in ARMS.items()},
            "defaults": ", ".join(f"{k} = {v}" for k, v in NEW_RUN_DEFAULTS.items()),
            "png": png.name,
        }
        if args.compare:
            results["previous"] = json.loads((RESULTS / f"{args.compare}.json").read_text(encoding="utf-8"))
        save_results(args.name, results, report)
        plot(rows, png)

    if args.report_only:  # the command that trained them is the one to report
        previous = json.loads((RESULTS / f"{args.name}.json").read_text(encoding="utf-8"))
        jobs = [j for j in jobs if (Path(str(j["run"])) / "eval" / "test" / "scores.npy").exists()]
        done.extend(one_run(job) for job in jobs)
        started -= 60 * previous["minutes"]
        write()
        print((RESULTS / f"{args.name}.md").read_text())
        return
    with ProcessPoolExecutor(args.parallel, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(one_run, job) for job in jobs]
        for future in as_completed(futures):
            result = future.result()
            done.append(result)
            hit = np.mean(np.array(result["scores_argmax"]) == np.array(result["labels"]))
            print(
                f"{result['regime']}-{result['arm']}-s{result['seed']}: test top-1 {100 * hit:.1f}% "
                f"({result['epochs_run']} epochs, {result['wall_s']:.0f} s, load {result['load_end']:.1f})",
                flush=True,
            )
            write()
    print((RESULTS / f"{args.name}.md").read_text())


if __name__ == "__main__":
    main()

"""Describe time of the main job's 20 glosses: the paper chain vs faithful mode, same machine, same run.

Each mode runs as its own `gspgen describe` process on the main job's vocabulary (`gspgen pipeline`'s
first 20 WLASL glosses ASL-LEX covers), with an empty step cache, the same store and the embedded model
on one llama.cpp thread; the modes alternate (paper, faithful, paper, faithful, ... for ``--rounds``) so
that a change of machine load falls on both. Measured per run: wall time, and CPU time of the process
and its children (the llama.cpp server is one, and is waited for): on a shared machine wall time tracks
the load, CPU time the work. Writes bench/results/describe_time.md / .json.

    python bench/describe_time.py [--rounds 1]
    python bench/describe_time.py --baseline REF [--rounds 1] [--threads 1]

``--baseline REF`` times faithful mode instead in a clone of REF (its ``src`` and prompts, on this
checkout's ``.venv``) and in this working tree, alternating, with an empty cache each time; writes
bench/results/describe_time_compare.md / .json. ``--threads`` sets llama.cpp's threads (default 1 here,
the main job's default is every core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import RESULTS  # noqa: E402
from gspgen.config import Settings, bundled_path  # noqa: E402
from gspgen.jsonio import atomic_write_json, atomic_write_text  # noqa: E402
from gspgen.pipeline import covered_vocab  # noqa: E402

GSPGEN = ROOT / ".venv" / "bin" / "gspgen"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_mode(
    mode: str, vocab: Path, store: Path, out: Path, src: Path | None = None, threads: int = 1
) -> dict[str, Any]:
    """One `gspgen describe` in MODE with a fresh cache (``src``: another checkout's code): wall, CPU,
    and the run's LLM work."""
    out.mkdir(parents=True, exist_ok=True)
    env = os.environ | {
        "GSPGEN_CORPUS__STORE_DIR": str(store),
        "GSPGEN_DESCRIBE__CACHE_DIR": str(out / "cache"),
        "GSPGEN_LLM__THREADS": str(threads),
        "GSPGEN_LLM__MODELS_DIR": str(store.parent / "models"),  # assembled once, outside the timing
    }
    if src is not None:
        env["PYTHONPATH"] = str(src)
    output = out / "descriptions.jsonl"
    command = [str(GSPGEN), "describe", "--vocab", str(vocab), "--mode", mode, "-o", str(output), "--force"]
    load = os.getloadavg()[0]
    cpu, started = children_cpu(), time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall, cpu = time.perf_counter() - started, children_cpu() - cpu
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]
    steps = [s for r in records for s in r["generation"]["steps"].values()]
    return {
        "mode": mode,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "records": len(records),
        "calls": sum(s["attempts"] for s in steps),
        "prompt_tokens": sum(s["prompt_tokens"] for s in steps),
        "completion_tokens": sum(s["completion_tokens"] for s in steps),
    }


def report(runs: list[dict[str, Any]], glosses: int, command: str, minutes: float, at: str) -> str:
    def mean(mode: str, key: str) -> float:
        return statistics.mean(float(r[key]) for r in runs if r["mode"] == mode)

    wall_ratio = mean("faithful", "wall_s") / mean("paper", "wall_s")
    cpu_ratio = mean("faithful", "cpu_s") / mean("paper", "cpu_s")
    rows = "\n".join(
        f"| {r['mode']} | {r['wall_s']} | {r['cpu_s']} | {r['load_before']} → {r['load_after']} | "
        f"{r['records']} | {r['calls']} | {r['prompt_tokens']} + {r['completion_tokens']} |"
        for r in runs
    )
    verdict = "met" if max(wall_ratio, cpu_ratio) <= 0.6 else "not met"
    return f"""## describe time: faithful mode vs the paper chain (the main job's {glosses} glosses)

`{command}` — {at}, {os.cpu_count()} shared CPU cores, embedded
Qwen2.5-Coder-0.5B on one llama.cpp thread, empty step caches, same store; this invocation {minutes:.1f} min.

| mode | wall s | CPU s (gspgen + llama.cpp) | load (1-min) | records | LLM calls in records | tokens in records (prompt + completion) |
|---|---|---|---|---|---|---|
{rows}

Faithful / paper: wall **{wall_ratio:.2f}×**, CPU **{cpu_ratio:.2f}×** (goal ≤ 0.6×: {verdict}). CPU time
counts the work whatever the load; wall time on this shared machine also counts waiting for a core.
Calls and tokens are read from the records' step traces: they leave out glosses that failed (the paper
chain's) and, before commit "describe: count invalid replies' calls", faithful mode's invalid replies.
"""


def compare(baseline: str, rounds: int, threads: int, workdir: Path, vocab: Path, store: Path) -> list[dict]:
    """Faithful mode of REF's code and of this tree, alternating."""
    base = workdir / "baseline-src"
    if not base.exists():
        subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(base)], check=True)
    subprocess.run(["git", "-C", str(base), "checkout", "--quiet", baseline], check=True)
    runs = []
    for k in range(rounds):
        for name, src in (("baseline", base / "src"), ("current", ROOT / "src")):
            run = run_mode("faithful", vocab, store, workdir / f"{name}-{k}", src, threads)
            runs.append({"code": name, **run})
            print(json.dumps(runs[-1]), flush=True)
    return runs


def compare_report(runs: list[dict], baseline: str, command: str, at: str) -> str:
    def mean(code: str, key: str) -> float:
        return statistics.mean(float(r[key]) for r in runs if r["code"] == code)

    rows = "\n".join(
        f"| {r['code']} | {r['wall_s']} | {r['cpu_s']} | {r['load_before']} → {r['load_after']} | "
        f"{r['records']} | {r['calls']} | {r['prompt_tokens']} + {r['completion_tokens']} |"
        for r in runs
    )
    cpu, wall = (
        mean("current", "cpu_s") / mean("baseline", "cpu_s"),
        mean("current", "wall_s") / mean("baseline", "wall_s"),
    )
    return f"""## describe time: faithful mode, this tree vs {baseline} (the main job's glosses)

`{command}` — {at}, {os.cpu_count()} shared CPU cores, embedded Qwen2.5-Coder-0.5B, empty step caches,
same store and vocabulary, alternating runs.

| code | wall s | CPU s (gspgen + llama.cpp) | load (1-min) | records | LLM calls in records | tokens in records (prompt + completion) |
|---|---|---|---|---|---|---|
{rows}

Current / baseline: CPU **{cpu:.2f}×**, wall **{wall:.2f}×** (means over rounds). Prompt tokens are what the
server was sent; with llama.cpp's prompt cache the shared prefix of consecutive prompts is not evaluated
again, which shows in CPU time, not in these counts.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="paper/faithful pairs, alternating")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".gspgen" / "bench-describe-time")
    parser.add_argument("--report-only", action="store_true", help="rewrite the .md from the .json")
    parser.add_argument("--baseline", help="compare faithful mode with this git ref's code instead")
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads")
    args = parser.parse_args()
    if args.report_only:
        saved = json.loads((RESULTS / "describe_time.json").read_text(encoding="utf-8"))
        text = report(saved["runs"], saved["glosses"], saved["command"], saved["minutes"], saved["at"])
        atomic_write_text(RESULTS / "describe_time.md", text)
        return
    started = time.perf_counter()
    settings = Settings(corpus={"store_dir": args.workdir / "store"})  # type: ignore[arg-type]
    if not (args.workdir / "store").exists():
        from gspgen.corpus.ingestion import ingest

        ingest([bundled_path("corpora")], settings.corpus)
    vocab = args.workdir / "vocab.tsv"
    glosses = covered_vocab(settings, vocab)
    from gspgen.llm.embedded import MODELS, model_path

    model_path(MODELS[settings.llm.embedded_model], args.workdir / "models")  # assembled outside the timing
    if args.baseline:
        runs = compare(args.baseline, args.rounds, args.threads, args.workdir, vocab, args.workdir / "store")
        command = (
            f"python bench/describe_time.py --baseline {args.baseline}"
            + (f" --rounds {args.rounds}" if args.rounds != 1 else "")
            + (f" --threads {args.threads}" if args.threads != 1 else "")
        )
        at = f"{datetime.now(UTC):%Y-%m-%dT%H:%M}+00:00"
        atomic_write_json(
            RESULTS / "describe_time_compare.json",
            {"glosses": glosses, "runs": runs, "command": command, "at": at},
        )
        text = compare_report(runs, args.baseline, command, at)
        atomic_write_text(RESULTS / "describe_time_compare.md", text)
        print(text)
        return
    runs = []
    for k in range(args.rounds):
        for mode in ("paper", "faithful"):
            runs.append(
                run_mode(
                    mode, vocab, args.workdir / "store", args.workdir / f"{mode}-{k}", threads=args.threads
                )
            )
            print(json.dumps(runs[-1]), flush=True)
    command = "python bench/describe_time.py" + (f" --rounds {args.rounds}" if args.rounds != 1 else "")
    minutes = (time.perf_counter() - started) / 60
    at = f"{datetime.now(UTC):%Y-%m-%dT%H:%M}+00:00"
    saved = {"glosses": glosses, "runs": runs, "command": command, "minutes": minutes, "at": at}
    atomic_write_json(RESULTS / "describe_time.json", saved)
    atomic_write_text(RESULTS / "describe_time.md", report(runs, glosses, command, minutes, at))
    print((RESULTS / "describe_time.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

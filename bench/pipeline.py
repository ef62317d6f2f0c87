"""The README's main-job command on a fresh clone: install time, first run, second run.

Run: ``.venv/bin/python bench/pipeline.py`` (about half an hour on 2 cores; commit first — it clones HEAD).

1. ``git clone`` this repository's HEAD into a temporary folder (no ``.venv``, no ``.gspgen``).
2. ``scripts/setup`` with pip's cache off, so llama-cpp-python compiles as on a fresh machine.
3. ``.venv/bin/gspgen pipeline`` on the embedded defaults: the run the issue asks to finish in < 20 min.
4. The same command again: every stage should be reused.

``--skip-install`` runs steps 3-4 with this checkout's ``.venv`` instead (a fresh ``.gspgen`` still) and
reports the install time last measured (bench/results/install.json, written as soon as step 2 ends).
Writes bench/results/pipeline.md and bench/results/pipeline.json.

``--baseline REF`` compares instead: the main job of a clone of REF (its ``src``, prompts and corpora, on this
checkout's ``.venv``) and of this working tree, alternating for ``--rounds`` (so that a change of machine
load falls on both), each in a fresh folder; per run wall and CPU time (gspgen and its children, the
llama.cpp server included) and the stages' times. On a shared machine CPU time measures the work, wall
time the work plus the wait for a core. Writes bench/results/pipeline_compare.md / .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gspgen.jsonio import atomic_write_json, atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
INSTALL = RESULTS / "install.json"
TARGET_S = 20 * 60


def _commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def _today() -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_cpu(command: list[str], cwd: Path, log: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run one command with its output in ``log``; return (wall, CPU) seconds, or exit with its log on failure."""
    started, cpu = time.perf_counter(), _children_cpu()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}) after {seconds:.0f} s; see {log}")
    return seconds, _children_cpu() - cpu


def _timed(command: list[str], cwd: Path, log: Path, env: dict[str, str]) -> float:
    return _timed_cpu(command, cwd, log, env)[0]


def compare(baseline: str, rounds: int, workdir: Path) -> dict[str, Any]:
    """The main job of REF and of this working tree, alternating, each in a fresh folder."""
    base = workdir / "baseline"
    subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(base)], check=True)
    subprocess.run(["git", "-C", str(base), "checkout", "--quiet", baseline], check=True)
    ref = subprocess.run(["git", "-C", str(base), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    python = str(ROOT / ".venv" / "bin" / "python")
    runs = []
    for k in range(rounds):
        for name, src in (("baseline", base / "src"), ("current", ROOT / "src")):
            work = workdir / f"{name}-{k}"
            work.mkdir()
            env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "120"}
            load = os.getloadavg()[0]
            wall, cpu = _timed_cpu([python, "-m", "gspgen", "pipeline"], work, work / "pipeline.log", env)
            report = json.loads((work / ".gspgen" / "pipeline" / "report.json").read_text(encoding="utf-8"))
            runs.append({"name": name, "round": k, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                         "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
                         "stages": report["stages"], "runs": report["runs"]})  # fmt: skip
            print(
                json.dumps({key: runs[-1][key] for key in ("name", "round", "wall_s", "cpu_s")}), flush=True
            )
    return {"baseline": ref, "current": f"{_commit()} + working tree", "date": _today(), "rounds": rounds,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "runs": runs}  # fmt: skip


def _mean(runs: list[dict], name: str, key: str) -> float:
    values = [float(r[key]) for r in runs if r["name"] == name]
    return sum(values) / len(values)


def compare_markdown(r: dict, command: str) -> str:
    runs = r["runs"]
    wall = _mean(runs, "current", "wall_s") / _mean(runs, "baseline", "wall_s")
    cpu = _mean(runs, "current", "cpu_s") / _mean(runs, "baseline", "cpu_s")
    lines = [
        "## gspgen pipeline — this tree vs a baseline, same machine, same run",
        "",
        f"`{command}` — {r['date']}, {r['machine']}: baseline {r['baseline']}, current {r['current']}; each"
        " run in a fresh folder on this checkout's `.venv` (the baseline's own `src`, prompts and corpora),"
        " alternating.",
        "",
        "| run | round | wall s | CPU s (gspgen + llama.cpp) | load (1-min) | "
        + " | ".join(s["stage"].split(" ", 1)[1] for s in runs[0]["stages"])
        + " | top-1 % (gsp-mc / ce-only) |",
        "|---|---|---|---|---|" + "---|" * (len(runs[0]["stages"]) + 1),
    ]
    for run in runs:
        stages = [f"{s['seconds']:.0f}" + (f" ({s['cpu_s']:.0f} CPU)" if s.get("cpu_s") is not None else "")
                  for s in run["stages"]]  # fmt: skip
        top1 = " / ".join(f"{100 * x['top1']:.1f}" for x in run["runs"])
        lines.append(f"| {run['name']} | {run['round']} | {run['wall_s']} | {run['cpu_s']} | "
                     f"{run['load_before']} → {run['load_after']} | {' | '.join(stages)} | {top1} |")  # fmt: skip
    lines += [
        "",
        f"Current / baseline (means over rounds): CPU **{cpu:.2f}×**, wall **{wall:.2f}×**. Stage cells: wall"
        " seconds (CPU seconds where the code records them). On a shared machine wall time also counts the"
        " wait for a core; the ≤ 5 min goal is for 2 quiet cores.",
    ]
    return "\n".join(lines) + "\n"


def run(skip_install: bool, workdir: Path) -> dict[str, Any]:
    env = {**os.environ, "PIP_NO_CACHE_DIR": "1", "COLUMNS": "120"}
    env.pop("PYTHONPATH", None)
    logs = workdir / "logs"
    logs.mkdir(parents=True)
    if skip_install:
        clone, gspgen = workdir, str(ROOT / ".venv" / "bin" / "gspgen")
        install_s = None
    else:
        clone = workdir / "gspgen"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        install_s = _timed(["scripts/setup"], clone, logs / "setup.log", env)
        atomic_write_json(INSTALL, {"seconds": round(install_s, 1), "commit": _commit(), "date": _today()})
        gspgen = str(clone / ".venv" / "bin" / "gspgen")
    load_before = os.getloadavg()[0]
    first_s = _timed([gspgen, "pipeline"], clone, logs / "pipeline-1.log", env)
    first = json.loads((clone / ".gspgen" / "pipeline" / "report.json").read_text(encoding="utf-8"))
    second_s = _timed([gspgen, "pipeline"], clone, logs / "pipeline-2.log", env)
    second = json.loads((clone / ".gspgen" / "pipeline" / "report.json").read_text(encoding="utf-8"))
    return {
        "commit": _commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "install_s": None if install_s is None else round(install_s, 1),
        "install_earlier": json.loads(INSTALL.read_text())
        if install_s is None and INSTALL.exists()
        else None,
        "first_s": round(first_s, 1),
        "second_s": round(second_s, 1),
        "first": first,
        "second": second,
    }


def _markdown(r: dict, command: str) -> str:
    first, second = r["first"], r["second"]
    if r["install_s"] is not None:
        install = f"{r['install_s'] / 60:.1f} min"
    elif r.get("install_earlier"):
        e = r["install_earlier"]
        install = f"{e['seconds'] / 60:.1f} min (measured {e['date']} at commit {e['commit']})"
    else:
        install = "not measured (`--skip-install`)"
    verdict = "within" if r["first_s"] < TARGET_S else "**over**"
    lines = [
        "## gspgen pipeline — the README's main job, timed",
        "",
        f"Command: `{command}` at commit {r['commit']} ({r['machine']}; load average {r['load_before']}"
        f" before the first run, {r['load_after']} after the second). It clones HEAD, runs `scripts/setup`"
        " with pip's cache off (or, with `--skip-install`, reuses this checkout's `.venv` and reports the"
        " last measured install), then `.venv/bin/gspgen pipeline` twice in a fresh working folder.",
        "",
        "| | wall | |",
        "|---|---|---|",
        f"| install (`scripts/setup`, llama-cpp-python compiled) | {install} | |",
        f"| first run (`gspgen pipeline`) | {r['first_s'] / 60:.1f} min | {verdict} the 20 min target"
        f" ({r['first_s'] / TARGET_S:.2f}×) |",
        f"| second run (same command) | {r['second_s']:.0f} s | {r['second_s'] / r['first_s']:.1%} of the first |",
        "",
        "Stages (seconds):",
        "",
        "| stage | first run | second run | reused on the second run |",
        "|---|---|---|---|",
    ]
    for a, b in zip(first["stages"], second["stages"], strict=True):
        lines.append(
            f"| {a['stage']} | {a['seconds']:.1f} | {b['seconds']:.1f} | {'yes' if b['reused'] else 'no'} |"
        )
    lines += [
        "",
        f"Result on {first['classes']} classes ({first['described']} described, {first['failed_glosses']}"
        " failed), test = held-out synthetic signers:",
        "",
        "| run | top-1 % | top-5 % | mean-class % |",
        "|---|---|---|---|",
    ]
    for run_result in first["runs"]:
        lines.append(
            f"| {run_result['name']} | {100 * run_result['top1']:.2f} | {100 * run_result['top5']:.2f}"
            f" | {100 * run_result['mean_class']:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip-install", action="store_true", help="use this checkout's .venv")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    parser.add_argument("--baseline", help="compare with this git ref's main job (same run, alternating)")
    parser.add_argument("--rounds", type=int, default=1, help="with --baseline: baseline/current pairs")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="gspgen-bench-pipeline-"))
    workdir.mkdir(parents=True, exist_ok=args.keep is None)
    try:
        if args.baseline:
            compared = compare(args.baseline, args.rounds, workdir)
        else:
            result = run(args.skip_install, workdir)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.baseline:
        command = f"python bench/pipeline.py --baseline {args.baseline}" + (
            f" --rounds {args.rounds}" if args.rounds != 1 else ""
        )
        RESULTS.mkdir(exist_ok=True)
        atomic_write_json(RESULTS / "pipeline_compare.json", compared)
        atomic_write_text(RESULTS / "pipeline_compare.md", compare_markdown(compared, command))
        print(compare_markdown(compared, command))
        return
    command = "python bench/pipeline.py" + (" --skip-install" if args.skip_install else "")
    RESULTS.mkdir(exist_ok=True)
    atomic_write_json(RESULTS / "pipeline.json", result)
    atomic_write_text(RESULTS / "pipeline.md", _markdown(result, command))
    print(_markdown(result, command))


if __name__ == "__main__":
    main()

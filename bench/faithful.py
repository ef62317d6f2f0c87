"""Faithful mode vs the paper chain, from one command: describe N WLASL glosses ASL-LEX covers, then score.

Runs ``gspgen describe`` (the library call, embedded model unless ``--base-url``) over the first N glosses
of vocab/wlasl2000_class_list.txt that ASL-LEX covers, once per ``--mode``, into
``bench/results/describe_<mode><N>.jsonl`` (resumable: rerun the same command to continue a run that was
stopped), then runs bench/check.py on those files plus any ``--also`` file (e.g. an earlier paper-chain
output such as outputs/pipeline20.jsonl) and writes bench/results/check.md. The working folder holds the
ingested store (made on first use) and the LLM cache.

    .venv/bin/python bench/faithful.py --glosses 100 --mode faithful --mode paper [--also FILE ...]

``--no-llm-control`` adds a run of faithful mode against a fake endpoint whose every reply is invalid
(gspgen.testing.fake_openai): every text is then the facts or a fallback variant — what the gate
guarantees when the LLM contributes nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from gspgen.config import Settings, bundled_path
from gspgen.describe.runner import describe
from gspgen.jsonio import atomic_write_json
from gspgen.lexicon.coding import load_lexicon
from gspgen.synth import select_classes
from gspgen.vocab import VocabEntry

RESULTS = Path(__file__).parent / "results"


def covered(n: int) -> list[VocabEntry]:
    """The first ``n`` WLASL glosses (with their WLASL class ids) that ASL-LEX codes."""
    lexicon = load_lexicon(bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv")
    chosen = select_classes(lexicon, bundled_path("vocab") / "wlasl2000_class_list.txt", n)
    return [VocabEntry(class_id=cid, glosses=[gloss], line=i) for i, (cid, gloss, _) in enumerate(chosen, 1)]


def run_mode(
    mode: str, entries: list[VocabEntry], workdir: Path, base_url: str | None, name: str | None = None
) -> dict[str, Any]:
    settings = Settings(
        corpus={"store_dir": workdir / "store"},  # type: ignore[arg-type]
        llm={"base_url": base_url, "transport_retries": 0 if name else 4},  # type: ignore[arg-type]
        describe={"mode": mode, "cache_dir": workdir / ("no-llm-cache" if name else "llm-cache")},  # type: ignore[arg-type]
    )
    if not (workdir / "store").exists():
        from gspgen.corpus.ingestion import ingest

        ingest([bundled_path("corpora")], settings.corpus)
    output = RESULTS / f"describe_{name or mode}{len(entries)}.jsonl"
    started, cpu = time.perf_counter(), _cpu_s()
    summary = describe(settings, entries, output=output, force=name is not None)
    return {
        "output": str(output),
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(_cpu_s() - cpu, 1),  # this process and the stopped llama.cpp server
        **summary.model_dump(mode="json"),
    }


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def no_llm(entries: list[VocabEntry], workdir: Path) -> dict[str, Any]:
    """Faithful mode with an endpoint that never replies validly: facts and fallback variants only."""
    from gspgen.testing.fake_openai import FakeOpenAI, Reply

    with FakeOpenAI(behaviour=lambda n, body: Reply(content="not json")) as fake:
        return run_mode("faithful", entries, workdir, fake.base_url, name="facts_only")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glosses", type=int, default=100)
    parser.add_argument("--mode", action="append", choices=["faithful", "paper"], help="repeatable")
    parser.add_argument("--also", action="append", type=Path, default=[], help="more files to score")
    parser.add_argument("--workdir", type=Path, default=Path(".gspgen/bench-faithful"))
    parser.add_argument("--base-url", default=None, help="an OpenAI-compatible endpoint (default: embedded)")
    parser.add_argument("--score-only", action="store_true", help="score what the LLM runs wrote so far")
    parser.add_argument(
        "--no-llm-control", action="store_true", help="also run against an always-invalid LLM"
    )
    args = parser.parse_args()
    entries = covered(args.glosses)
    modes = args.mode or ([] if args.no_llm_control else ["faithful"])
    runs = {}
    for mode in [] if args.score_only else modes:
        runs[mode] = run_mode(mode, entries, args.workdir, args.base_url)
    if args.no_llm_control:  # seconds: always rerun with today's code
        runs["no_llm"] = no_llm(entries, args.workdir)
    if runs:
        atomic_write_json(RESULTS / f"describe_modes{args.glosses}.json", runs)
    names = modes + (["facts_only"] if args.no_llm_control else [])
    files = [RESULTS / f"describe_{m}{args.glosses}.jsonl" for m in names] + args.also
    check = [sys.executable, str(Path(__file__).parent / "check.py"), *map(str, files)]
    subprocess.run(check, check=True, env=os.environ | {"PYTHONPATH": str(Path(__file__).parent)})


if __name__ == "__main__":
    main()

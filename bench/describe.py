"""Describe-stage throughput: concurrency against a fixed-latency loopback server, the cost of a second
run, and the embedded model's tokens/s through gspgen vs llama.cpp called directly.

1. A fake OpenAI server (separate process, ``gspgen.testing.fake_openai``) answers every call after
   ``--latency`` seconds. For G glosses (4 calls each) the ideal wall time is ``calls × L / concurrency``;
   we report measured / ideal at concurrency 1, 4, 16 (goal ≤ 1.15).
2. The same run again: resume (everything complete) and ``--force`` (everything from the cache); both
   must make 0 LLM calls.
3. The embedded model (default Qwen2.5-0.5B): completion tokens/s for the same P1 prompt and schema,
   through gspgen (LLMClient → llama.cpp server) and through ``llama_cpp.Llama`` in-process.

Run: ``.venv/bin/python bench/describe.py`` (about 1–3 minutes on 2 idle cores; ``--skip-embedded`` for
part 1–2 only). Writes bench/results/describe.md and bench/results/describe.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from gspgen.config import LLMSettings, Settings, bundled_path
from gspgen.describe.prompts import PromptSet
from gspgen.describe.runner import describe
from gspgen.describe.steps import Description
from gspgen.jsonio import atomic_write_json, atomic_write_text
from gspgen.llm import MODELS, EmbeddedServer, LLMClient, model_path, response_format
from gspgen.vocab import VocabEntry

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
QUIET = Console(quiet=True)
BOOK = (
    "BOOK: the American Sign Language sign for book. English: books, read, textbook. Handshape: open B "
    "(flat hand, fingers together, thumb extended). Sign type: two-handed, both hands with the same "
    "handshape moving symmetrically or alternating. Non-dominant hand: open B. Movement: the hand moves "
    "in an arc, repeated. Location: in neutral space in front of the body; the hand touches it."
)


def fake_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "gspgen.testing.fake_openai", str(latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def concurrency_runs(glosses: int, latency: float, levels: list[int]) -> dict[str, Any]:
    """Each level gets at least 4 waves of glosses (G ≥ 4 × concurrency), so start-up is not all it sees."""
    process, url = fake_server(latency)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="gspgen-bench-") as folder:
            for level in levels:
                count = max(glosses, 4 * level)
                entries = [VocabEntry(class_id=i, glosses=[f"sign{i}"], line=i + 1) for i in range(count)]
                settings = Settings(
                    llm={"base_url": url, "model": "fake-model", "concurrency": level},  # type: ignore[arg-type]
                    describe={  # type: ignore[arg-type]
                        "use_retrieval": False,
                        "output": Path(folder) / f"c{level}.jsonl",
                        "cache_dir": Path(folder) / f"cache{level}",
                    },
                )
                run = describe(settings, entries, console=QUIET)
                ideal = run.calls * latency / level
                resumed = describe(settings, entries, console=QUIET)
                forced = describe(settings, entries, force=True, console=QUIET)
                rows.append(
                    {
                        "concurrency": level,
                        "glosses": count,
                        "calls": run.calls,
                        "wall_s": run.wall_s,
                        "ideal_s": round(ideal, 3),
                        "ratio": round(run.wall_s / ideal, 3),
                        "second_run_s": resumed.wall_s,
                        "second_run_calls": resumed.calls,
                        "forced_cached_s": forced.wall_s,
                        "forced_cached_calls": forced.calls,
                    }
                )
                print(rows[-1], flush=True)
    finally:
        process.terminate()
        process.wait()
    return {"glosses": glosses, "latency_s": latency, "rows": rows}


def embedded_tokens_per_s(name: str, threads: int, max_tokens: int) -> dict[str, Any]:
    """The same P1 prompt and schema constraint, through gspgen and straight into llama.cpp."""
    from llama_cpp import Llama

    prompts = PromptSet(bundled_path("prompts"))
    entries = [{"text": BOOK, "match": "exact", "primary": True}]
    messages = prompts.messages(
        "p1_describe", gloss="book", glosses=["book"], language="American Sign Language (ASL)",
        feedback=[], entries=entries, grounded=True,
    )  # fmt: skip
    schema = Description.model_json_schema()
    settings = LLMSettings(embedded_model=name, threads=threads)  # type: ignore[arg-type]
    server = EmbeddedServer(settings)
    base_url = server.start()
    try:
        client = LLMClient(base_url, "embedded", MODELS[name].name, settings)
        fmt = response_format("json_object_schema", schema, "Description")
        client.complete(messages, response_format=fmt, temperature=0.0, max_tokens=8, where="warm-up")
        start = time.perf_counter()
        reply = client.complete(
            messages, response_format=fmt, temperature=0.0, max_tokens=max_tokens, where="b"
        )
        through = (reply.completion_tokens, time.perf_counter() - start)
    finally:
        server.stop()
    llm = Llama(
        model_path=str(model_path(MODELS[name], settings.models_dir)),
        n_ctx=4096,
        n_threads=threads,
        verbose=False,
    )
    llm.create_chat_completion(messages=messages, max_tokens=8, temperature=0.0)  # type: ignore[arg-type]
    start = time.perf_counter()
    out = llm.create_chat_completion(
        messages=messages,  # type: ignore[arg-type]
        response_format={"type": "json_object", "schema": schema},
        max_tokens=max_tokens,
        temperature=0.0,
    )
    direct = (out["usage"]["completion_tokens"], time.perf_counter() - start)  # type: ignore[index]
    return {
        "model": MODELS[name].name,
        "threads": threads,
        "gspgen_tokens": through[0],
        "gspgen_s": round(through[1], 3),
        "gspgen_tok_s": round(through[0] / through[1], 2),
        "direct_tokens": direct[0],
        "direct_s": round(direct[1], 3),
        "direct_tok_s": round(direct[0] / direct[1], 2),
        "ratio": round((through[0] / through[1]) / (direct[0] / direct[1]), 3),
    }


def markdown(result: dict[str, Any], command: str) -> str:
    conc = result["concurrency"]
    lines = [
        "## describe",
        "",
        f"`{command}` on {result['machine']}.",
        "",
        f"Loopback fake server (separate process), fixed latency L = {conc['latency_s']} s, "
        f"G ≥ {conc['glosses']} glosses (≥ 4 waves) × 4 calls, no retrieval.",
        "",
        "| concurrency | glosses | calls | wall s | ideal s (calls×L/c) | ratio | 2nd run s (calls) "
        "| --force, cached s (calls) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in conc["rows"]:
        lines.append(
            f"| {row['concurrency']} | {row['glosses']} | {row['calls']} | {row['wall_s']} | {row['ideal_s']} | **{row['ratio']}** | "
            f"{row['second_run_s']} ({row['second_run_calls']}) | {row['forced_cached_s']} ({row['forced_cached_calls']}) |"
        )
    emb = result.get("embedded")
    if emb:
        lines += [
            "",
            f"Embedded model `{emb['model']}` ({emb['threads']} threads), same P1 prompt and JSON-schema grammar:",
            "",
            "| path | completion tokens | s | tok/s |",
            "|---|---|---|---|",
            f"| gspgen (LLMClient → llama.cpp server) | {emb['gspgen_tokens']} | {emb['gspgen_s']} | {emb['gspgen_tok_s']} |",
            f"| llama_cpp.Llama in-process | {emb['direct_tokens']} | {emb['direct_s']} | {emb['direct_tok_s']} |",
            "",
            f"gspgen / direct tokens/s: **{emb['ratio']}** (the two replies may stop at different lengths; "
            "tokens/s is what is compared). Machine shared with other work: absolute numbers are low.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glosses", type=int, default=16)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--model", default="qwen2.5-0.5b", choices=sorted(MODELS))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=96)
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {"machine": f"{platform.machine()}, {platform.processor() or 'cpu'}"}
    result["concurrency"] = concurrency_runs(args.glosses, args.latency, args.levels)
    if not args.skip_embedded:
        result["embedded"] = embedded_tokens_per_s(args.model, args.threads, args.max_tokens)
        print(result["embedded"], flush=True)
    command = "python bench/describe.py " + " ".join(sys.argv[1:])
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write_json(RESULTS / "describe.json", result)
    atomic_write_text(RESULTS / "describe.md", markdown(result, command.strip()))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

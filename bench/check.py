"""Benchmark `gspgen check`: how well generated descriptions state the lexicon's coded phonology.

Measures, per attribute, coverage (stated / coded), precision (correct / stated), correct rate
(correct / coded) and contradiction rate (contradicted / coded) on the global descriptions (T_g) and on
all fields pooled, for every description JSONL given (default: outputs/*.jsonl; the file's
``generation.retrieval`` tells grounded from ungrounded runs). The control — texts rendered straight
from the lexicon by ``gspgen.corpus.render.render_entry`` — is run every time: it is the extractor's
ceiling (what a perfect description written in the renderer's words would score).

    .venv/bin/python bench/check.py [FILE.jsonl ...] [--control-limit N]

Writes bench/results/check.md and bench/results/check.json.
"""

from __future__ import annotations

import argparse
import glob
import time
from datetime import UTC, datetime
from pathlib import Path

from gspgen.check import Checker, CheckReport, TableLexicon
from gspgen.config import bundled_path
from gspgen.corpus.lexicon import LexiconEntry
from gspgen.corpus.render import render_entry
from gspgen.describe.records import DescriptionRecord, Generation
from gspgen.jsonio import atomic_write_json, atomic_write_text, read_jsonl

RESULTS = Path(__file__).parent / "results"
LEXICON = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
GOAL_CORRECT, GOAL_CONTRADICTED = 0.90, 0.02


def control_records(entries: list[LexiconEntry]) -> list[DescriptionRecord]:
    """One record per lexicon entry whose description is the entry rendered by the corpus renderer."""
    now = datetime.now(UTC)
    generation = Generation(
        model="render_entry", endpoint_kind="other", steps={}, started_at=now, finished_at=now
    )
    records = []
    for i, entry in enumerate(entries):
        text = render_entry(entry)
        records.append(
            DescriptionRecord(
                class_id=i,
                glosses=[entry.entry_id],
                language=entry.language,
                primary_description=text,
                global_descriptions=[text],
                generation=generation,
            )
        )
    return records


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def table(report: CheckReport, kind: str) -> list[str]:
    stats = report.summary.get(kind, {})
    lines = [
        "| attribute | coded | coverage % | precision % | correct % | contradicted % |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [*stats.items(), ("**all**", report.totals[kind])] if kind in report.totals else []
    for attribute, s in rows:
        lines.append(
            f"| {attribute} | {s.coded} | {_pct(s.coverage)} | {_pct(s.precision)} | {_pct(s.correct_rate)} "
            f"| {_pct(s.contradiction_rate)} |"
        )
    return lines


def label(path: Path) -> str:
    first = next(iter(read_jsonl(path, DescriptionRecord)), None)
    if first is None:
        return "empty"
    grounded = "grounded" if first.generation.retrieval else "ungrounded (--no-retrieval)"
    return f"{first.generation.model} ({first.generation.endpoint_kind}), {grounded}"


def run(files: list[Path], control_limit: int | None) -> dict[str, object]:
    source = TableLexicon.from_path(LEXICON)
    checker = Checker(source)
    from gspgen.corpus.lexicon import load_lexicon

    entries = load_lexicon(LEXICON)[:control_limit]
    runs: dict[str, object] = {}
    md = ["## gspgen check — descriptions vs ASL-LEX 2.0", ""]
    jobs: list[tuple[str, str, object]] = [
        ("control: render_entry", "lexicon rendered by the corpus renderer", None)
    ]
    jobs += [(str(f), label(f), f) for f in files]
    for name, what, path in jobs:
        started = time.perf_counter()
        if path is None:
            report = checker.check_records(control_records(entries), file="control")
        else:
            report = checker.check_file(path)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        kinds = ["global", "all"] if path is not None else ["global"]
        md += [f"### {name}", "", f"{what}; {len(report.records)} records scored, "
               f"{len(report.unmatched)} not in the lexicon; {seconds:.1f} s.", ""]  # fmt: skip
        for kind in kinds:
            total = report.totals.get(kind)
            if total is None:
                continue
            verdict = (total.correct_rate or 0) >= GOAL_CORRECT and (
                total.contradiction_rate or 0
            ) <= GOAL_CONTRADICTED
            md += [
                f"**{kind}** fields — goal ≥ 90% correct, ≤ 2% contradicted: {'met' if verdict else 'not met'}",
                "",
            ]
            md += [*table(report, kind), ""]
        contradictions = [
            f"- {r.gloss} `{f.key}`: {c.message}"
            for r in report.records
            for f in r.fields
            for c in f.contradictions
        ]
        if contradictions:
            md += [f"Contradictions (first 15 of {len(contradictions)}):", "", *contradictions[:15], ""]
        runs[name] = {
            "what": what,
            "records": len(report.records),
            "unmatched": len(report.unmatched),
            "seconds": round(seconds, 2),
            "summary": {k: {a: s.model_dump() for a, s in v.items()} for k, v in report.summary.items()},
            "totals": {k: s.model_dump() for k, s in report.totals.items()},
        }
    return {"markdown": "\n".join(md), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="description JSONL files (default: outputs/*.jsonl)"
    )
    parser.add_argument(
        "--control-limit", type=int, default=None, help="entries in the control (default: all)"
    )
    args = parser.parse_args()
    files = args.files or [Path(p) for p in sorted(glob.glob("outputs/*.jsonl"))]
    result = run(files, args.control_limit)
    command = "`.venv/bin/python bench/check.py " + " ".join(str(f) for f in args.files) + "`"
    markdown = f"{result['markdown']}\nProduced by {command.replace(' `', '`')}.\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write_text(RESULTS / "check.md", markdown)
    atomic_write_json(RESULTS / "check.json", {"command": command, "runs": result["runs"]})
    print(markdown)


if __name__ == "__main__":
    main()

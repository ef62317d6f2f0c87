"""Benchmark `gspgen check`: how well generated descriptions state the lexicon's coded phonology.

Measures, per attribute, coverage (stated / coded), precision (correct / stated), correct rate
(correct / coded) and contradiction rate (contradicted / coded) on the global descriptions (T_g) and on
all fields pooled, for every description JSONL given (default: outputs/*.jsonl; the file's
``generation.retrieval`` tells grounded from ungrounded runs). The control — texts rendered straight
from the lexicon by ``gspgen.lexicon.phrasing.render_entry`` — is run every time: it is the extractor's
ceiling (what a perfect description written in the phrasing's words would score).

    .venv/bin/python bench/check.py [FILE.jsonl ...] [--control-limit N] [--synth SYNTH_DIR]

Writes bench/results/check.md and bench/results/check.json.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gspgen.check import AttributeStats, Checker, CheckReport, SynthPhonology, TableLexicon
from gspgen.config import bundled_path
from gspgen.describe.facts import FactSource
from gspgen.describe.gate import similarity
from gspgen.jsonio import atomic_write_json, atomic_write_text, read_jsonl
from gspgen.lexicon.coding import LexiconEntry, load_lexicon
from gspgen.lexicon.phrasing import render_entry
from gspgen.records import DescriptionRecord, Generation

RESULTS = Path(__file__).parent / "results"
LEXICON = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
GOAL_CORRECT, GOAL_CONTRADICTED = 0.90, 0.02
GOAL_SYNONYMS, GOAL_TAGS, GOAL_FAILED, THRESHOLD = 3, 0.95, 0.01, 0.8


def control_records(entries: list[LexiconEntry]) -> list[DescriptionRecord]:
    """One record per lexicon entry whose description is the entry rendered by the lexicon phrasing."""
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


def _synth_params(folder: Path) -> str:
    """How the synthetic set was made, from its dataset.json, so the control can be regenerated."""
    params = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))["extra"]["synth"]
    vocab = Path(params["vocab"]).name if params.get("vocab") else "lexicon order"
    return f"gspgen synth --classes {params['classes']} --seed {params['seed']}, vocab {vocab}"


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


def overview(runs: dict[str, dict[str, Any]]) -> list[str]:
    """One line per run (global descriptions, all attributes pooled): grounding's effect at a glance."""
    lines = [
        "## gspgen check — summary (global descriptions T_g, all attributes pooled)",
        "",
        "| run | records | coverage % | precision % | correct % | contradicted % |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        total = AttributeStats.model_validate(run["totals"].get("global", {}))
        lines.append(
            f"| {name} — {run['what']} | {run['records']} | {_pct(total.coverage)} | {_pct(total.precision)} "
            f"| {_pct(total.correct_rate)} | {_pct(total.contradiction_rate)} |"
        )
    return [*lines, "", f"Goal: ≥ {GOAL_CORRECT:.0%} of coded attributes stated correctly, ≤ {GOAL_CONTRADICTED:.0%} "
            "contradicted.", ""]  # fmt: skip


_STOPWORDS = (
    "a an the and or but of to in on at by with without from into onto for as is are be it its this that each "
    "both one then than so while also too only just not no very"
)
STOP = frozenset(_STOPWORDS.split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP}


def jaccard(a: str, b: str) -> float:
    """Content-word Jaccard: 1.0 for the same words in any order, low for texts in other words."""
    x, y = content_words(a), content_words(b)
    return len(x & y) / len(x | y) if x | y else 1.0


def wordings_per_fact(checker: Checker, synonyms: list[str]) -> int:
    """The most distinct wordings any one fact (attribute) gets across a record's synonyms: the words each
    synonym states it with, as the checker reads them."""
    said: dict[str, set[str]] = {}
    for text in synonyms:
        for claim in checker.extractor.claims(text):
            if not claim.implied:
                said.setdefault(claim.attribute, set()).add(claim.text.lower())
    return max((len(v) for v in said.values()), default=0)


def texts(path: Path, facts: FactSource, checker: Checker | None = None) -> dict[str, Any]:
    """Variety and tagging of one description file: synonyms per record, their mean pairwise difflib
    similarity, near-copies of the global text, content-word Jaccard of each synonym with its global
    text, distinct wordings of a fact across a record's synonyms, part tags against the rule tags of the
    coded entry, failures (FILE.failed.jsonl) and where the texts came from (faithful mode's origins)."""
    records = list(read_jsonl(path, DescriptionRecord))
    failed_file = path.with_name(f"{path.stem}.failed.jsonl")
    failed = (
        sum(1 for line in failed_file.read_text(encoding="utf-8").splitlines() if line.strip())
        if failed_file.exists()
        else 0
    )
    counts = [len(r.synonyms) for r in records]
    means = []
    for r in records:
        pairs = [similarity(a, b) for i, a in enumerate(r.synonyms) for b in r.synonyms[i + 1 :]]
        if pairs:
            means.append(sum(pairs) / len(pairs))
    copies = sum(similarity(s, r.global_descriptions[0]) > THRESHOLD for r in records for s in r.synonyms)
    tag_agree = tag_total = exact = ruled = 0
    for r in records:
        rule = facts.facts(r.glosses, "right")
        if rule is None:
            continue
        ruled += 1
        want = {t for p in rule.parts for t in p.tags}
        have = {t for p in r.parts for t in p.parts}
        tags = ("left_hand", "right_hand", "face", "mouth", "body")
        tag_agree += sum((t in want) == (t in have) for t in tags)
        tag_total += len(tags)
        exact += want == have
    jaccards = [jaccard(syn, r.global_descriptions[0]) for r in records for syn in r.synonyms]
    varied = sum(wordings_per_fact(checker, r.synonyms) >= 2 for r in records) if checker else None
    seconds = [(r.generation.finished_at - r.generation.started_at).total_seconds() for r in records]
    calls = [sum(t.attempts for t in r.generation.steps.values()) for r in records]
    origins: dict[str, int] = {}
    for r in records:
        for origin in r.origins.values():
            origins[origin] = origins.get(origin, 0) + 1
    return {
        "records": len(records),
        "failed": failed,
        "failure_rate": failed / (len(records) + failed) if records or failed else 0.0,
        "synonyms_min": min(counts, default=0),
        "synonyms_mean": sum(counts) / len(counts) if counts else 0.0,
        "with_3_synonyms": sum(c >= GOAL_SYNONYMS for c in counts),
        "synonym_similarity_mean": sum(means) / len(means) if means else None,
        "synonym_similarity_max_record": max(means, default=None),
        "synonym_copies_of_global": copies,
        "jaccard_median": statistics.median(jaccards) if jaccards else None,
        "with_2_wordings_of_a_fact": varied,
        "synonyms": sum(counts),
        "tag_agreement": tag_agree / tag_total if tag_total else None,
        "tag_sets_equal": exact / ruled if ruled else None,
        "ruled": ruled,
        "origins": origins,
        "seconds_per_record": sum(seconds) / len(seconds) if seconds else None,
        "calls_per_record": sum(calls) / len(calls) if calls else None,
    }


def texts_table(stats: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "## Texts — variety, part tags, failures",
        "",
        f"Goals: ≥ {GOAL_SYNONYMS} synonyms per record with mean pairwise similarity (difflib ratio) under "
        f"{THRESHOLD}; part tags agree with the rule tags of the coded entry ≥ {GOAL_TAGS:.0%} (per record and tag: "
        f"left_hand, right_hand, face, mouth, body used iff the rule uses it); ≤ {GOAL_FAILED:.0%} of glosses failed.",
        "",
        "| run | records | failed % | synonyms min / mean | records with ≥ 3 | mean pairwise sim. | worst record | "
        "synonyms ≈ global (> 0.8) | content-word Jaccard synonym vs global (median) | records with ≥ 2 wordings "
        "of a fact | tag agreement % | tag sets equal % | origins | LLM calls / s per record |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, s in stats.items():
        origins = ", ".join(f"{k} {v}" for k, v in sorted(s["origins"].items())) or "– (paper chain)"
        sim = "–" if s["synonym_similarity_mean"] is None else f"{s['synonym_similarity_mean']:.2f}"
        worst = (
            "–" if s["synonym_similarity_max_record"] is None else f"{s['synonym_similarity_max_record']:.2f}"
        )
        jac = "–" if s.get("jaccard_median") is None else f"{s['jaccard_median']:.2f}"
        varied = "–" if s.get("with_2_wordings_of_a_fact") is None else str(s["with_2_wordings_of_a_fact"])
        lines.append(
            f"| {name} | {s['records']} | {_pct(s['failure_rate'])} | {s['synonyms_min']} / {s['synonyms_mean']:.1f} "
            f"| {s['with_3_synonyms']} | {sim} | {worst} | {s['synonym_copies_of_global']} of {s['synonyms']} "
            f"| {jac} | {varied} | {_pct(s['tag_agreement'])} | {_pct(s['tag_sets_equal'])} | {origins} "
            f"| {s['calls_per_record'] or 0:.1f} / {s['seconds_per_record'] or 0:.0f} |"
        )
    return [*lines, ""]


def fields_overview(runs: dict[str, dict[str, Any]]) -> list[str]:
    """Per description file: correct / contradicted / unsupported % for the global, synonym and part fields."""
    lines = [
        "## Per field kind (all attributes pooled): correct % / contradicted % / unsupported %",
        "",
        "Unsupported: share of records whose texts of that kind make a claim the lexicon does not code (palm,"
        " face, mouth, gaze, head/body, fingertips, a count, a second hand on a one-handed sign). Goal of issue"
        " 21 for faithful mode: each kind ≥ 99 % correct, 0 % contradicted, 0 % unsupported.",
        "",
        "| run | global | synonym | part | goal ≥ 90 / ≤ 2 met | ≥ 99 / 0 / 0 met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, run in runs.items():
        totals = {k: AttributeStats.model_validate(run["totals"][k]) for k in ("global", "synonym", "part")
                  if k in run["totals"]}  # fmt: skip
        if len(totals) < 3 or name.startswith("control"):
            continue
        cells = [f"{_pct(t.correct_rate)} / {_pct(t.contradiction_rate)} / {_pct(t.unsupported_rate)}"
                 for t in totals.values()]  # fmt: skip
        met = all((t.correct_rate or 0) >= GOAL_CORRECT and (t.contradiction_rate or 0) <= GOAL_CONTRADICTED
                  for t in totals.values())  # fmt: skip
        strict = all((t.correct_rate or 0) >= 0.99 and not t.contradiction_rate and not t.unsupported_rate
                     for t in totals.values())  # fmt: skip
        lines.append(
            f"| {name} | {' | '.join(cells)} | {'yes' if met else 'no'} | {'yes' if strict else 'no'} |"
        )
    return [*lines, ""]


def label(path: Path) -> str:
    first = next(iter(read_jsonl(path, DescriptionRecord)), None)
    if first is None:
        return "empty"
    grounded = "grounded" if first.generation.retrieval else "ungrounded (--no-retrieval)"
    mode = "faithful mode" if first.generation.mode == "faithful" else "paper chain"
    return f"{first.generation.model} ({first.generation.endpoint_kind}), {mode}, {grounded}"


def run(files: list[Path], control_limit: int | None, synth: Path | None) -> dict[str, Any]:
    source = TableLexicon.from_path(LEXICON)
    checker = Checker(source)
    entries = load_lexicon(LEXICON)[:control_limit]
    runs: dict[str, dict[str, Any]] = {}
    md = ["## gspgen check — descriptions vs ASL-LEX 2.0", ""]
    jobs: list[tuple[str, str, Callable[[], CheckReport], list[str]]] = [
        (
            "control: render_entry",
            f"{len(entries)} lexicon entries rendered by gspgen.lexicon.phrasing.render_entry (extractor ceiling)",
            lambda: checker.check_records(control_records(entries), file="control"),
            ["global"],
        )
    ]
    if synth is not None:
        truth = Checker(SynthPhonology.from_path(synth / "phonology.jsonl"))
        jobs.append(
            (
                "control: gspgen synth oracle texts",
                f"{synth}/descriptions.jsonl vs its phonology.jsonl (another author's wording; {_synth_params(synth)})",
                lambda: truth.check_file(synth / "descriptions.jsonl"),
                ["global", "all"],
            )
        )
    for f in files:
        kinds = ["global", "synonym", "part", "all"]
        jobs.append((str(f), label(f), lambda f=f: checker.check_file(f), kinds))  # type: ignore[misc]
    for name, what, score, kinds in jobs:
        started = time.perf_counter()
        report = score()
        seconds = time.perf_counter() - started
        md += [f"### {name}", "", f"{what}; {len(report.records)} records scored, "
               f"{len(report.unmatched)} not in the lexicon; {seconds:.1f} s.", ""]  # fmt: skip
        for kind in kinds:
            total = report.totals.get(kind)
            if total is None:
                continue
            met = (total.correct_rate or 0) >= GOAL_CORRECT and (
                total.contradiction_rate or 0
            ) <= GOAL_CONTRADICTED
            md += [
                f"**{kind}** fields — goal ≥ 90% correct, ≤ 2% contradicted: {'met' if met else 'not met'}",
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
            shown = (
                f"first 15 of {len(contradictions)}" if len(contradictions) > 15 else str(len(contradictions))
            )
            md += [f"Contradictions ({shown}):", "", *contradictions[:15], ""]
        runs[name] = {
            "what": what,
            "records": len(report.records),
            "unmatched": len(report.unmatched),
            "seconds": round(seconds, 2),
            "summary": {k: {a: s.model_dump() for a, s in v.items()} for k, v in report.summary.items()},
            "totals": {k: s.model_dump() for k, s in report.totals.items()},
        }
    facts = FactSource(LEXICON)
    variety = {str(f): texts(f, facts, checker) for f in files}
    for name, stats in variety.items():
        runs[name]["texts"] = stats
    return {
        "markdown": "\n".join([*overview(runs), *fields_overview(runs), *texts_table(variety), *md]),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="description JSONL (default: outputs/*.jsonl)")
    parser.add_argument(
        "--control-limit", type=int, default=None, help="entries in the control (default: all)"
    )
    parser.add_argument(
        "--synth", type=Path, default=None, help="a `gspgen synth` folder: check its oracle texts"
    )
    args = parser.parse_args()
    # describe also writes FILE.failed.jsonl (its failure log, another schema) beside the records
    files = args.files or [
        Path(p) for p in sorted(glob.glob("outputs/*.jsonl")) if not p.endswith(".failed.jsonl")
    ]
    result = run(files, args.control_limit, args.synth)
    argv = [str(f) for f in args.files]
    argv += [f"--control-limit {args.control_limit}"] if args.control_limit else []
    argv += [f"--synth {args.synth}"] if args.synth else []
    command = "`" + " ".join([".venv/bin/python bench/check.py", *argv]) + "`"
    markdown = f"{result['markdown']}\nProduced by {command}.\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write_text(RESULTS / "check.md", markdown)
    atomic_write_json(RESULTS / "check.json", {"command": command, "runs": result["runs"]})
    print(markdown)


if __name__ == "__main__":
    main()

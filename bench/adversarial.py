"""The checker against an adversarial set: planted errors it must find, correct texts it must not flag.

Generates the set with the seeded generator of ``gspgen.testing.adversarial`` (three template sets:
``dev``, the one the checker was improved on; ``heldout`` and ``fresh``, written later — their first runs,
before the checker was changed for what they found, are kept in ``bench/results/adversarial_first_runs.json``),
writes it to ``tests/check/data/adversarial.jsonl.gz`` (the test reads it), scores every case with
``gspgen check``'s checker against ASL-LEX and writes ``bench/results/adversarial.md`` / ``.json``: per
kind, detected (a contradiction or an unsupported claim on the planted attribute that the text without
the error does not have) or, for correct texts and paraphrases, false alarms; the first misses of each.

    .venv/bin/python bench/adversarial.py [--per-kind 60]

Goal: every planted kind >= 95 % detected, 0 false alarms on correct texts and correct paraphrases.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

from gspgen.check import Checker, TableLexicon
from gspgen.config import bundled_path
from gspgen.jsonio import atomic_write_json, atomic_write_text
from gspgen.lexicon import load_lexicon
from gspgen.testing import adversarial as adv

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "bench" / "results"
SET = ROOT / "tests" / "check" / "data" / "adversarial.jsonl.gz"  # tests/check/test_adversarial.py reads it
LEXICON = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
GOAL = 0.95
SEEDS = {"dev": adv.SEED, "heldout": adv.HELDOUT_SEED, "fresh": adv.FRESH_SEED}


def run(per_kind: int) -> dict[str, Any]:
    cases = [c for name, seed in SEEDS.items() for c in adv.generate(LEXICON, seed, per_kind, name)]
    adv.write(cases, SET)
    checker = Checker(TableLexicon.from_path(LEXICON))
    lexicon = load_lexicon(LEXICON)
    started = time.process_time()
    scores = {name: adv.score([c for c in cases if c.templates == name], checker, lexicon) for name in SEEDS}
    return {
        "per_kind": per_kind,
        "cases": len(cases),
        "cpu_s": round(time.process_time() - started, 1),
        "sets": scores,
    }


def _rate(hits: int, cases: int) -> str:
    return f"{hits}/{cases} ({100 * hits / cases:.0f} %)" if cases else "–"


def report(result: dict[str, Any], first: dict[str, Any], command: str) -> str:
    sets = result["sets"]
    kinds = list(next(iter(sets.values())))
    met = all(
        (s[k]["hits"] == 0 if k in adv.CLEAN else s[k]["rate"] >= GOAL) for s in sets.values() for k in kinds
    )
    head = (
        "| kind | "
        + " | ".join(f"{n} (now)" for n in sets)
        + " | "
        + " | ".join(f"{n} (first run)" for n in first)
        + " |"
    )
    lines = [
        "## gspgen check — adversarial set: planted errors detected, false alarms",
        "",
        f"`{command}`: {result['cases']} texts from ASL-LEX rows ({result['per_kind']} per kind and template set), "
        f"scored in {result['cpu_s']} s CPU. Generator: `gspgen.testing.adversarial` (seeded; templates written "
        "in everyday words for the set, not the check vocabulary's terms nor the phrase bank's wordings); the "
        "set itself: `tests/check/data/adversarial.jsonl.gz` (`tests/check/test_adversarial.py` checks it).",
        "",
        "Template sets: **dev** — the checker was improved (in general terms) until it read these; **heldout** "
        "and **fresh** — written afterwards and run once as they were (the *first run* columns, kept in "
        "`bench/results/adversarial_first_runs.json`), then the checker was improved for what they found "
        "(listed below), so the *now* columns of those sets are no longer held out.",
        "",
        f"Clean kinds (`correct`: faithful mode's fact sentences; `paraphrase`: the templates' wording) count "
        f"**false alarms** (any contradiction or unsupported claim); planted kinds count **detections**. Goal: "
        f"every planted kind ≥ {GOAL:.0%}, 0 false alarms — now: **{'met' if met else 'not met'}**.",
        "",
        head,
        "|---|" + "---:|" * (len(sets) + len(first)),
    ]
    for kind in kinds:
        now = [_rate(s[kind]["hits"], s[kind]["cases"]) for s in sets.values()]
        was = [
            _rate(f["kinds"][kind]["hits"], f["kinds"][kind]["cases"]) if kind in f["kinds"] else "–"
            for f in first.values()
        ]
        lines.append(f"| {kind} | " + " | ".join(now + was) + " |")
    lines += ["", "What each first run found, and what changed after it:", ""]
    lines += [f"- **{name}** (seed {f['seed']}): {f['changes_after']}." for name, f in first.items()]
    misses = [(name, kind, m) for name, s in sets.items() for kind in kinds for m in s[kind]["misses"]]
    lines += ["", f"Misses and false alarms now: {len(misses)}.", ""]
    lines += [f"- {name} {kind}: {m['text']} → {m['found']}" for name, kind, m in misses[:20]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=adv.PER_KIND)
    args = parser.parse_args()
    result = run(args.per_kind)
    first = json.loads((RESULTS / "adversarial_first_runs.json").read_text(encoding="utf-8"))
    first = {k: v for k, v in first.items() if k != "note"}
    command = "python bench/adversarial.py" + (
        f" --per-kind {args.per_kind}" if args.per_kind != adv.PER_KIND else ""
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["process_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    for scores in result["sets"].values():
        for stats in scores.values():
            stats["misses"] = stats["misses"][:10]
    atomic_write_json(RESULTS / "adversarial.json", {"command": command, **result})
    text = report(result, first, command)
    atomic_write_text(RESULTS / "adversarial.md", text)
    print(text)


if __name__ == "__main__":
    main()

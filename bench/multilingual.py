"""Which texts, under which frozen text encoder, keep the classes of a Chinese or Turkish dictionary apart?

Faithful mode describes a gloss with no coded row from its own printed entry (gspgen.describe.entryfacts),
either in the entry's language (describe.entry_texts = "entry", for train.text_encoder = "usem") or in
English rendered from its statements ("english", for an English-only encoder such as MiniLM). The
recognizer's text side only helps if a class's texts embed near each other and away from other classes',
so this measures, per way: paraphrase -> own entry hit@1 (the paraphrase's nearest entry text, by cosine,
is its own) and the mean margin of the own entry over the nearest other one.

Load: generated printed-layout entries (gspgen.testing.printed: SLR500 glosses with bodies built from one
small phrase pool, so entries overlap; 32 TİD entries). Paraphrases: gspgen.testing.paraphrases (other
words from a phrase table, sentences rotated): rule-made, standing in for an LLM's rewording; measured
with two per entry. English: each entry and each paraphrase rendered in English (the paraphrase's
rendering tests that the claim vocabulary reads reworded text too), plus the deterministic English
variants faithful mode falls back to. Not measured: real dictionaries, LLM paraphrases, training.

``--describe N`` also runs faithful ``describe`` with the embedded model (Qwen2.5-Coder-0.5B) on N glosses
of each dictionary, from a real Chroma store of the generated PDFs, and counts where the texts came from
(LLM rewordings that passed the gate, or fallbacks) and the invalid replies.

Run: ``.venv/bin/python bench/multilingual.py [--zh 60] [--describe 5]``; writes bench/results/multilingual.md
and .json.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _common import provenance, save_results  # noqa: E402
from gspgen.config import CorpusSettings, Settings  # noqa: E402
from gspgen.corpus.embedder import make_embedder  # noqa: E402
from gspgen.corpus.hits import Hit  # noqa: E402
from gspgen.describe.entryfacts import EntryFacts, entry_facts  # noqa: E402
from gspgen.describe.retrieval import Found  # noqa: E402
from gspgen.testing.paraphrases import paraphrase  # noqa: E402
from gspgen.testing.printed import PrintedEntry, chinese_entries, turkish_entries  # noqa: E402

TURNS = (1, 2)  # paraphrases per entry (sentence rotations)


def _facts(
    printed: PrintedEntry, language: str, body: str | None = None, english: bool = False
) -> EntryFacts:
    text = printed.head_line() + "\n" + (body or printed.body)
    hit = Hit(id=printed.headword, text=text, score=1.0, kind="entry", source="bench.pdf",
              gloss=printed.headword, language=language, page=1)  # fmt: skip
    facts = entry_facts(Found(hit, "exact"), "right", english)
    if facts is None:
        raise SystemExit(f"no facts for {printed.headword}")
    return facts


def _score(encoder: Any, entries: list[str], queries: list[str], own: np.ndarray) -> dict[str, float]:
    started = time.perf_counter()
    sims = np.asarray(encoder.embed(queries)) @ np.asarray(encoder.embed(entries)).T
    seconds = time.perf_counter() - started
    others = sims.copy()
    others[np.arange(len(queries)), own] = -1.0
    return {
        "hit1": round(float((sims.argmax(1) == own).mean()), 4),
        "margin": round(float((sims[np.arange(len(queries)), own] - others.max(1)).mean()), 4),
        "s_per_text": round(seconds / (len(entries) + len(queries)), 4),
    }


def _sets(zh: int) -> list[dict[str, Any]]:
    """(name, language, entry texts, queries, owner of each query, notes) for every way measured."""
    sets: list[dict[str, Any]] = []
    for language, code, printed in (("zh", "csl", chinese_entries(zh)), ("tr", "tsm", turkish_entries())):
        own = [_facts(p, code) for p in printed]
        queries = [paraphrase(f.text, language, t) for f in own for t in TURNS]
        owner = np.repeat(np.arange(len(own)), len(TURNS))
        sets.append({"texts": f"{language}, entry's own words", "entries": [f.text for f in own],
                     "queries": queries, "owner": owner, "encoders": ["minilm", "usem"]})  # fmt: skip
        english = [_facts(p, code, english=True) for p in printed]
        rendered = [
            _facts(p, code, paraphrase(p.body, language, t), english=True).text
            for p in printed
            for t in TURNS
        ]
        sets.append({"texts": f"{language} -> English rendering, of paraphrases", "entries": [f.text for f in english],
                     "queries": rendered, "owner": owner, "encoders": ["minilm", "usem"],
                     "distinct": len({f.text for f in english}), "left_out": sum(f.in_entry_words for f in english),
                     "sentences": sum(len(f.clauses) for f in english)})  # fmt: skip
        variants = [f.variant(t) for f in english for t in TURNS]
        sets.append({"texts": f"{language} -> English rendering, fallback variants", "entries": [f.text for f in english],
                     "queries": variants, "owner": owner, "encoders": ["minilm"]})  # fmt: skip
    return sets


def _describe(n: int, usem: Any) -> list[dict[str, Any]]:
    """Faithful describe, embedded model, of the first ``n`` glosses of each generated dictionary."""
    from rich.console import Console

    from gspgen.corpus.ingestion import ingest
    from gspgen.corpus.manifest import MANIFEST_NAME
    from gspgen.describe import DescriptionRecord, describe
    from gspgen.jsonio import read_jsonl
    from gspgen.testing.printed import write_dictionary_pdf
    from gspgen.vocab import VocabEntry

    rows = []
    dictionaries = (("csl", chinese_entries(n), "[]"), ("tsm", turkish_entries(n), "()"))
    with tempfile.TemporaryDirectory() as tmp:
        for code, printed, brackets in dictionaries:
            folder = Path(tmp) / code
            folder.mkdir()
            pdf = write_dictionary_pdf(folder / "dictionary.pdf", printed, code, brackets=brackets)
            (folder / MANIFEST_NAME).write_text(f'language = "{code}"\n', encoding="utf-8")
            corpus = CorpusSettings(store_dir=folder / "store", embedder="usem")
            ingest([pdf], corpus, embedder=usem, console=Console(quiet=True))
            settings = Settings(
                corpus=corpus,
                llm={"threads": 1},  # type: ignore[arg-type]
                describe={  # type: ignore[arg-type]
                    "output": folder / "out.jsonl",
                    "cache_dir": folder / "cache",
                    "entry_texts": "entry",
                },
                train={"text_encoder": "usem"},  # type: ignore[arg-type]
            )
            vocab = [
                VocabEntry(class_id=i, glosses=[p.headword], language=code, line=i + 1)
                for i, p in enumerate(printed)
            ]
            started = time.perf_counter()
            summary = describe(settings, vocab, console=Console(quiet=True))
            records = list(read_jsonl(summary.output, DescriptionRecord))
            origins = collections.Counter(o for r in records for k, o in r.origins.items() if k != "global.0")
            rows.append({"dictionary": code, "glosses": n, "described": summary.done, "failed": summary.failed,
                         "from_entry": sum(r.generation.facts is not None for r in records), "calls": summary.calls,
                         "invalid_replies": summary.invalid_replies, "origins": dict(origins),
                         "seconds": round(time.perf_counter() - started)})  # fmt: skip
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zh", type=int, default=60, help="Chinese entries (SLR500 glosses)")
    parser.add_argument("--describe", type=int, default=0, help="also describe N glosses per dictionary")
    args = parser.parse_args()
    encoders = {name: make_embedder(name) for name in ("minilm", "usem")}
    rows = []
    for spec in _sets(args.zh):
        for name in spec["encoders"]:
            score = _score(encoders[name], spec["entries"], spec["queries"], spec["owner"])
            row = {"texts": spec["texts"], "encoder": name, "entries": len(spec["entries"]),
                   "queries": len(spec["queries"]), **score}  # fmt: skip
            row |= {k: spec[k] for k in ("distinct", "left_out", "sentences") if k in spec}
            print(row, flush=True)
            rows.append(row)
    described = _describe(args.describe, encoders["usem"]) if args.describe else []
    command = "python bench/multilingual.py" + (f" --zh {args.zh}" if args.zh != 60 else "")
    command += f" --describe {args.describe}" if args.describe else ""
    save_results("multilingual", {**provenance(command), "rows": rows, "described": described}, _report)


def _report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "## Multilingual texts: entry language + usem vs English renderings + MiniLM",
        "",
        f"`{results['command']}` ({results['date']}, {results['machine']}). Paraphrase -> own entry hit@1 over",
        "generated printed-dictionary entries (one small phrase pool: entries overlap), two rule-made paraphrases",
        "per entry; margin = cosine of the own entry minus the nearest other one. See the module docstring.",
        "",
        "| texts | encoder | entries | queries | hit@1 | margin | s/text | English: distinct / clauses quoted in the entry's words, of sentences |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        extra = (
            f"{r['distinct']} of {r['entries']} / {r['left_out']} of {r['sentences']}"
            if "distinct" in r
            else ""
        )
        lines.append(
            f"| {r['texts']} | {r['encoder']} | {r['entries']} | {r['queries']} | {100 * r['hit1']:.1f} | "
            f"{r['margin']:.3f} | {r['s_per_text']:.3f} | {extra} |"
        )
    lines += [
        "",
        "Best way per language (hit@1; the fallback variants are reorderings of the same text, not counted):",
    ]
    for language in ("zh", "tr"):
        rows = [
            r for r in results["rows"] if r["texts"].startswith(language) and "fallback" not in r["texts"]
        ]
        best = max(rows, key=lambda r: r["hit1"])
        lines.append(f"- {language}: {best['texts']} under {best['encoder']}, {100 * best['hit1']:.1f}%.")
    if results.get("described"):
        lines += [
            "",
            "Faithful `describe` with the embedded model (Qwen2.5-Coder-0.5B, `llm.threads = 1`), `describe.entry_texts",
            '= "entry"`, on the first glosses of each generated dictionary (a real Chroma store, usem):',
            "",
            "| dictionary | glosses | described | facts from the entry | LLM calls | invalid replies | "
            "synonym and part texts by origin (facts: a part's own sentence) | s |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for d in results["described"]:
            origins = ", ".join(f"{k} {v}" for k, v in sorted(d["origins"].items()))
            lines.append(
                f"| {d['dictionary']} | {d['glosses']} | {d['described']} | {d['from_entry']} | {d['calls']} | "
                f"{d['invalid_replies']} | {origins} | {d['seconds']} |"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

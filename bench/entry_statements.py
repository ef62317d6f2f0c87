"""Do the descriptions of a CSL / TİD vocabulary keep what the printed dictionary entry says?

Load: printed-layout dictionary PDFs made here (gspgen.testing.printed) from gspgen.testing.planted —
Chinese entries for SLR500 glosses and Turkish entries for AUTSL-style glosses, each with its statements
planted per slot (the other hand, handshape, place, direction and repetition of movement, palm
orientation, non-manual signals such as 表情严肃 / 眉毛上扬 / kaşlar kalkık) and a translation in brackets
beside the headword (〔…〕 and （…） for Chinese, […] and (…) for Turkish; bold, run-in, mixed and plain
headword lines, one and two columns). Each language's PDFs go into a real Chroma store (ingest with
``corpus.embedder = auto``), and ``gspgen describe`` runs over the headwords as a vocabulary of that
sign language, in these configurations:

- ``default``: the defaults (``describe.entry_texts = auto``, ``train.text_encoder = auto``: the entry's
  own words), the embedded LLM (Qwen2.5-Coder-0.5B) rewording;
- ``reword-off``: the same with ``describe.reword = false`` (no LLM: the phrase-vocabulary rewordings);
- ``english``: ``describe.entry_texts = english`` with ``reword = false``.

Scores per configuration and language: planted statements that some text of the record states, per slot
(read with the language's vocabularies, :mod:`gspgen.describe.statements`; the reader finds 100 % of the
planted statements in the entries themselves, tests/describe/test_entry_statements.py); records with ≥ 3
synonyms, and synonyms whose words differ from the global text's (not only reordered); non-manual
statements whose facts part is tagged face/mouth only; records whose texts contain the headword's
translation; what ``gspgen check`` finds (statements added / contradicted); where texts came from; time.

Run: ``nice -n 10 .venv/bin/python bench/entry_statements.py [--entries 120] [--configs default,reword-off,english]``;
writes bench/results/entry_statements.md and .json. ``--limit N`` describes only the first N glosses per
language with the LLM configurations (all of them without the LLM). With ``--work DIR`` a stopped run
resumes; ``--languages csl`` and ``--languages tsm`` can run side by side on that folder, and a last run
over both reports them with the cost each output took over all invocations.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _common import provenance, save_results  # noqa: E402
from gspgen.testing.planted import PlantedEntry, csl_entries, tid_entries, write_pdfs  # noqa: E402

CONFIGS: dict[str, dict[str, Any]] = {
    "default": {},
    "reword-off": {"reword": False},
    "english": {"reword": False, "entry_texts": "english"},
}
SLOT_ORDER = ("other_hand", "handshape", "place", "movement", "palm", "nonmanual")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _store(folder: Path, language: str, entries: list[PlantedEntry]) -> Path:
    """The entries as printed PDFs (two layouts) in a Chroma store of their own."""
    from rich.console import Console

    from gspgen.config import CorpusSettings
    from gspgen.corpus.ingestion import ingest
    from gspgen.corpus.manifest import MANIFEST_NAME

    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_NAME).write_text(f'language = "{language}"\n', encoding="utf-8")
    pdfs = write_pdfs(folder, language, entries)
    settings = CorpusSettings(store_dir=folder / "store")
    report = ingest(pdfs, settings, console=Console(quiet=True))
    if not report.ok:
        raise SystemExit(f"ingest failed: {report}")
    return folder / "store"


def _describe(
    store: Path, language: str, entries: list[PlantedEntry], config: str, folder: Path, llm: dict[str, Any]
) -> tuple[list[Any], dict[str, Any]]:
    from rich.console import Console

    from gspgen.config import Settings
    from gspgen.describe import DescriptionRecord, describe
    from gspgen.jsonio import read_jsonl
    from gspgen.vocab import VocabEntry

    out = folder / f"{language}-{config}.jsonl"
    settings = Settings(
        corpus={"store_dir": store},  # type: ignore[arg-type]
        llm=llm,  # type: ignore[arg-type]
        describe={"output": out, "cache_dir": folder / "cache", **CONFIGS[config]},  # type: ignore[arg-type]
    )
    vocab = [
        VocabEntry(class_id=i, glosses=[e.headword], language=language, line=i + 1)
        for i, e in enumerate(entries)
    ]
    started, cpu = time.perf_counter(), _cpu()
    summary = describe(settings, vocab, retry_failed=True, console=Console(quiet=True))  # resumed: retry
    run = {
        "wall_s": time.perf_counter() - started,
        "cpu_s": _cpu() - cpu,
        "calls": summary.calls,
        "invalid_replies": summary.invalid_replies,
        "failed": summary.failed,
    }
    return list(read_jsonl(summary.output, DescriptionRecord)), _spent(out.with_suffix(".cost.json"), run)


def _spent(ledger: Path, run: dict[str, Any]) -> dict[str, Any]:
    """This invocation's cost added to what earlier ones spent on the same output (a resumed run, or the
    languages described by processes side by side), so the report states the whole cost."""
    earlier = json.loads(ledger.read_text(encoding="utf-8")) if ledger.exists() else {}
    total = {k: v + earlier.get(k, 0) for k, v in run.items() if k != "failed"}
    ledger.write_text(json.dumps(total), encoding="utf-8")
    return {**{k: round(v, 1) for k, v in total.items()}, "failed": run["failed"]}


def _hand(tags: list[str]) -> str:
    if set(tags) <= {"face", "mouth"}:
        return "nonmanual"
    return "nondominant" if "left_hand" in tags and "right_hand" not in tags else "dominant"


def _said(keys: set[tuple[str, str, str]], attribute: str, value: str, hand: str) -> bool:
    hands = {h for a, v, h in keys if a == attribute and v == value}
    return hand in hands or (hand == "both" and {"dominant", "nondominant"} <= hands)


def _score(records: list[Any], entries: list[PlantedEntry], language: str, config: str) -> dict[str, Any]:
    """Everything the module docstring lists, for one configuration and language."""
    from gspgen.check.entrycheck import entry_checks
    from gspgen.describe import entry_reading
    from gspgen.describe.statements import Statement
    from gspgen.describe.statements import slot as slot_of
    from gspgen.describe.tagvocab import load_tag_vocabulary, written_language

    by_gloss = {r.gloss: r for r in records}
    written = written_language(language) or "en"
    texts = "en" if config == "english" else written
    vocab = load_tag_vocabulary(texts)
    quiet = {
        w for t in [*vocab.function_words, *(c for g in vocab.connectives for c in g)] for w in vocab.words(t)
    }
    slots = {s: [0, 0] for s in SLOT_ORDER}
    lost: collections.Counter[str] = collections.Counter()
    synonyms = {"records": 0, "three": 0, "texts": 0, "differ": 0, "changed": 0.0}
    nonmanual = [0, 0]
    leaks: list[str] = []
    origins: collections.Counter[str] = collections.Counter()

    for e in entries:
        record = by_gloss.get(e.headword)
        if record is None or record.generation.statements is None:
            continue
        reading = entry_reading(record.evidence[0].text, [e.headword], language, texts, "right")
        assert reading is not None
        reader = reading[1]
        fields = [(t, "dominant") for t in [*record.global_descriptions, *record.synonyms]]
        fields += [(p.text, _hand(list(p.parts))) for p in record.parts]
        keys = {s.key for t, h in fields for s in reader.read(t, h)}
        for p in e.statements:
            hand = "" if p.attribute == "sign_type" else p.hand
            name = slot_of(Statement(p.attribute, p.value, hand, p.words))
            slots[name][1] += 1
            if _said(keys, p.attribute, p.value, hand):
                slots[name][0] += 1
            else:
                lost[f"{name}: {p.words}"] += 1
        synonyms["records"] += 1
        synonyms["three"] += len(record.synonyms) >= 3
        words = collections.Counter(w for w in vocab.words(record.global_descriptions[0]) if w not in quiet)
        for s in record.synonyms:
            mine = collections.Counter(w for w in vocab.words(s) if w not in quiet)
            synonyms["texts"] += 1
            synonyms["differ"] += mine != words
            synonyms["changed"] += 1 - sum((mine & words).values()) / max(1, sum(words.values()))
        facts_parts = [p for i, p in enumerate(record.parts) if record.origins.get(f"part.{i}") == "facts"]
        for p in (p for p in e.statements if p.attribute == "nonmanual"):
            nonmanual[1] += 1
            holders = [
                q for q in facts_parts if p.key in {s.key for s in reader.read(q.text, _hand(list(q.parts)))}
            ]
            nonmanual[0] += bool(holders) and all(set(q.parts) <= {"face", "mouth"} for q in holders)
        if _leaks(record, e.printed.translation, config == "english"):
            leaks.append(e.headword)
        origins.update(o for k, o in record.origins.items() if k != "global.0")
    check = entry_checks(records, "right")
    return {
        "records": len(records),
        "from_entry": sum(r.generation.statements is not None for r in records),
        "slots": slots,
        "lost": dict(lost.most_common(12)),
        "synonyms": synonyms,
        "nonmanual_tagged": nonmanual,
        "translation_leaks": leaks,
        "origins": dict(origins),
        "check": check.totals if check else {},
    }


def _leaks(record: Any, translation: str, english: bool) -> bool:
    """The headword's translation in a text: bracketed (any texts), or at all (texts in the entry's words)."""
    texts = [*record.global_descriptions, *record.synonyms, *(p.text for p in record.parts)]
    word = re.escape(translation)
    bare = rf"(?<!\w){word}(?!\w)"
    bracketed = rf"[\[【〔(（]\s*{word}\s*[\]】〕)）]"
    flags = re.IGNORECASE if len(translation) > 1 else 0
    return any(re.search(bracketed if english else bare, t, flags) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=120, help="entries per language (≥ 100)")
    parser.add_argument("--configs", default="default,reword-off,english")
    parser.add_argument("--limit", type=int, default=0, help="LLM configurations: the first N glosses only")
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads")
    parser.add_argument("--work", type=Path, default=None, help="keep stores and outputs here (resumable)")
    parser.add_argument(
        "--languages",
        default="csl,tsm",
        help="one per process side by side (same --work), then all to report",
    )
    args = parser.parse_args()
    configs = args.configs.split(",")
    llm = {"threads": args.threads}  # the embedded model from the user cache (LLMSettings.models_dir)
    work = args.work or Path(tempfile.mkdtemp(prefix="entry-statements-"))
    rows = []
    planted = {"csl": csl_entries, "tsm": tid_entries}
    for language in args.languages.split(","):
        entries = planted[language](args.entries)
        started, cpu = time.perf_counter(), _cpu()
        store = work / language / "store"
        if not store.exists():
            store = _store(work / language, language, entries)
        ingest = {"wall_s": round(time.perf_counter() - started, 1), "cpu_s": round(_cpu() - cpu, 1)}
        print(language, "ingest", ingest, flush=True)
        for config in configs:
            subset = entries[: args.limit] if args.limit and config == "default" else entries
            records, run = _describe(store, language, subset, config, work / language, llm)
            row = {"language": language, "config": config, "entries": len(subset), "ingest": ingest, **run}
            row |= _score(records, subset, language, config)
            print(row, flush=True)
            rows.append(row)
    command = "nice -n 10 python bench/entry_statements.py" + (
        f" --entries {args.entries}" if args.entries != 120 else ""
    )
    command += f" --configs {args.configs}" if args.configs != "default,reword-off,english" else ""
    command += f" --limit {args.limit}" if args.limit else ""
    command += f" --languages {args.languages}" if args.languages != "csl,tsm" else ""
    save_results("entry_statements", {**provenance(command), "rows": rows}, _report)


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def _report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "## Entry statements kept: CSL and TİD descriptions from printed dictionaries",
        "",
        f"`{results['command']}` ({results['date']}, {results['machine']}). Planted statements per slot that",
        "some text of the record states; see the module docstring (bench/entry_statements.py).",
        "",
        "| language | config | records | other hand | handshape | place | movement | palm | non-manual | all | "
        "≥ 3 synonyms | synonyms differing in words | words changed | non-manual parts tagged face/mouth | "
        "translations in texts |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        slots = r["slots"]
        kept, total = sum(v[0] for v in slots.values()), sum(v[1] for v in slots.values())
        syn = r["synonyms"]
        cells = [f"{_pct(*slots[s])} ({slots[s][0]}/{slots[s][1]})" for s in SLOT_ORDER]
        lines.append(
            f"| {r['language']} | {r['config']} | {r['records']} | {' | '.join(cells)} | {_pct(kept, total)} | "
            f"{_pct(syn['three'], syn['records'])} | {_pct(syn['differ'], syn['texts'])} | "
            f"{_pct(syn['changed'], syn['texts'])} | {_pct(*r['nonmanual_tagged'])} | {len(r['translation_leaks'])} |"
        )
    lines += [
        "",
        "What `gspgen check` finds against the entries, where the texts came from, and what it cost "
        "(CPU: this process and its children, the llama.cpp server included):",
        "",
        "| language | config | texts | added | contradicted | texts missing a statement | origins | LLM calls | "
        "invalid replies | wall s | CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        c = r["check"]
        origins = ", ".join(f"{k} {v}" for k, v in sorted(r["origins"].items()))
        lines.append(
            f"| {r['language']} | {r['config']} | {c.get('fields', 0)} | {c.get('added', 0)} | "
            f"{c.get('contradicted', 0)} | {c.get('fields_missing', 0)} | {origins} | {r['calls']} | "
            f"{r['invalid_replies']} | {r['wall_s']} | {r['cpu_s']} |"
        )
    lost = [(r["language"], r["config"], r["lost"]) for r in results["rows"] if r["lost"]]
    if lost:
        lines += ["", "Planted statements no text kept (most frequent):", ""]
        lines += [
            f"- {lang} {config}: " + "; ".join(f"{k} ×{v}" for k, v in items.items())
            for lang, config, items in lost
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

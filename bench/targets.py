"""bench/targets: can the text targets tell the classes apart? Before and after the vocabulary transform.

    .venv/bin/python bench/targets.py            # ≈ 2 CPU-min (both encoders; Chinese records once)

Per vocabulary and its language's default encoder, the figures `gspgen train` logs for every run
(gspgen.train.targets.diagnose): per term the mean inter-class cosine, the own-class softmax mass at
τ = 0.1 of each text among the vocabulary's class vectors, the share of texts whose nearest class vector
is their own (classes sharing a text, or their global text, count as one), and identical texts.

- English: the 100 WLASL glosses of bench/results/describe_faithful100.jsonl (faithful `gspgen describe`,
  embedded Qwen 0.5B), all-MiniLM-L6-v2 (`minilm`, the default).
- English, the generator's own texts of the same glosses (bench/longtail.py's oracle arm): they state
  what the performer animates beyond the lexicon's coding (path direction, palm facing, head and body cues,
  mouthing), which faithful texts cannot.
- Chinese: 100 CSL entries of the printed-dictionary fixture (gspgen.testing.printed: SLR500 glosses,
  bodies from one small phrase pool), written as a PDF, ingested into a real Chroma store and described
  by faithful `gspgen describe` from the entries' own words (`describe.entry_texts = "entry"`,
  `describe.reword = false`: facts and their deterministic variants, no LLM), multilingual USE (`usem`).

Transforms: none (the paper's raw embeddings), center, whiten (the default). Diagnostics-only variants of
the English texts, to compare the levers the issue lists: per-fact embeddings pooled (each sentence
embedded alone, then averaged), a boilerplate-free rendering (words in more than half of the classes'
texts dropped before embedding), and the whitening fitted on 50 classes and measured on the other 50
(does it carry over to texts it never saw, as zero-shot needs?). Writes bench/results/targets.md / .json.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import (  # noqa: E402
    RESULTS,
    ground_truth_descriptions,
    provenance,
    recombined_texts,
    save_results,
    synth,
)

FAITHFUL = RESULTS / "describe_faithful100.jsonl"
TAU = 0.1
TRANSFORMS = ("none", "center", "whiten")
SENTENCE = re.compile(r"(?<=[.。!?！？;；])\s*")
WORD = re.compile(r"\w+|[^\w\s]")


def chinese_records(work: Path, n: int) -> Path:
    """Faithful describe (no LLM) of the first ``n`` fixture entries, from a real store of their PDF."""
    out = work / "csl.jsonl"
    if out.exists():
        return out
    from rich.console import Console

    from gspgen.config import CorpusSettings, Settings
    from gspgen.corpus.embedder import make_embedder
    from gspgen.corpus.ingestion import ingest
    from gspgen.corpus.manifest import MANIFEST_NAME
    from gspgen.describe import describe
    from gspgen.testing.printed import chinese_entries, write_dictionary_pdf
    from gspgen.vocab import VocabEntry

    folder = work / "csl"
    folder.mkdir(parents=True, exist_ok=True)
    printed = chinese_entries(n)
    pdf = write_dictionary_pdf(folder / "dictionary.pdf", printed, "csl", brackets="[]")
    (folder / MANIFEST_NAME).write_text('language = "csl"\n', encoding="utf-8")
    corpus = CorpusSettings(store_dir=folder / "store", embedder="usem")
    ingest([pdf], corpus, embedder=make_embedder("usem"), console=Console(quiet=True))
    settings = Settings(
        corpus=corpus,
        describe={"output": out, "cache_dir": folder / "cache", "entry_texts": "entry", "reword": False},  # type: ignore[arg-type]
        train={"text_encoder": "usem"},  # type: ignore[arg-type]
    )
    vocab = [
        VocabEntry(class_id=i, glosses=[p.headword], language="csl", line=i + 1)
        for i, p in enumerate(printed)
    ]
    summary = describe(settings, vocab, output=out, console=Console(quiet=True))
    print(f"csl: described {summary.done}, failed {summary.failed}, LLM calls {summary.calls}", flush=True)
    return out


def oracle_records(work: Path) -> Path:
    """The generator's ground-truth texts of the same 100 glosses (bench/longtail.py's oracle arm): a
    3-signer synth of them only for its phonology.jsonl."""
    out = work / "oracle.jsonl"
    if out.exists():
        return out
    records = [line for line in FAITHFUL.read_text(encoding="utf-8").splitlines() if line]
    import json

    vocab = work / "vocab.tsv"
    vocab.write_text(
        "class_id\tgloss\n"
        + "".join(f"{r['class_id']}\t{r['glosses'][0]}\n" for r in map(json.loads, records)),
        encoding="utf-8",
    )
    data = synth(work / "synth100", vocab=vocab, classes=len(records), signers=3, repetitions=1, workers=1)
    return ground_truth_descriptions(data, out, recombined_texts)


def load(path: Path) -> tuple[dict[int, Any], list[int], list[str]]:
    from gspgen.train.textbank import class_texts, read_descriptions

    records = read_descriptions(path)
    texts = {r.class_id: class_texts(r, approved_only=False, part_text="segments") for r in records}
    return texts, [r.class_id for r in records], [r.gloss for r in records]


def all_texts(texts: dict[int, Any]) -> list[str]:
    return sorted({t for ct in texts.values() for ts in ct.by_term.values() for t in ts})


def figures(bank: Any, glosses: list[str], encoder: str) -> dict[str, Any]:
    from gspgen.train.targets import diagnose

    return diagnose(bank, glosses, encoder, TAU).model_dump()


def standard(
    texts: dict[int, Any], ids: list[int], glosses: list[str], encoder: str, cache: Path
) -> list[dict[str, Any]]:
    from gspgen.train.textbank import build_bank

    rows = []
    for transform in TRANSFORMS:
        bank = build_bank(texts, ids, encoder, cache, transform)  # type: ignore[arg-type]
        rows.append({"variant": transform, **figures(bank, glosses, encoder)})
    return rows


def pooled_vectors(texts: list[str], encoder: str, cache: Path) -> dict[str, np.ndarray]:
    """Each text = the re-normalised mean of its sentences' embeddings."""
    from gspgen.train.targets import unit
    from gspgen.train.textbank import embed_texts

    split = {t: [s for s in SENTENCE.split(t) if s.strip()] or [t] for t in texts}
    sentences = sorted({s for ss in split.values() for s in ss})
    row = dict(zip(sentences, embed_texts(sentences, encoder, cache), strict=True))
    return {t: unit(np.mean([row[s] for s in ss], axis=0)) for t, ss in split.items()}


def boilerplate_free(texts: dict[int, Any], encoder: str, cache: Path) -> dict[str, np.ndarray]:
    """Each text embedded without the words that more than half of the classes' texts use."""
    from gspgen.train.textbank import embed_texts

    classes = [
        set(WORD.findall(" ".join(t for ts in ct.by_term.values() for t in ts).lower()))
        for ct in texts.values()
    ]
    frequency: dict[str, int] = {}
    for words in classes:
        for w in words:
            frequency[w] = frequency.get(w, 0) + 1
    common = {w for w, n in frequency.items() if n > len(classes) / 2}
    originals = all_texts(texts)
    stripped = {t: " ".join(w for w in WORD.findall(t) if w.lower() not in common) or t for t in originals}
    vectors = embed_texts(sorted(set(stripped.values())), encoder, cache)
    row = dict(zip(sorted(set(stripped.values())), vectors, strict=True))
    return {t: row[stripped[t]] for t in originals}


def variants(
    texts: dict[int, Any], ids: list[int], glosses: list[str], encoder: str, cache: Path
) -> list[dict[str, Any]]:
    from gspgen.train.textbank import bank_from_vectors, embed_texts

    rows = []
    for name, vectors in (
        ("per-fact pooled", pooled_vectors(all_texts(texts), encoder, cache)),
        ("boilerplate-free", boilerplate_free(texts, encoder, cache)),
    ):
        for transform in ("none", "whiten"):
            bank = bank_from_vectors(texts, ids, vectors, transform)
            rows.append({"variant": f"{name}, {transform}", **figures(bank, glosses, encoder)})
    raw = dict(zip(all_texts(texts), embed_texts(all_texts(texts), encoder, cache), strict=True))
    order = np.random.default_rng(0).permutation(len(ids))
    fit_ids = [ids[i] for i in sorted(order[: len(ids) // 2])]
    held = sorted(order[len(ids) // 2 :])
    held_ids, held_glosses = [ids[i] for i in held], [glosses[i] for i in held]
    space = bank_from_vectors(texts, fit_ids, raw, "whiten").space
    bank = bank_from_vectors(texts, held_ids, raw, "whiten", space=space)
    rows.append({"variant": "whiten fitted on 50 other classes", **figures(bank, held_glosses, encoder)})
    bank = bank_from_vectors(texts, held_ids, raw, "none")
    rows.append({"variant": "none, the same 50 classes", **figures(bank, held_glosses, encoder)})
    return rows


def _cell(term: dict[str, Any] | None, key: str) -> str:
    if term is None or term[key] is None:
        return "–"
    return f"{100 * term[key]:.0f} %" if key == "nearest_own" else f"{term[key]:.2f}"


def report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "## Text targets: can they tell the classes apart? (bench/targets.py)",
        "",
        f"`{results['command']}` — {results['date']}, {results['machine']}; {results['cpu_s'] / 60:.1f} CPU-min. "
        f"τ = {TAU}. Per term: mean inter-class cosine (cos), own-class softmax mass of a text among the "
        "vocabulary's class vectors (mass; the synonyms against the global texts, which they train the same "
        "head toward), share of texts nearest their own class vector (nearest); classes that share a text, or "
        "their global text, count as one. See the script's docstring for the sets.",
        "",
    ]
    for block in results["blocks"]:
        terms = sorted({t["term"] for r in block["rows"] for t in r["terms"]}, key=_order)
        lines += [
            f"### {block['name']} ({block['encoder']}, {block['classes']} classes)",
            "",
            "| variant | "
            + " | ".join(f"{t} mass / nearest" for t in terms)
            + " | global cos | identical texts |",
            "|---|" + "---|" * (len(terms) + 2),
        ]
        for r in block["rows"]:
            by = {t["term"]: t for t in r["terms"]}
            cells = [f"{_cell(by.get(t), 'own_mass')} / {_cell(by.get(t), 'nearest_own')}" for t in terms]
            same = sum(len(t["identical"]) for t in r["terms"])
            lines.append(
                f"| {r['variant']} | "
                + " | ".join(cells)
                + f" | {_cell(by.get('global'), 'inter_class_cosine')} | {same} |"
            )
        first = block["rows"][0]["terms"]
        named: list[list[str]] = next((t["identical"] for t in first if t["term"] == "global"), [])
        if named:
            lines += ["", "Identical global texts (the lexicon codes these classes the same): "
                      + "; ".join(" = ".join(g) for g in named) + "."]  # fmt: skip
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _order(term: str) -> int:
    from gspgen.train.textbank import TERMS

    return TERMS.index(term)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/gspgen-bench-targets"))
    parser.add_argument("--zh", type=int, default=100, help="Chinese entries")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cpu = time.process_time()
    cache = args.work / "text-cache"
    blocks = []
    texts, ids, glosses = load(FAITHFUL)
    rows = standard(texts, ids, glosses, "minilm", cache) + variants(texts, ids, glosses, "minilm", cache)
    blocks.append({"name": "English: faithful describe texts of 100 WLASL glosses", "encoder": "minilm",
                   "classes": len(ids), "rows": rows})  # fmt: skip
    texts, ids, glosses = load(oracle_records(args.work))
    blocks.append({"name": "English: the generator's ground-truth texts of the same glosses (longtail's oracle)",
                   "encoder": "minilm", "classes": len(ids), "rows": standard(texts, ids, glosses, "minilm", cache)})  # fmt: skip
    texts, ids, glosses = load(chinese_records(args.work, args.zh))
    blocks.append({"name": f"Chinese: faithful entry texts of {len(ids)} CSL fixture entries", "encoder": "usem",
                   "classes": len(ids), "rows": standard(texts, ids, glosses, "usem", cache)})  # fmt: skip
    command = "python bench/targets.py" + (f" --zh {args.zh}" if args.zh != 100 else "")
    results = {**provenance(command), "cpu_s": time.process_time() - cpu, "blocks": blocks}
    print(save_results("targets", results, report).read_text())


if __name__ == "__main__":
    main()

"""Ingest throughput vs raw ``SentenceTransformer.encode`` of the same texts, and no-change re-ingest cost.

Run: ``.venv/bin/python bench/ingest.py [--rows N] [--repeats R]``. The whole lexicon (2,723 signs + handshapes)
takes several minutes per pass on 2 CPU cores; ``--rows N`` uses its first N real rows.
Writes bench/results/ingest.md and bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from gspgen.config import CorpusSettings, bundled_path
from gspgen.corpus.embedder import Embedder, SentenceTransformerEmbedder, make_embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.loaders import load_file
from gspgen.jsonio import atomic_write_json, atomic_write_text

CORPUS = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
RESULTS = Path(__file__).resolve().parent / "results"


def _timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _corpus(folder: Path, rows: int) -> Path:
    """The lexicon, or a file with its header and first ``rows`` rows."""
    if rows <= 0:
        return CORPUS
    with CORPUS.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        kept = [next(reader)] + [row for _, row in zip(range(rows), reader, strict=False)]
    path = folder / CORPUS.name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(kept)
    return path


def encode(model: Any, texts: list[str], settings: CorpusSettings) -> None:
    model.encode(texts, batch_size=settings.embed_batch_size, normalize_embeddings=True)


def _ingest_twice(
    corpus: Path, settings: CorpusSettings, embedder: Embedder, first: list[float], again: list[float]
) -> None:
    """A first ingest into a new store, then a no-change re-ingest with a not-yet-loaded embedder."""
    folder = Path(tempfile.mkdtemp(prefix="gspgen-bench-"))
    store = settings.model_copy(update={"store_dir": folder / "store"})
    try:
        first.append(_timed(lambda: ingest([corpus], store, embedder=embedder)))
        fresh = make_embedder(settings.embedder, settings.embed_batch_size)
        again.append(_timed(lambda: ingest([corpus], store, embedder=fresh)))
    finally:
        shutil.rmtree(folder)


def run(repeats: int, rows: int) -> dict[str, Any]:
    settings = CorpusSettings(embedder="minilm")  # the English baseline the ratios were measured on
    corpus = _corpus(Path(tempfile.mkdtemp(prefix="gspgen-bench-corpus-")), rows)
    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    texts = [d.text for d in load_file(corpus, settings)]
    model = embedder.model
    model.encode(texts[:32], batch_size=settings.embed_batch_size)  # warm-up (threads, allocator)
    import chromadb  # noqa: F401  (a one-time import, like sentence_transformers above: not throughput)

    raw: list[float] = []
    first: list[float] = []
    again: list[float] = []
    for repeat in range(repeats):
        # Alternate which goes first, so load drift on a shared machine does not favour either side.
        steps = [
            lambda: raw.append(_timed(lambda: encode(model, texts, settings))),
            lambda: _ingest_twice(corpus, settings, embedder, first, again),
        ]
        for step in steps if repeat % 2 == 0 else steps[::-1]:
            step()
    t_raw, t_first, t_again = min(raw), min(first), min(again)
    return {
        "lexicon_rows": rows if rows > 0 else "all",
        "documents": len(texts),
        "embedder": embedder.name,
        "batch_size": settings.embed_batch_size,
        "repeats": repeats,
        "raw_encode_runs_s": [round(t, 3) for t in raw],
        "ingest_runs_s": [round(t, 3) for t in first],
        "raw_encode_s": round(t_raw, 3),
        "ingest_s": round(t_first, 3),
        "reingest_s": round(t_again, 3),
        "raw_docs_per_s": round(len(texts) / t_raw, 1),
        "ingest_docs_per_s": round(len(texts) / t_first, 1),
        "throughput_ratio": round(t_raw / t_first, 3),
        "reingest_fraction": round(t_again / t_first, 4),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
    }


def markdown(r: dict[str, Any], command: str) -> str:
    ok_ratio = "yes" if float(r["throughput_ratio"]) >= 0.85 else "NO"
    ok_again = "yes" if float(r["reingest_fraction"]) < 0.05 else "NO"
    return f"""## ingest: ASL-LEX into Chroma vs raw encode

`{command}` — ASL-LEX rows: {r["lexicon_rows"]}, {r["documents"]} documents (entries + handshapes), {r["embedder"]}, CPU, batch
{r["batch_size"]}, best of {r["repeats"]}.

| measure | value | goal | met |
|---|---|---|---|
| raw `SentenceTransformer.encode` | {r["raw_encode_s"]} s ({r["raw_docs_per_s"]} docs/s) | baseline | |
| first ingest (load, render, embed, upsert) | {r["ingest_s"]} s ({r["ingest_docs_per_s"]} docs/s) | | |
| ingest throughput / raw encode | {r["throughput_ratio"]}× | ≥ 0.85× | {ok_ratio} |
| no-change re-ingest | {r["reingest_s"]} s | | |
| re-ingest / first ingest | {r["reingest_fraction"]:.2%} | < 5% | {ok_again} |

Runs (s): raw encode {r["raw_encode_runs_s"]}, ingest {r["ingest_runs_s"]} (order alternates per repeat; the
machine is shared, so single runs vary by ±20%).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--rows", type=int, default=0, help="first N lexicon rows (0 = all)")
    args = parser.parse_args()
    result = run(args.repeats, args.rows)
    command = f".venv/bin/python bench/ingest.py --rows {args.rows} --repeats {args.repeats}"
    text = markdown(result, command)
    atomic_write_json(RESULTS / "ingest.json", result)
    atomic_write_text(RESULTS / "ingest.md", text)
    print(text)


if __name__ == "__main__":
    main()

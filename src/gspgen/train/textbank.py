"""The text side: description records → per-class texts → frozen-encoder embeddings, cached on disk.

Per class: T_g (global descriptions), T_s (synonyms) and T_p per part tag (segments are many-to-many
with parts). Every distinct text is encoded once by the frozen encoder and cached under
``text_cache_dir/<model>/`` keyed by the text's sha256, so training never runs the text encoder: the
loop only gathers rows of a pre-built tensor by label.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from gspgen.errors import GspgenError, TrainError
from gspgen.jsonio import atomic_write_json, read_jsonl
from gspgen.records import PART_TAGS, DescriptionRecord
from gspgen.train.run_config import TextTransform
from gspgen.train.targets import TextSpace, fit_space

APPROVED = {"accepted", "edited"}
TERMS = ("global", "synonyms", *PART_TAGS)


@dataclass
class ClassTexts:
    """The texts of one class by term: "global", "synonyms", and one key per part tag."""

    by_term: dict[str, list[str]] = field(default_factory=dict)


def _approved(record: DescriptionRecord, key: str) -> bool:
    verdict = record.review.fields.get(key)
    return verdict is not None and verdict.status in APPROVED


def class_texts(record: DescriptionRecord, *, approved_only: bool, part_text: str) -> ClassTexts:
    """One record's texts per term; ``approved_only`` keeps reviewed fields marked accepted/edited."""

    def keep(key: str) -> bool:
        return not approved_only or _approved(record, key)

    texts = ClassTexts()
    texts.by_term["global"] = [t for i, t in enumerate(record.global_descriptions) if keep(f"global.{i}")]
    texts.by_term["synonyms"] = [t for i, t in enumerate(record.synonyms) if keep(f"synonym.{i}")]
    for tag in PART_TAGS:
        segments = [p.text for i, p in enumerate(record.parts) if tag in p.parts and keep(f"part.{i}")]
        # "join": one string per (class, part); "sample" / "segments": each segment a text of its own.
        texts.by_term[tag] = [" ".join(segments)] if part_text == "join" and segments else segments
    return texts


def read_descriptions(path: Path) -> list[DescriptionRecord]:
    """The records of a description JSONL; an unreadable file or a bad line is a TrainError naming it."""
    try:
        return list(read_jsonl(path, DescriptionRecord))
    except GspgenError:
        raise
    except (OSError, ValueError) as exc:
        raise TrainError(f"cannot read descriptions: {exc}", where=path) from None


def load_descriptions(
    path: Path, classes: dict[int, str], *, approved_only: bool = False, part_text: str = "segments"
) -> dict[int, ClassTexts]:
    """Description JSONL → texts per dataset class id. Ids/glosses that disagree with the dataset fail."""
    records = read_descriptions(path)
    known = {gloss.lower(): cid for cid, gloss in classes.items()}
    out: dict[int, ClassTexts] = {}
    for line, record in enumerate(records, start=1):
        where = f"{path}:{line}"
        if record.class_id in out:
            raise TrainError(f"class id {record.class_id} described twice", where=where)
        if record.class_id not in classes:
            hint = (
                f" (the dataset calls {record.gloss!r} class {known[record.gloss.lower()]})"
                if record.gloss.lower() in known
                else ""
            )
            raise TrainError(
                f"class id {record.class_id} ({record.gloss!r}) is not in the dataset{hint}", where=where
            )
        names = {g.lower() for g in record.glosses}
        if classes[record.class_id].lower() not in names:
            raise TrainError(
                f"class id {record.class_id} is {classes[record.class_id]!r} in the dataset but "
                f"{record.gloss!r} in the descriptions",
                where=where,
            )
        out[record.class_id] = class_texts(record, approved_only=approved_only, part_text=part_text)
    if records and not out:
        raise TrainError("no description matches a dataset class", where=path)
    return out


class EmbeddingCache:
    """Text embeddings of one model on disk: ``vectors.npy`` plus ``index.json`` (sha256 → row)."""

    def __init__(self, root: Path, model: str) -> None:
        self.dir = root / re.sub(r"[^A-Za-z0-9._-]+", "_", model)
        self.model = model
        index_path = self.dir / "index.json"
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, 0), dtype=np.float32)
        if index_path.exists():
            meta = json.loads(index_path.read_text(encoding="utf-8"))
            vectors = np.load(self.dir / meta["vectors"])
            if meta.get("model") == model and len(vectors) >= len(meta["index"]):
                self.index, self.vectors = meta["index"], vectors

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def missing(self, texts: list[str]) -> list[str]:
        return sorted({t for t in texts if self.key(t) not in self.index})

    def add(self, texts: list[str], vectors: np.ndarray) -> None:
        """Append rows and rewrite atomically (new vectors file first, then the index that names it)."""
        if not texts:
            return
        base = self.vectors if len(self.vectors) else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        self.vectors = np.concatenate([base, vectors.astype(np.float32)])
        for row, text in enumerate(texts, start=len(base)):
            self.index[self.key(text)] = row
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"vectors-{len(self.vectors)}.npy"
        tmp = self.dir / f".{name}.{os.getpid()}.tmp"
        with tmp.open("wb") as handle:
            np.save(handle, self.vectors)
        os.replace(tmp, self.dir / name)
        atomic_write_json(
            self.dir / "index.json", {"model": self.model, "vectors": name, "index": self.index}
        )
        for old in self.dir.glob("vectors-*.npy"):
            if old.name != name:
                old.unlink(missing_ok=True)

    def lookup(self, texts: list[str]) -> np.ndarray:
        return self.vectors[[self.index[self.key(t)] for t in texts]]


class TextTruncatedWarning(UserWarning):
    """A text is longer than the text encoder's token limit: its end never reaches the embedding."""


def over_token_limit(texts: list[str], embedder: object) -> tuple[list[str], int | None]:
    """The texts a sentence-transformers encoder would cut, and its limit (none known: nothing cut)."""
    model = getattr(embedder, "model", None)
    limit = getattr(model, "max_seq_length", None)
    tokenizer = getattr(model, "tokenizer", None)
    if not texts or limit is None or tokenizer is None:
        return [], limit
    counts = [len(ids) for ids in tokenizer(texts, add_special_tokens=True)["input_ids"]]
    return [t for t, n in zip(texts, counts, strict=True) if n > limit], limit


def embed_texts(texts: list[str], encoder_spec: str, cache_dir: Path, batch: int = 256) -> np.ndarray:
    """Rows for ``texts`` from the cache, encoding only the texts never seen with this model.

    Texts the encoder would truncate raise a TextTruncatedWarning (once per new text, as encoded).
    """
    from gspgen.corpus import make_embedder

    embedder = make_embedder(encoder_spec)
    cache = EmbeddingCache(cache_dir, embedder.name)
    todo = cache.missing(texts)
    cut, limit = over_token_limit(todo, embedder)
    if cut:
        warnings.warn(
            f"{len(cut)} text(s) exceed {embedder.name}'s {limit}-token limit and are truncated, e.g. "
            f'{cut[0][:80]!r}...; split long part texts (part_text = "segments") or shorten them',
            TextTruncatedWarning,
            stacklevel=2,
        )
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        cache.add(chunk, np.asarray(embedder.embed(chunk), dtype=np.float32))
    return cache.lookup(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)


@dataclass
class TextBank:
    """Per term: embeddings of its distinct texts and, per class, which rows belong to it.

    ``rows[offsets[c]:offsets[c+1]]`` are class c's text rows (c = position in the run's class list). A text
    several classes share is one row: it is a positive of each of them, never a negative of one of them.
    ``space`` is the transform the embeddings went through (None: raw, the paper's).
    """

    dim: int
    embeddings: dict[str, torch.Tensor]
    offsets: dict[str, torch.Tensor]
    rows: dict[str, torch.Tensor]
    space: TextSpace | None = None

    @property
    def terms(self) -> list[str]:
        return list(self.embeddings)

    def to(self, device: torch.device) -> TextBank:
        move = lambda d: {k: v.to(device) for k, v in d.items()}  # noqa: E731
        space = self.space.to(device) if self.space is not None else None
        return TextBank(self.dim, move(self.embeddings), move(self.offsets), move(self.rows), space)

    def has_texts(self, term: str) -> bool:
        return len(self.rows[term]) > 0

    def sample(
        self, term: str, labels: torch.Tensor, generator: torch.Generator
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """One text per sample, uniform over its class's texts: (B, D) features, their rows and a has-text
        mask.

        ``generator`` is a CPU generator, so the draw is the same on any device. Requires
        ``has_texts(term)``; samples whose class has none get an arbitrary row, masked by has-text.
        """
        start = self.offsets[term][labels]
        count = self.offsets[term][labels + 1] - start
        u = torch.rand(labels.shape[0], generator=generator).to(labels.device)
        pick = start + (u * count.clamp(min=1)).long()
        rows = self.rows[term]
        index = rows[pick.clamp(max=len(rows) - 1)]
        return self.embeddings[term][index], index, count > 0

    def sampled_texts(
        self, term: str, labels: torch.Tensor, generator: torch.Generator
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """One text per sample that has one: (M, D) features, their labels and rows (M ≤ B)."""
        texts, index, has = self.sample(term, labels, generator)
        return texts[has], labels[has], index[has]

    def class_segments(
        self, term: str, labels: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Every text of every class in ``labels``, once: (M, D) features, their labels and rows.

        Many-to-many: each of a class's segments is a positive of each of its samples.
        """
        classes = torch.unique(labels)
        start, count = (
            self.offsets[term][classes],
            self.offsets[term][classes + 1] - self.offsets[term][classes],
        )
        owner = torch.repeat_interleave(torch.arange(len(classes), device=labels.device), count)
        within = torch.arange(len(owner), device=labels.device) - torch.repeat_interleave(
            torch.cumsum(count, 0) - count, count
        )
        rows = self.rows[term][start[owner] + within]
        return self.embeddings[term][rows], classes[owner], rows

    def positives(
        self, term: str, skel_labels: torch.Tensor, text_labels: torch.Tensor, text_rows: torch.Tensor
    ) -> torch.Tensor:
        """(N, M) which texts are positives of which skeletons: the same class, or a text its class also
        has (identical texts of two classes are never each other's negatives)."""
        same = skel_labels[:, None] == text_labels[None, :]
        shared = self._shared(term)
        if shared is None:
            return same
        return same | shared[skel_labels][:, text_rows]

    def _shared(self, term: str) -> torch.Tensor | None:
        """(C, R) class-has-row membership, when some row belongs to several classes (else None)."""
        rows, offsets = self.rows[term], self.offsets[term]
        if len(rows) == len(torch.unique(rows)):
            return None
        member = torch.zeros(
            len(offsets) - 1, len(self.embeddings[term]), dtype=torch.bool, device=rows.device
        )
        owner = torch.repeat_interleave(torch.arange(len(offsets) - 1, device=rows.device), offsets.diff())
        member[owner, rows] = True
        return member

    def class_vectors(self, terms: tuple[str, ...] = ("global", "synonyms")) -> torch.Tensor:
        """(C, D) unit mean of each class's texts of ``terms`` (zero rows: classes without any): the
        vectors the decision compares the global projection with."""
        total = torch.zeros(
            len(self.offsets[terms[0]]) - 1, self.dim, device=self.embeddings[terms[0]].device
        )
        for term in terms:
            means, has = self.class_means(term)
            counts = (self.offsets[term][1:] - self.offsets[term][:-1]).float()
            total += means * (counts * has)[:, None]
        return torch.nn.functional.normalize(total, dim=1)

    def class_means(self, term: str) -> tuple[torch.Tensor, torch.Tensor]:
        """(C, D) mean embedding per class and a has-text mask: retrieval candidates."""
        offsets, rows, emb = self.offsets[term], self.rows[term], self.embeddings[term]
        means = torch.zeros(len(offsets) - 1, self.dim, device=emb.device)
        for c in range(len(offsets) - 1):
            if offsets[c + 1] > offsets[c]:
                means[c] = emb[rows[offsets[c] : offsets[c + 1]]].mean(dim=0)
        return means, offsets[1:] > offsets[:-1]


def build_bank(
    texts: dict[int, ClassTexts],
    class_ids: list[int],
    encoder_spec: str,
    cache_dir: Path,
    transform: TextTransform = "none",
) -> TextBank:
    """Encode (or fetch) every distinct text once, fit ``transform`` over the vocabulary (see
    :mod:`gspgen.train.targets`) and lay out the per-term lookup tables of transformed embeddings."""
    distinct = sorted({t for ct in texts.values() for ts in ct.by_term.values() for t in ts})
    vectors = embed_texts(distinct, encoder_spec, cache_dir)
    by_text = dict(zip(distinct, vectors, strict=True))
    return bank_from_vectors(texts, class_ids, by_text, transform, dim=int(vectors.shape[1]))


def bank_from_vectors(
    texts: dict[int, ClassTexts],
    class_ids: list[int],
    vectors: dict[str, np.ndarray],
    transform: TextTransform = "none",
    space: TextSpace | None = None,
    dim: int | None = None,
) -> TextBank:
    """The bank of texts whose raw embeddings are given; ``space`` (fitted elsewhere) or one fitted here."""
    dim = dim or len(next(iter(vectors.values())))
    per_class = {
        term: [texts[c].by_term.get(term, []) if c in texts else [] for c in class_ids] for term in TERMS
    }

    def stack(ts: list[str]) -> np.ndarray:
        return np.stack([vectors[t] for t in ts]) if ts else np.zeros((0, dim), dtype=np.float32)

    space = space or fit_space(
        transform, {term: [stack(ts) for ts in cls] for term, cls in per_class.items()}
    )
    bank = TextBank(dim, {}, {}, {}, space)
    for term, classes in per_class.items():
        used = sorted({t for ts in classes for t in ts})
        local = {t: i for i, t in enumerate(used)}
        embedded = torch.from_numpy(stack(used).astype(np.float32))
        bank.embeddings[term] = space.apply(term, embedded) if len(used) else embedded
        bank.rows[term] = torch.tensor([local[t] for ts in classes for t in ts], dtype=torch.long)
        bank.offsets[term] = torch.tensor(np.cumsum([0] + [len(ts) for ts in classes]), dtype=torch.long)
    return bank

"""Open-vocabulary recognition: score a clip against the descriptions of any signs, seen in training or not.

GSP-MC trains FC_g (global pool) and one FC per body part to land near the frozen text encoder's
embedding of the class's texts. A sign that only has a description can therefore be scored by how close
the clip's projections are to its texts:

    score(clip, c) = Σ_t w_t · cos(proj_t(clip), text_t(c)) / Σ_t w_t      over the terms t class c has

where text_t(c) is the mean of the encoder's unit-length embeddings of c's texts for term t, the global
and synonym terms use the global projection, and each part tag uses its part's projection (the weight
``parts`` is shared equally by the part tags). With ``center``, each term's text vectors first have
their mean over the candidates removed (and are re-normalised). ``softmax(score / tau)`` with the run's contrastive tau
turns scores into probabilities. Classes the classifier was trained on (set S) can be fused with it
without moving probability between S and the text-only classes: for c in S,
``(1 − fuse) · p_text(c) + fuse · p_text(S) · p_classifier(c | S)``; the others keep ``p_text(c)``.
``calibration`` γ is subtracted from the scores of S before the softmax (calibrated stacking).
The text model decides "trained sign or new sign", the classifier helps choose among trained ones
(a plain mixture would hand the trained signs a bonus no new sign can win against).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict, Field

from gspgen.errors import ConfigError, TrainError
from gspgen.infer.recognizer import Encoded, Member, Recognizer
from gspgen.records import PART_TAGS
from gspgen.train import ClassTexts, RunDir, TextSpace, class_texts, embed_texts, load_bank, read_descriptions

TERM_GROUPS = ("global", "synonyms", "parts")


class ZeroShotConfig(BaseModel):
    """How description scores are combined (``--term-weights``, ``--fuse``)."""

    model_config = ConfigDict(extra="forbid")

    # Default: the part terms alone (chosen on bench/zeroshot.py's validation-unseen classes).
    weights: dict[str, float] = Field(default_factory=lambda: {"parts": 1.0})
    fuse: float = Field(default=0.5, ge=0, le=1)  # weight of the classifier on classes it was trained on
    tau: float | None = Field(default=None, gt=0)  # None = the run's contrastive temperature
    # Calibrated stacking (Chao et al. 2016): subtracted from the trained signs' cosine scores. Heads
    # trained on those signs' texts score them higher for every clip; 0 = no correction.
    calibration: float = Field(default=0.0, ge=0)
    # Per term, subtract the candidates' mean text vector (then re-normalise): descriptions written from one
    # template share most of their embedding, which then says little about which sign a clip is.
    center: bool = False
    approved_only: bool = False
    part_text: str = "join"


def parse_term_weights(text: str) -> dict[str, float]:
    """``global=1,synonyms=0.5,parts=1`` → weights; unknown terms and bad numbers are ConfigErrors."""
    weights: dict[str, float] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = item.partition("=")
        name = name.strip()
        if name not in TERM_GROUPS or not sep:
            raise ConfigError(
                f"expected TERM=WEIGHT with TERM in {', '.join(TERM_GROUPS)}, got {item!r}",
                where="--term-weights",
            )
        try:
            weights[name] = float(value)
        except ValueError:
            raise ConfigError(f"{value!r} is not a number", where="--term-weights") from None
        if weights[name] < 0:
            raise ConfigError(f"{name} weight is negative", where="--term-weights")
    if not any(weights.values()):
        raise ConfigError("every term weight is zero", where="--term-weights")
    return weights


@dataclass
class Candidate:
    """A class the clip may be: its id and gloss as the descriptions give them, and its texts."""

    class_id: int
    gloss: str
    glosses: list[str]
    texts: ClassTexts


def load_candidates(path: Path, config: ZeroShotConfig) -> list[Candidate]:
    """Description records for any glosses (no dataset to agree with), one candidate class each."""
    records = read_descriptions(path)
    candidates: list[Candidate] = []
    seen_ids: dict[int, int] = {}
    seen_glosses: dict[str, int] = {}
    for line, record in enumerate(records, start=1):
        where = f"{path}:{line}"
        if record.class_id in seen_ids:
            raise TrainError(
                f"class id {record.class_id} is described twice (first on line {seen_ids[record.class_id]})",
                where=where,
            )
        if record.gloss.lower() in seen_glosses:
            raise TrainError(
                f"gloss {record.gloss!r} is described twice (first on line {seen_glosses[record.gloss.lower()]})",
                where=where,
            )
        seen_ids[record.class_id], seen_glosses[record.gloss.lower()] = line, line
        texts = class_texts(record, approved_only=config.approved_only, part_text=config.part_text)
        candidates.append(Candidate(record.class_id, record.gloss, list(record.glosses), texts))
    if not candidates:
        raise TrainError("no description records", where=path)
    return candidates


@dataclass
class TextTable:
    """Per term: (K, D) unit-length class text vectors and a (K,) has-text mask, K = candidates."""

    vectors: dict[str, torch.Tensor]
    has: dict[str, torch.Tensor]


def text_table(
    candidates: list[Candidate], encoder: str, cache_dir: Path, dim: int, space: TextSpace | None = None
) -> TextTable:
    """Encode every distinct text once with the run's frozen encoder (cached like training's) and map it
    into the run's text space (the transform its targets were trained in; None = raw)."""
    distinct = sorted({t for c in candidates for ts in c.texts.by_term.values() for t in ts})
    vectors = embed_texts(distinct, encoder, cache_dir)
    if len(distinct) and vectors.shape[1] != dim:
        raise TrainError(
            f"text encoder {encoder!r} gives {vectors.shape[1]}-d vectors, the run was trained with {dim}"
        )
    space = space or TextSpace("none", {})
    row = {t: i for i, t in enumerate(distinct)}
    table = TextTable({}, {})
    for term in ("global", "synonyms", *PART_TAGS):
        unit = space.apply(term, torch.from_numpy(vectors)).numpy() if len(distinct) else vectors
        means = np.zeros((len(candidates), dim), dtype=np.float32)
        has = np.zeros(len(candidates), dtype=bool)
        for k, cand in enumerate(candidates):
            texts = cand.texts.by_term.get(term, [])
            if texts:
                mean = unit[[row[t] for t in texts]].mean(axis=0)
                means[k], has[k] = mean / max(float(np.linalg.norm(mean)), 1e-12), True
        table.vectors[term], table.has[term] = torch.from_numpy(means), torch.from_numpy(has)
    return table


def centered(table: TextTable) -> TextTable:
    """Each term's vectors minus their mean over the candidates that have it, unit length again
    (a term fewer than two candidates have is left as it is: nothing to contrast it with)."""
    out = TextTable({}, dict(table.has))
    for term, vectors in table.vectors.items():
        has = table.has[term]
        if int(has.sum()) < 2:
            out.vectors[term] = vectors
            continue
        shifted = (vectors - vectors[has].mean(dim=0)) * has[:, None].float()
        out.vectors[term] = torch.nn.functional.normalize(shifted, dim=1)
    return out


def scored_terms(config: ZeroShotConfig, parts: Sequence[str]) -> dict[str, float]:
    """Per scored term: global and synonyms as given, ``parts`` shared by the part tags the run trained
    toward texts; the global term alone when that leaves none (e.g. parts on a run without part texts)."""
    weights = {t: config.weights.get(t, 0.0) for t in ("global", "synonyms")}
    for tag in parts:
        weights[tag] = config.weights.get("parts", 0.0) / max(len(parts), 1)
    return {t: w for t, w in weights.items() if w > 0} or {"global": 1.0}


def text_parts(member: Member) -> list[str]:
    """The part tags whose projection the run trained toward part texts (others are not in text space)."""
    return [p for p in member.model.part_names if p in member.meta.active_terms]


def text_scores(
    proj_global: torch.Tensor, proj_parts: dict[str, torch.Tensor], table: TextTable, config: ZeroShotConfig
) -> torch.Tensor:
    """(N, K) weighted mean cosine over the terms each candidate has; NaN where a candidate has none."""
    weights = scored_terms(config, list(proj_parts))
    n, k = proj_global.shape[0], len(next(iter(table.has.values())))
    total, norm = torch.zeros(n, k), torch.zeros(k)
    for term, weight in weights.items():
        proj = proj_global if term in ("global", "synonyms") else proj_parts[term]
        cos = torch.nn.functional.normalize(proj, dim=1) @ table.vectors[term].T
        has = table.has[term].float()
        total += weight * cos * has
        norm += weight * has
    return torch.where(norm > 0, total / norm.clamp(min=1e-12), torch.full_like(total, float("nan")))


def describable(table: TextTable, config: ZeroShotConfig, parts: Sequence[str]) -> np.ndarray:
    """(K,) which candidates have a text for at least one weighted term."""
    has = [table.has[t].numpy() for t in scored_terms(config, parts)]
    return np.any(has, axis=0) if has else np.zeros(len(next(iter(table.has.values()))), dtype=bool)


def subset(
    candidates: list[Candidate], table: TextTable, keep: Sequence[int]
) -> tuple[list[Candidate], TextTable]:
    """The candidates at the indices ``keep`` (in that order) and their rows of the table."""
    index = torch.tensor(keep, dtype=torch.long)
    rows = TextTable(
        {t: v[index] for t, v in table.vectors.items()}, {t: h[index] for t, h in table.has.items()}
    )
    return [candidates[k] for k in keep], rows


def run_space(run: Path) -> TextSpace:
    """The text space a run's targets were trained in (raw for runs without texts or from before it)."""
    bank = load_bank(RunDir(run).text_bank)
    return bank.space if bank is not None and bank.space is not None else TextSpace("none", {})


def described_candidates(
    recognizer: Recognizer, descriptions: Path, config: ZeroShotConfig, cache_dir: Path
) -> tuple[list[Candidate], TextTable]:
    """The described signs with a text for at least one weighted term, and their texts encoded by the
    run's frozen encoder (others could only score 0/0)."""
    member = recognizer.members[0]
    candidates = load_candidates(descriptions, config)
    space = run_space(member.path)
    table = text_table(candidates, member.meta.config.text_encoder, cache_dir, member.meta.text_dim, space)
    keep = describable(table, config, text_parts(member))
    return subset(candidates, table, np.flatnonzero(keep).tolist())


def open_probabilities(
    recognizer: Recognizer,
    encoded: Encoded,
    table: TextTable,
    config: ZeroShotConfig,
    candidates: list[Candidate],
    trained: set[str],
) -> np.ndarray:
    """(N, K) probabilities over the candidates: text scores per member, fused with the classifier."""
    probs = np.zeros((encoded.globals[0].shape[0], len(candidates)))
    seen = torch.tensor([any(g.lower() in trained for g in c.glosses) for c in candidates])
    table = centered(table) if config.center else table
    for weight, member, proj_g, proj_p in zip(
        recognizer.weights, recognizer.members, encoded.globals, encoded.parts, strict=True
    ):
        trained_parts = {t: proj_p[t] for t in text_parts(member)}
        scores = text_scores(proj_g, trained_parts, table, config) - config.calibration * seen.float()
        tau = config.tau or member.meta.config.tau
        logits = torch.nan_to_num(scores / tau, nan=-torch.inf)
        probs += weight * torch.softmax(logits, dim=1).numpy()
    if config.fuse > 0:
        probs = _fuse(probs, recognizer, encoded, candidates, trained, config.fuse)
    return probs


def _fuse(
    probs: np.ndarray,
    recognizer: Recognizer,
    encoded: Encoded,
    candidates: list[Candidate],
    trained: set[str],
    fuse: float,
) -> np.ndarray:
    """Mix in the classifier's probabilities over the trained candidates, keeping their total text mass."""
    position = {c.gloss.lower(): i for i, c in enumerate(recognizer.classes)}
    pairs = [
        (k, position[g.lower()])
        for k, cand in enumerate(candidates)
        for g in [next((g for g in cand.glosses if g.lower() in trained and g.lower() in position), None)]
        if g is not None
    ]
    if not pairs:
        return probs
    cols, rows = [k for k, _ in pairs], [c for _, c in pairs]
    classifier = recognizer.class_probabilities(encoded)[:, rows]
    classifier = classifier / np.maximum(classifier.sum(axis=1, keepdims=True), 1e-12)
    fused = probs.copy()
    mass = probs[:, cols].sum(axis=1, keepdims=True)
    fused[:, cols] = (1 - fuse) * probs[:, cols] + fuse * mass * classifier
    return fused

"""The text targets as the loss sees them: a transform fitted over the vocabulary's texts, and whether the
transformed targets can tell the classes apart.

A frozen sentence encoder puts every sign description near one "sign description" direction: with
all-MiniLM-L6-v2 two different classes' global texts sit at cosine ≈ 0.84, so at τ = 0.1 a skeleton
feature equal to its own class's text would put ≈ 4 % of its softmax on that class among 100 class texts.
The contrastive term then carries little class information. Two transforms (``train.text_transform``):

* ``center``: subtract each term's mean class vector over the vocabulary, re-normalise;
* ``whiten`` (default): centre, then whiten with the shrunk covariance of the differences between
  texts of one class (its global descriptions and synonyms: paraphrases). Directions in which rewordings
  of one sign differ are shrunk, directions in which signs differ are kept: an LDA-style metric.
* ``none``: the paper's raw embeddings.

The transform is fitted once per run on the run's vocabulary, stored in ``text_bank.pt`` and applied to
every text the run is compared with later (zero-shot candidates, export), so all of them live in one space.

``diagnose`` measures, per term, what the issue #20 figures ask: mean inter-class cosine, the own-class
softmax mass at τ of each text among the vocabulary's class vectors, the share of texts whose nearest
class vector is their own, and texts that are identical across classes. Classes that share a text of the
term, or share their global text (the lexicon codes them identically), count as one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

from gspgen.train.run_config import TextTransform
from gspgen.train.rundir import TargetsReport, TermTargets

if TYPE_CHECKING:
    from gspgen.train.textbank import TextBank

PARAPHRASE_TERMS = ("global", "synonyms")  # texts of one class that restate the same facts
WHITEN_SHRINK = 0.1  # weight of the isotropic part of the within-class covariance (it has rank < dim)


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


@dataclass
class TextSpace:
    """x → unit((x − mean_term) · matrix), per term; ``kind = "none"`` only re-normalises."""

    kind: TextTransform
    means: dict[str, torch.Tensor]  # term -> (D,) mean class vector over the vocabulary
    matrix: torch.Tensor | None = None  # (D, D), shared by every term (whiten)

    def apply(self, term: str, x: torch.Tensor) -> torch.Tensor:
        """(N, D) raw embeddings → unit vectors in the run's text space (a term it has no mean for: only
        the matrix)."""
        if self.kind == "none":
            return torch.nn.functional.normalize(x.float(), dim=-1)
        mean = self.means.get(term)
        y = x.float() - (mean.to(x.device) if mean is not None else 0.0)
        if self.matrix is not None:
            y = y @ self.matrix.to(x.device)
        return torch.nn.functional.normalize(y, dim=-1)

    def state(self) -> dict[str, object]:
        return {"kind": self.kind, "means": self.means, "matrix": self.matrix}

    @classmethod
    def from_state(cls, state: dict[str, object] | None) -> TextSpace:
        """A saved space; None (a run from before transforms) is the paper's raw space."""
        if state is None:
            return cls("none", {})
        means, matrix = state["means"], state["matrix"]
        assert isinstance(means, dict) and (matrix is None or isinstance(matrix, torch.Tensor))
        return cls(state["kind"], dict(means), matrix)  # type: ignore[arg-type]

    def to(self, device: torch.device) -> TextSpace:
        matrix = self.matrix.to(device) if self.matrix is not None else None
        return TextSpace(self.kind, {k: v.to(device) for k, v in self.means.items()}, matrix)


def fit_space(
    kind: TextTransform, per_class: Mapping[str, Sequence[np.ndarray]], shrink: float = WHITEN_SHRINK
) -> TextSpace:
    """The transform over a vocabulary: ``per_class[term][c]`` is class c's (n_c, D) text embeddings.

    ``whiten`` needs a class with two paraphrase texts (global + synonyms); without one the space only
    centres, and says so (``kind = "center"``).
    """
    means: dict[str, torch.Tensor] = {}
    for term, classes in per_class.items():
        vectors = [unit(unit(v).mean(axis=0)) for v in classes if len(v)]
        if vectors:
            means[term] = torch.from_numpy(np.mean(vectors, axis=0).astype(np.float32))
    if kind == "none":
        return TextSpace(kind, {})
    matrix = _within_whitening(per_class, shrink) if kind == "whiten" else None
    return TextSpace("center" if matrix is None else kind, means, matrix)


def _within_whitening(per_class: Mapping[str, Sequence[np.ndarray]], shrink: float) -> torch.Tensor | None:
    """S^(-1/2) of the shrunk covariance of (text − its class mean) over the paraphrase terms."""
    residuals = []
    for c in range(max((len(v) for v in per_class.values()), default=0)):
        texts = [per_class[t][c] for t in PARAPHRASE_TERMS if t in per_class and len(per_class[t][c])]
        if sum(len(v) for v in texts) < 2:
            continue
        stacked = unit(np.concatenate(texts))
        residuals.append(stacked - stacked.mean(axis=0))
    if not residuals:
        return None
    r = np.concatenate(residuals).astype(np.float64)
    cov = r.T @ r / len(r)
    dim = cov.shape[0]
    cov = (1 - shrink) * cov + shrink * np.trace(cov) / dim * np.eye(dim)
    values, vectors = np.linalg.eigh(cov)
    whitening = vectors @ np.diag(np.maximum(values, 1e-12) ** -0.5) @ vectors.T
    return torch.from_numpy(whitening.astype(np.float32))


# --- diagnostics ------------------------------------------------------------------------------------------


REFERENCE = {"synonyms": "global"}  # synonyms train the global head: they must point at their class's T_g


def diagnose(bank: TextBank, glosses: Sequence[str], encoder: str, tau: float) -> TargetsReport:
    """The bank's figures at ``tau``: its embeddings are the targets the loss sees (already transformed)."""
    owners = {term: _owners(bank, term) for term in bank.terms}
    coded_same = _coded_same(owners.get("global", {}), len(glosses))
    terms = []
    for term in bank.terms:
        if not bank.has_texts(term):
            continue
        reference = REFERENCE.get(term, term)
        if not bank.has_texts(reference):
            reference = term
        terms.append(_term(bank, term, reference, owners[term], coded_same, glosses, tau))
    space = bank.space.kind if bank.space is not None else "none"
    return TargetsReport(encoder=encoder, transform=space, tau=tau, classes=len(glosses), terms=terms)


def _owners(bank: TextBank, term: str) -> dict[int, set[int]]:
    """Text row → the classes that have it."""
    offsets, rows = bank.offsets[term].tolist(), bank.rows[term].tolist()
    owners: dict[int, set[int]] = {}
    for c in range(len(offsets) - 1):
        for r in rows[offsets[c] : offsets[c + 1]]:
            owners.setdefault(r, set()).add(c)
    return owners


def _coded_same(global_owners: dict[int, set[int]], classes: int) -> list[set[int]]:
    """Per class, the classes that share one of its global texts (itself included)."""
    same = [{c} for c in range(classes)]
    for group in global_owners.values():
        for c in group:
            same[c] |= group
    return same


def _term(
    bank: TextBank,
    term: str,
    reference: str,
    owners: dict[int, set[int]],
    coded_same: list[set[int]],
    glosses: Sequence[str],
    tau: float,
) -> TermTargets:
    means, has = bank.class_means(term)
    ref_means, ref_has = bank.class_means(reference)
    ref_classes = torch.nonzero(ref_has).flatten().tolist()
    ref = torch.nn.functional.normalize(ref_means[ref_has].float(), dim=1)
    emb = torch.nn.functional.normalize(bank.embeddings[term].float(), dim=1)
    offsets, rows = bank.offsets[term].tolist(), bank.rows[term].tolist()
    masses, nearest = [], []
    for c in range(len(offsets) - 1):
        mine = rows[offsets[c] : offsets[c + 1]]
        if not mine:
            continue
        own = torch.tensor([[k in coded_same[c] | owners[r] for k in ref_classes] for r in mine])
        sims = emb[mine] @ ref.T
        masses += (torch.softmax(sims / tau, dim=1) * own).sum(dim=1).tolist()
        nearest += own.gather(1, sims.argmax(dim=1, keepdim=True)).flatten().tolist()
    vectors = torch.nn.functional.normalize(means[has].float(), dim=1)
    count = len(vectors)
    cosine = None
    if count > 1:
        sims = vectors @ vectors.T
        cosine = float((sims.sum() - sims.diagonal().sum()) / (count * (count - 1)))
    identical = sorted(sorted(glosses[c] for c in group) for group in owners.values() if len(group) > 1)
    return TermTargets(
        term=term,
        classes=count,
        texts=len(masses),
        inter_class_cosine=cosine,
        own_mass=float(np.mean(masses)),
        nearest_own=float(np.mean(nearest)),
        reference=reference,
        identical=identical,
    )

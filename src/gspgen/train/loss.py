"""GSP-MC's training objective: cross-entropy plus the multi-positive skeleton-text KL terms.

DESIGN §2 / paper Eq. 7-12: logits = cos(s_i, t_j) / tau; the target of row i is uniform over the
texts in the batch whose label equals y_i (other same-class samples' texts are positives too); each
term is ½ [KL(target ‖ softmax over rows) + KL(targetᵀ ‖ softmax over columns)]. The total is
CE + alpha · mean of the active terms. KL is taken as KL(target ‖ predicted) (the printed order is
infinite wherever the target is zero).

Samples without a text stay in the batch as skeletons: they are negatives of every text (the
text → skeleton direction normalises over all skeletons) and only their own, positive-less row drops out.
Under DDP the caller gathers every rank's features first, so each term is the term of the global batch.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from gspgen.records import PART_TAGS

# Which contrastive terms each ablation switch turns on (paper Table 5 rows).
ABLATION_TERMS: dict[str, tuple[str, ...]] = {
    "ce": (),
    "synonyms": ("synonyms",),
    "global": ("global",),
    "parts": PART_TAGS,
    "all": ("global", "synonyms", *PART_TAGS),
}


def _directional_kl(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean over rows with a positive of KL(target_row ‖ softmax(logits_row)); NaN-free when none."""
    valid = target.sum(dim=1) > 0
    if not bool(valid.any()):
        return logits.new_zeros(())
    logits, target = logits[valid], target[valid]
    target = target / target.sum(dim=1, keepdim=True)
    log_pred = F.log_softmax(logits, dim=1)
    # xlogy gives 0·log 0 = 0 for the zero entries of the target.
    kl = (torch.xlogy(target, target) - target * log_pred).sum(dim=1)
    return kl.mean()


def multi_positive_kl(
    skel: torch.Tensor,
    text: torch.Tensor,
    skel_labels: torch.Tensor,
    text_labels: torch.Tensor,
    tau: float | torch.Tensor = 0.1,
    positives: torch.Tensor | None = None,
) -> torch.Tensor | None:
    """One contrastive term between N skeleton features and M text features (any labels).

    ``positives`` (N, M) overrides "same label" (texts several classes share are positives of each).
    Rows (skeletons) or columns (texts) without any positive are masked out of their own direction.
    Returns None when there is no positive pair (the term is inactive for this batch).
    """
    if skel.shape[0] == 0 or text.shape[0] == 0:
        return None
    if positives is None:
        positives = skel_labels[:, None] == text_labels[None, :]
    positives = positives.to(skel.dtype)
    if not bool(positives.any()):
        return None
    logits = F.normalize(skel, dim=-1) @ F.normalize(text, dim=-1).T / tau
    return 0.5 * (_directional_kl(logits, positives) + _directional_kl(logits.T, positives.T))


# One contrastive term's inputs: skeleton features and labels, text features and labels, and optionally
# the (N, M) positives when they are not "same label" (shared texts).
Pair = (
    tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]
    | tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor | None]
)


def gspmc_loss(
    class_logits: torch.Tensor,
    labels: torch.Tensor,
    pairs: dict[str, Pair],
    *,
    alpha: float = 0.5,
    tau: float | torch.Tensor = 0.1,
    world: int = 1,
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """CE (this process's samples) + alpha · mean of the active terms.

    ``pairs`` maps a term name to (skeleton features, their labels, text features, their labels): the
    skeletons are every sample of the (global) batch, the texts those the term has for them (one sampled
    per sample, or all of their classes' segments). Under DDP (``world`` > 1) each rank computes the same
    global terms with gradients through its own rows only; their gradient is scaled by ``world`` (the
    value is unchanged) so that DDP's average over ranks gives the one-process gradient. Returns the loss
    and detached per-term values for logging (tensors: the loop decides when to sync with the device).
    """
    ce = F.cross_entropy(class_logits.float(), labels)
    terms: dict[str, torch.Tensor] = {}
    for name, (skel, skel_labels, text, text_labels, *shared) in pairs.items():
        positives = shared[0] if shared else None
        term = multi_positive_kl(skel.float(), text.float(), skel_labels, text_labels, tau, positives)
        if term is not None:
            terms[name] = term
    parts = {"ce": ce.detach()} | {k: v.detach() for k, v in terms.items()}
    if not terms:
        return ce, parts
    contrastive = torch.stack(list(terms.values())).mean()
    parts["contrastive"] = contrastive.detach()
    if world > 1:
        contrastive = contrastive * world - contrastive.detach() * (world - 1)
    return ce + alpha * contrastive, parts

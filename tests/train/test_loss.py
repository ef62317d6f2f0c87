"""The multi-positive KL loss against an independent loop-by-loop reading of DESIGN §2, and its gradients."""

from __future__ import annotations

import math

import pytest
import torch

from gspgen.train.loss import gspmc_loss, multi_positive_kl


def reference_term(
    s: list[list[float]], t: list[list[float]], ys: list[int], yt: list[int], tau: float
) -> float | None:
    """½ [mean_i KL(p_i ‖ softmax_j) + mean_j KL(q_j ‖ softmax_i)] with explicit loops over the formula."""

    def cos(a: list[float], b: list[float]) -> float:
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))

    logits = [[cos(si, tj) / tau for tj in t] for si in s]

    def direction(rows: list[list[float]], row_labels: list[int], col_labels: list[int]) -> float | None:
        kls = []
        for i, row in enumerate(rows):
            positives = [j for j, y in enumerate(col_labels) if y == row_labels[i]]
            if not positives:
                continue
            top = max(row)
            log_z = top + math.log(sum(math.exp(v - top) for v in row))
            target = 1.0 / len(positives)
            kls.append(sum(target * (math.log(target) - (row[j] - log_z)) for j in positives))
        return sum(kls) / len(kls) if kls else None

    transposed = [[logits[i][j] for i in range(len(s))] for j in range(len(t))]
    forward, backward = direction(logits, ys, yt), direction(transposed, yt, ys)
    if forward is None:
        return None
    return 0.5 * (forward + backward)


@pytest.mark.parametrize("seed", range(6))
def test_term_matches_reference_loops(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    n, m, d = 7, 5 + seed % 3, 6
    s, t = (
        torch.randn(n, d, generator=g, dtype=torch.float64),
        torch.randn(m, d, generator=g, dtype=torch.float64),
    )
    ys, yt = torch.randint(0, 4, (n,), generator=g), torch.randint(0, 4, (m,), generator=g)
    got = multi_positive_kl(s, t, ys, yt, tau=0.1)
    want = reference_term(s.tolist(), t.tolist(), ys.tolist(), yt.tolist(), 0.1)
    if want is None:
        assert got is None
    else:
        assert got is not None and got.item() == pytest.approx(want, rel=1e-10, abs=1e-12)


def test_rows_without_positives_are_masked_and_no_pairs_is_inactive() -> None:
    s, t = torch.randn(3, 4, dtype=torch.float64), torch.randn(2, 4, dtype=torch.float64)
    got = multi_positive_kl(s, t, torch.tensor([0, 1, 2]), torch.tensor([0, 0]))
    want = reference_term(s.tolist(), t.tolist(), [0, 1, 2], [0, 0], 0.1)
    assert got is not None and torch.isfinite(got) and got.item() == pytest.approx(want)
    assert multi_positive_kl(s, t, torch.tensor([1, 1, 2]), torch.tensor([0, 0])) is None


def test_perfect_alignment_gives_near_zero_loss() -> None:
    labels = torch.tensor([0, 1, 2, 0])
    text = torch.eye(3, dtype=torch.float64)[labels] * 5
    term = multi_positive_kl(text.clone(), text, labels, labels, tau=0.01)
    assert term is not None and term.item() < 1e-6


def test_gradcheck_double_precision() -> None:
    g = torch.Generator().manual_seed(0)
    s = torch.randn(6, 5, generator=g, dtype=torch.float64, requires_grad=True)
    t = torch.randn(6, 5, generator=g, dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([0, 1, 0, 2, 1, 3])
    assert torch.autograd.gradcheck(lambda a, b: multi_positive_kl(a, b, labels, labels, 0.1), (s, t))


def test_total_is_ce_plus_alpha_mean_of_active_terms() -> None:
    g = torch.Generator().manual_seed(1)
    logits = torch.randn(4, 3, generator=g, dtype=torch.float64)
    labels = torch.tensor([0, 1, 0, 2])
    feats = {
        k: (
            torch.randn(4, 8, generator=g, dtype=torch.float64),
            torch.randn(4, 8, generator=g, dtype=torch.float64),
        )
        for k in "abc"
    }
    has = {"a": [0, 1, 2, 3], "b": [0, 2], "c": []}
    pairs = {k: (s, labels, t[has[k]], labels[has[k]]) for k, (s, t) in feats.items()}
    total, parts = gspmc_loss(logits, labels, pairs, alpha=0.5, tau=0.1)
    ce = torch.nn.functional.cross_entropy(logits.float(), labels).item()
    term_a = reference_term(
        feats["a"][0].tolist(), feats["a"][1].tolist(), labels.tolist(), labels.tolist(), 0.1
    )
    # Samples 1 and 3 have no "b" text: their skeletons stay in the batch as negatives of the texts.
    term_b = reference_term(
        feats["b"][0].tolist(), feats["b"][1][[0, 2]].tolist(), labels.tolist(), [0, 0], 0.1
    )
    assert term_a is not None and term_b is not None
    assert set(parts) == {"ce", "a", "b", "contrastive"}  # "c" has no texts in the batch: inactive
    assert total.item() == pytest.approx(ce + 0.5 * (term_a + term_b) / 2, rel=1e-5)


def test_samples_without_a_text_are_negatives_not_removed() -> None:
    """A skeleton without a text still competes for its neighbours' texts (text → skeleton softmax)."""
    g = torch.Generator().manual_seed(3)
    skel, text = (
        torch.randn(3, 4, generator=g, dtype=torch.float64),
        torch.randn(2, 4, generator=g, dtype=torch.float64),
    )
    labels = torch.tensor([0, 1, 2])  # sample 2 has no text
    pairs = {"global": (skel, labels, text, labels[:2])}
    with_negative = gspmc_loss(torch.zeros(3, 3, dtype=torch.float64), labels, pairs)[1]["global"]
    dropped = multi_positive_kl(skel[:2], text, labels[:2], labels[:2])
    assert dropped is not None and with_negative.item() != pytest.approx(dropped.item())
    closer = skel.clone()
    closer[2] = text[0] * 3  # the text-less sample now looks like sample 0's text: a harder negative
    harder = gspmc_loss(
        torch.zeros(3, 3, dtype=torch.float64), labels, {"global": (closer, labels, text, labels[:2])}
    )
    assert harder[1]["global"].item() > with_negative.item()


def test_world_scales_the_contrastive_gradient_not_the_value() -> None:
    g = torch.Generator().manual_seed(4)
    skel = torch.randn(4, 5, generator=g, dtype=torch.float64, requires_grad=True)
    text, labels = torch.randn(4, 5, generator=g, dtype=torch.float64), torch.tensor([0, 1, 0, 1])
    logits = torch.zeros(4, 2, dtype=torch.float64)
    grads, values = [], []
    for world in (1, 3):
        loss, _ = gspmc_loss(logits, labels, {"global": (skel, labels, text, labels)}, world=world)
        (grad,) = torch.autograd.grad(loss, skel)
        grads.append(grad)
        values.append(loss.item())
    assert values[0] == pytest.approx(values[1])
    torch.testing.assert_close(grads[1], 3 * grads[0], rtol=1e-5, atol=1e-6)  # terms run in float32


def test_ce_only_when_no_pairs() -> None:
    logits, labels = torch.randn(3, 4), torch.tensor([0, 1, 2])
    total, parts = gspmc_loss(logits, labels, {})
    assert total.item() == pytest.approx(torch.nn.functional.cross_entropy(logits, labels).item())
    assert set(parts) == {"ce"}

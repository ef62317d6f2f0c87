"""CTR-GCN layout, adjacency and the pooled heads."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from gspgen.skeleton.keypoints import get_preset
from gspgen.train.model import SkeletonTextModel, adjacency, unit_plan


def test_unit_plan_is_gaps_layout() -> None:
    plan = unit_plan(64)
    assert [out for _, out, _ in plan] == [64, 64, 64, 64, 128, 128, 128, 256, 256, 256]
    assert [s for _, _, s in plan] == [1, 1, 1, 1, 2, 1, 1, 2, 1, 1]


def test_adjacency_subsets_are_self_inward_outward() -> None:
    a = adjacency(3, [(1, 0), (2, 1)])
    assert a.shape == (3, 3, 3)
    assert np.array_equal(a[0], np.eye(3))
    assert a[1][0, 1] == 1.0 and a[1][1, 2] == 1.0  # child → parent
    assert a[2][1, 0] == 1.0 and a[2][2, 1] == 1.0
    assert np.allclose(a[1].sum(axis=0)[[1, 2]], 1.0)  # column-normalised


@pytest.mark.parametrize("keypoints", ["gsp87", "sam27"])
def test_pooling_and_head_shapes(keypoints: str) -> None:
    preset = get_preset(keypoints)
    model = SkeletonTextModel(5, preset.num_joints, preset.edges, preset.parts, base_channels=4, text_dim=12)
    x = torch.randn(3, 3, 16, preset.num_joints, 1)
    fmap = model.encode(x)
    assert fmap.shape == (3, 16, 4, preset.num_joints)  # 4·base channels, T/4
    pooled, parts = model.pool(fmap, 1)
    assert pooled.shape == (3, 16)
    assert set(parts) == {p for p, joints in preset.parts.items() if joints}
    right = preset.parts["right_hand"]
    assert torch.allclose(parts["right_hand"], fmap[:, :, :, right].mean(dim=(2, 3)), atol=1e-6)
    assert torch.allclose(pooled, fmap.mean(dim=(2, 3)), atol=1e-6)
    logits, global_proj, part_proj = model(x, text_heads=True)
    assert logits.shape == (3, 5) and global_proj.shape == (3, 12)
    assert all(v.shape == (3, 12) for v in part_proj.values())
    assert model(x).shape == (3, 5)  # inference: class logits only


def test_two_persons_pool_over_m() -> None:
    preset = get_preset("sam27")
    model = SkeletonTextModel(
        4, preset.num_joints, preset.edges, preset.parts, base_channels=4, num_persons=2
    )
    assert model(torch.randn(2, 3, 8, preset.num_joints, 2)).shape == (2, 4)


def test_texts_in_the_decision_add_the_scaled_zero_shot_score_of_every_class() -> None:
    """logits = FC_cls + exp(scale) · Σ_t w_t has_t cos_t / Σ_t w_t has_t; a class without texts gets FC_cls."""
    preset = get_preset("sam27")
    torch.manual_seed(0)
    model = SkeletonTextModel(
        4, preset.num_joints, preset.edges, preset.parts, base_channels=4, text_dim=6, text_decision=True
    ).eval()
    terms = 1 + len(model.part_names)
    vectors = torch.randn(terms, 4, 6)
    vectors[:, 3] = 0.0  # class 3: no texts
    vectors[2:, 1] = 0.0  # class 1: global and the first part only
    weights = torch.tensor([1.0] + [1.0 / len(model.part_names)] * len(model.part_names))
    model.set_class_texts(vectors, weights)
    x = torch.randn(2, 3, 16, preset.num_joints, 1)
    logits, global_proj, parts = model(x, text_heads=True)
    pooled, _ = model.pool(model.encode(x), 1)
    projections = [global_proj, *(parts[p] for p in model.part_names)]
    for c in range(4):
        num = den = 0.0
        for t, proj in enumerate(projections):
            if vectors[t, c].abs().sum() > 0:
                cos = torch.nn.functional.cosine_similarity(proj, vectors[t, c][None], dim=1)
                num, den = num + weights[t] * cos, den + weights[t]
        text = num / den if den else torch.zeros(2)
        expected = model.fc_cls(pooled)[:, c] + model.text_scale.exp() * text
        torch.testing.assert_close(logits[:, c], expected, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(model(x), logits)  # the inference path decides the same way


def test_a_learned_temperature_starts_at_tau_and_gets_a_gradient() -> None:
    from gspgen.train.loss import multi_positive_kl

    preset = get_preset("sam27")
    model = SkeletonTextModel(
        3, preset.num_joints, preset.edges, preset.parts, base_channels=4, tau=0.1, learn_tau=True
    )
    tau = model.contrastive_tau(0.5)
    assert isinstance(tau, torch.Tensor) and abs(float(tau.detach()) - 0.1) < 1e-6
    labels = torch.tensor([0, 1, 2])
    term = multi_positive_kl(torch.randn(3, 6), torch.randn(3, 6), labels, labels, tau)
    assert term is not None
    term.backward()
    assert model.log_inv_tau is not None and model.log_inv_tau.grad is not None
    fixed = SkeletonTextModel(3, preset.num_joints, preset.edges, preset.parts, base_channels=4)
    assert fixed.contrastive_tau(0.5) == 0.5 and fixed.log_inv_tau is None

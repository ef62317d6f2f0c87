"""CTR-GCN in GAP's layout with GSP-MC's pooled heads: one class, configured by a keypoint preset.

Encoder [P/G]: 10 TCN-GCN units with channels b,b,b,b,2b(s2),2b,2b,4b(s2),4b,4b (b = base channels,
64 in the paper); channel-wise topology refinement graph convolution (CTR-GC) over three adjacency
subsets (self, inward, outward) built from the preset's edges; multiscale temporal convolution
(kernel 5, dilations 1 and 2, plus max-pool and 1x1 branches). Heads: FC_cls on the global pool S_g,
and — for training only — FC_g plus one FC per body part projecting S_g / S_part to the text dimension.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from gspgen.records import PART_TAGS


def adjacency(num_joints: int, edges: Sequence[tuple[int, int]]) -> np.ndarray:
    """(3, V, V): identity, column-normalised inward (child→parent) and outward graphs (CTR-GCN)."""

    def normalised(pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        a = np.zeros((num_joints, num_joints), dtype=np.float32)
        for i, j in pairs:
            a[j, i] = 1.0
        degree = a.sum(axis=0)
        return a / np.where(degree > 0, degree, 1.0)

    inward = [(int(c), int(p)) for c, p in edges if c != p]
    outward = [(p, c) for c, p in inward]
    return np.stack([np.eye(num_joints, dtype=np.float32), normalised(inward), normalised(outward)])


def _init_conv(conv: nn.Conv2d) -> None:
    nn.init.kaiming_normal_(conv.weight, mode="fan_out")
    if conv.bias is not None:
        nn.init.zeros_(conv.bias)


def _bn(channels: int, scale: float = 1.0) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(channels)
    nn.init.constant_(bn.weight, scale)
    nn.init.zeros_(bn.bias)
    return bn


class TemporalConv(nn.Sequential):
    """(k, 1) convolution over time with 'same' padding for its dilation, then batch norm."""

    def __init__(self, cin: int, cout: int, kernel: int, stride: int = 1, dilation: int = 1) -> None:
        pad = (kernel + (kernel - 1) * (dilation - 1) - 1) // 2
        conv = nn.Conv2d(cin, cout, (kernel, 1), padding=(pad, 0), stride=(stride, 1), dilation=(dilation, 1))
        _init_conv(conv)
        super().__init__(conv, _bn(cout))


class MultiScaleTemporalConv(nn.Module):
    """Branches: one per dilation, a max-pool branch and a strided 1x1 branch, concatenated."""

    def __init__(
        self, cin: int, cout: int, kernel: int = 5, stride: int = 1, dilations: Sequence[int] = (1, 2)
    ):
        super().__init__()
        branches = len(dilations) + 2
        if cout % branches:
            raise ValueError(f"{cout} channels do not split into {branches} temporal branches")
        width = cout // branches

        def entry() -> list[nn.Module]:
            conv = nn.Conv2d(cin, width, 1)
            _init_conv(conv)
            return [conv, _bn(width), nn.ReLU(inplace=True)]

        self.branches = nn.ModuleList(
            [nn.Sequential(*entry(), TemporalConv(width, width, kernel, stride, d)) for d in dilations]
        )
        pool = nn.MaxPool2d((3, 1), stride=(stride, 1), padding=(1, 0))
        self.branches.append(nn.Sequential(*entry(), pool, _bn(width)))
        point = nn.Conv2d(cin, width, 1, stride=(stride, 1))
        _init_conv(point)
        self.branches.append(nn.Sequential(point, _bn(width)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([branch(x) for branch in self.branches], dim=1)


class CTRGC(nn.Module):
    """Channel-wise topology refinement: a shared adjacency plus a per-sample, per-channel one."""

    def __init__(self, cin: int, cout: int, reduction: int = 8) -> None:
        super().__init__()
        rel = 8 if cin == 3 else max(cin // reduction, 1)
        self.conv1, self.conv2 = nn.Conv2d(cin, rel, 1), nn.Conv2d(cin, rel, 1)
        self.conv3, self.conv4 = nn.Conv2d(cin, cout, 1), nn.Conv2d(rel, cout, 1)
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            _init_conv(conv)

    def forward(self, x: torch.Tensor, a: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
        q, k, v = self.conv1(x).mean(-2), self.conv2(x).mean(-2), self.conv3(x)
        rel = self.conv4(torch.tanh(q.unsqueeze(-1) - k.unsqueeze(-2))) * alpha + a  # (N, C, V, V)
        return torch.matmul(v, rel.transpose(-1, -2))  # einsum("ncuv,nctv->nctu"), without permute copies


class GraphConv(nn.Module):
    """Sum of CTR-GC over the adjacency subsets (learnable), batch norm, residual, ReLU."""

    def __init__(self, cin: int, cout: int, a: np.ndarray) -> None:
        super().__init__()
        self.adjacency = nn.Parameter(torch.from_numpy(a.copy()))
        self.alpha = nn.Parameter(torch.zeros(1))
        self.convs = nn.ModuleList([CTRGC(cin, cout) for _ in range(a.shape[0])])
        self.bn = _bn(cout, 1e-6)
        if cin == cout:
            self.down: nn.Module = nn.Identity()
        else:
            conv = nn.Conv2d(cin, cout, 1)
            _init_conv(conv)
            self.down = nn.Sequential(conv, _bn(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.convs[0](x, self.adjacency[0], self.alpha)
        for i in range(1, len(self.convs)):
            y = y + self.convs[i](x, self.adjacency[i], self.alpha)
        return torch.relu(self.bn(y) + self.down(x))


class Unit(nn.Module):
    """One TCN-GCN unit: graph conv, multiscale temporal conv, unit-level residual."""

    def __init__(self, cin: int, cout: int, a: np.ndarray, stride: int = 1, residual: bool = True) -> None:
        super().__init__()
        self.gcn = GraphConv(cin, cout, a)
        self.tcn = MultiScaleTemporalConv(cout, cout, stride=stride)
        if not residual:
            self.residual: nn.Module | None = None
        elif cin == cout and stride == 1:
            self.residual = nn.Identity()
        else:
            self.residual = TemporalConv(cin, cout, 1, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.tcn(self.gcn(x))
        return torch.relu(y if self.residual is None else y + self.residual(x))


def unit_plan(base: int) -> list[tuple[int, int, int]]:
    """(in, out, stride) of the 10 units: b,b,b,b,2b(s2),2b,2b,4b(s2),4b,4b (GAP/CTR-GCN)."""
    widths = [base] * 4 + [2 * base] * 3 + [4 * base] * 3
    strides = [1, 1, 1, 1, 2, 1, 1, 2, 1, 1]
    return list(zip([0, *widths[:-1]], widths, strides, strict=True))


class SkeletonTextModel(nn.Module):
    """Encoder + CE head (what inference uses) + projection heads to the text space (training only).

    Input (N, C, T, V, M). ``parts`` maps a part tag to joint indices of the preset; tags with no
    joints get no head.
    """

    class_texts: torch.Tensor
    term_weights: torch.Tensor
    log_prior: torch.Tensor
    prior_weight: torch.Tensor

    def __init__(
        self,
        num_classes: int,
        num_joints: int,
        edges: Sequence[tuple[int, int]],
        parts: dict[str, list[int]],
        *,
        in_channels: int = 3,
        base_channels: int = 64,
        text_dim: int = 384,
        num_persons: int = 1,
        dropout: float = 0.0,
        text_decision: bool = False,
        tau: float = 0.1,
        learn_tau: bool = False,
        prior_correction: bool = False,
    ) -> None:
        super().__init__()
        a = adjacency(num_joints, edges)
        self.data_bn = nn.BatchNorm1d(num_persons * in_channels * num_joints)
        plan = unit_plan(base_channels)
        self.units = nn.Sequential(
            *[
                Unit(in_channels if i == 0 else cin, cout, a, stride, residual=i > 0)
                for i, (cin, cout, stride) in enumerate(plan)
            ]
        )
        width = plan[-1][1]
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.fc_cls = nn.Linear(width, num_classes)
        nn.init.normal_(self.fc_cls.weight, 0, math.sqrt(2.0 / num_classes))
        self.fc_global = nn.Linear(width, text_dim)
        self.part_names = [p for p in PART_TAGS if parts.get(p)]
        self.fc_parts = nn.ModuleDict({p: nn.Linear(width, text_dim) for p in self.part_names})
        for p in self.part_names:
            self.register_buffer(f"joints_{p}", torch.tensor(parts[p], dtype=torch.long), persistent=False)
        # Texts in the decision: logits += exp(text_scale) · text_similarity (see there). The vectors are the
        # run's frozen, transformed class texts per decision term (global, then each part; set_class_texts).
        self.text_decision = text_decision
        if text_decision:
            terms = 1 + len(self.part_names)
            self.register_buffer("class_texts", torch.zeros(terms, num_classes, text_dim))
            self.register_buffer("term_weights", torch.zeros(terms))
            self.text_scale = nn.Parameter(torch.tensor(math.log(1.0 / tau)))
        # Logit adjustment (Menon et al. 2021): logits -= prior_weight · log(training share of the class);
        # prior_weight is 0 while training and chosen on validation after it (gspgen.train.calibrate).
        self.prior_correction = prior_correction
        if prior_correction:
            self.register_buffer("log_prior", torch.zeros(num_classes))
            self.register_buffer("prior_weight", torch.zeros(()))
        # CLIP-style learned contrastive temperature, tau = exp(-log_inv_tau), starting at ``tau``.
        self.log_inv_tau = nn.Parameter(torch.tensor(math.log(1.0 / tau))) if learn_tau else None

    def set_class_texts(self, vectors: torch.Tensor, weights: torch.Tensor) -> None:
        """(1 + parts, C, D) class text vectors for the decision, the global term first, then
        ``part_names`` (zero rows: a class without that term's text), and each term's weight."""
        self.class_texts.copy_(torch.nn.functional.normalize(vectors.float(), dim=-1))
        self.term_weights.copy_(weights.float())

    def set_prior(self, log_prior: torch.Tensor, weight: float) -> None:
        """The decision's logit adjustment: per-class log training share and its weight."""
        self.log_prior.copy_(log_prior.float())
        self.prior_weight.fill_(weight)

    def text_similarity(self, global_proj: torch.Tensor, part_proj: dict[str, torch.Tensor]) -> torch.Tensor:
        """(N, C) Σ_t w_t · has_t(c) · cos(proj_t, text_t(c)) / Σ_t w_t · has_t(c) over the decision terms
        (global, parts): the zero-shot score of every class (gspgen.infer.zeroshot), 0 without texts."""
        projections = [global_proj, *(part_proj[p] for p in self.part_names)]
        cosines = torch.stack(
            [
                torch.nn.functional.normalize(v, dim=1) @ t.T
                for v, t in zip(projections, self.class_texts, strict=True)
            ]
        )
        has = (self.class_texts.abs().sum(dim=-1) > 0).float() * self.term_weights[:, None]  # (terms, C)
        return (cosines * has[:, None, :]).sum(dim=0) / has.sum(dim=0).clamp(min=1e-12)

    def contrastive_tau(self, fixed: float) -> float | torch.Tensor:
        """The temperature of the contrastive terms: learned (clamped to [0.01, 1]) or ``fixed``."""
        if self.log_inv_tau is None:
            return fixed
        return torch.exp(-self.log_inv_tau.clamp(0.0, math.log(100.0)))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, T, V, M) → feature map (N·M, C', T/4, V)."""
        n, c, t, v, m = x.shape
        x = x.permute(0, 4, 3, 1, 2).reshape(n, m * v * c, t)
        x = self.data_bn(x).reshape(n, m, v, c, t).permute(0, 1, 3, 4, 2).reshape(n * m, c, t, v)
        return self.units(x)

    def pool(self, fmap: torch.Tensor, persons: int) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """S_g = mean over (T, V, M); S_part = mean over (T, V ∈ part, M)."""
        nm, ch = fmap.shape[:2]
        per_joint = fmap.mean(dim=2).reshape(nm // persons, persons, ch, -1).mean(dim=1)  # (N, C', V)
        parts: dict[str, torch.Tensor] = {
            p: per_joint[:, :, getattr(self, f"joints_{p}")].mean(dim=-1) for p in self.part_names
        }
        return per_joint.mean(dim=-1), parts

    def forward(
        self, x: torch.Tensor, text_heads: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
        """Class logits (the inference path: text heads unused, zero extra cost), or with
        ``text_heads`` also the global and per-part projections into the text space. One ``forward``
        for both, so DDP wraps either path."""
        pooled, parts = self.pool(self.encode(x), x.shape[-1])
        logits = self.fc_cls(self.dropout(pooled))
        if self.prior_correction:
            logits = logits - self.prior_weight * self.log_prior
        if not (text_heads or self.text_decision):
            return logits
        projected = self.fc_global(pooled)
        part_proj = {p: self.fc_parts[p](s) for p, s in parts.items()}
        if self.text_decision:
            logits = logits + self.text_scale.exp() * self.text_similarity(projected, part_proj)
        if not text_heads:
            return logits
        return logits, projected, part_proj

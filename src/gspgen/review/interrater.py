"""Inter-reviewer agreement on nominal decisions (accepted / edited / rejected), per field kind.

Each reviewer's latest decision per field counts; a field a reviewer has not judged is missing for
them. Cohen's κ compares exactly two reviewers on the fields both judged; Fleiss' κ needs the same
number of ratings per field, so it uses the fields every reviewer judged; Krippendorff's α (nominal)
uses every field with at least two ratings, so it tolerates missing data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gspgen.review.log import FIELD_KINDS, Decision, field_kind, read_log_file, reviewers_of

Unit = dict[str, str]  # reviewer -> category, for one field


def percent_agreement(units: Sequence[Unit]) -> float | None:
    """Mean over fields (with >= 2 ratings) of the share of rater pairs that agree."""
    shares = []
    for unit in units:
        pairs = list(combinations(unit.values(), 2))
        if pairs:
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


def cohen_kappa(units: Sequence[Unit], first: str, second: str) -> float | None:
    """κ = (p_o - p_e) / (1 - p_e) over the fields both reviewers judged; None when undefined."""
    pairs = [(u[first], u[second]) for u in units if first in u and second in u]
    if not pairs:
        return None
    n = len(pairs)
    p_o = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    p_e = sum(left[c] * right[c] for c in left) / (n * n)
    return None if p_e == 1 else (p_o - p_e) / (1 - p_e)


def fleiss_kappa(units: Sequence[Unit], raters: Sequence[str]) -> float | None:
    """Fleiss' κ over the fields judged by every one of ``raters`` (needs >= 2 raters)."""
    full = [[u[r] for r in raters] for u in units if all(r in u for r in raters)]
    m = len(raters)
    if not full or m < 2:
        return None
    counts = [Counter(ratings) for ratings in full]
    n_items = len(full)
    p_bar = sum((sum(c * c for c in cnt.values()) - m) / (m * (m - 1)) for cnt in counts) / n_items
    totals: Counter[str] = Counter()
    for cnt in counts:
        totals.update(cnt)
    p_e = sum((t / (n_items * m)) ** 2 for t in totals.values())
    return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


def krippendorff_alpha(units: Sequence[Unit]) -> float | None:
    """Nominal α = 1 - D_o / D_e from the coincidence matrix of fields with >= 2 ratings."""
    coincidence: dict[tuple[str, str], float] = {}
    for unit in units:
        values = list(unit.values())
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidence[(a, b)] = coincidence.get((a, b), 0.0) + 1 / (m - 1)
    marginals: dict[str, float] = {}
    for (a, _), weight in coincidence.items():
        marginals[a] = marginals.get(a, 0.0) + weight
    n = sum(marginals.values())
    if n <= 1:
        return None
    observed = sum(w for (a, b), w in coincidence.items() if a != b)
    expected = sum(marginals[a] * marginals[b] for a in marginals for b in marginals if a != b) / (n - 1)
    return None if expected == 0 else 1 - observed / expected


class KindAgreement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str  # global / synonym / part / all
    fields: int  # fields with at least two ratings
    percent: float | None
    cohen_kappa: float | None = None  # exactly two reviewers
    fleiss_kappa: float | None = None  # three or more reviewers
    krippendorff_alpha: float | None


class AgreementReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewers: list[str]
    kinds: list[KindAgreement]


def agreement_for(units: Sequence[Unit], reviewers: Sequence[str], kind: str) -> KindAgreement:
    two = len(reviewers) == 2
    return KindAgreement(
        kind=kind,
        fields=sum(len(u) >= 2 for u in units),
        percent=percent_agreement(units),
        cohen_kappa=cohen_kappa(units, reviewers[0], reviewers[1]) if two else None,
        fleiss_kappa=fleiss_kappa(units, reviewers) if len(reviewers) > 2 else None,
        krippendorff_alpha=krippendorff_alpha(units),
    )


def units_by_kind(decisions: dict[tuple[int, str], dict[str, Decision]]) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {kind: [] for kind in (*FIELD_KINDS, "all")}
    for (_, key), by in sorted(decisions.items()):
        unit: Unit = {name: str(d.decision) for name, d in by.items()}
        out[field_kind(key)].append(unit)
        out["all"].append(unit)
    return out


def agreement(generated: Path) -> AgreementReport:
    """Agreement figures for the reviews of ``generated`` (read from its log)."""
    _, decisions = read_log_file(generated)
    reviewers = reviewers_of(decisions)
    units = units_by_kind(decisions)
    return AgreementReport(
        reviewers=reviewers,
        kinds=[agreement_for(units[kind], reviewers, kind) for kind in (*FIELD_KINDS, "all")],
    )

"""The weighted engagement score: sum of event counts times the configured weight per kind."""

from __future__ import annotations

from psn.core.sections.analytics import KINDS


def score(counts: dict[str, int], weights: dict[str, float]) -> float:
    return float(sum(counts.get(kind, 0) * weights.get(kind, 0) for kind in KINDS))


def fold(rows: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """(group, kind, count) rows → {group: {kind: count}}."""
    out: dict[str, dict[str, int]] = {}
    for group, kind, count in rows:
        out.setdefault(group, {})[kind] = out.get(group, {}).get(kind, 0) + int(count)
    return out

"""Scoring prompt versions from the engagement of their content: pure functions, no database.

Normalisation: a post's weighted score becomes ln(1 + score) minus the channel's mean of the same,
so 0 is "as good as this channel's average post" and +0.69 "about twice as good". The log tames
the heavy tail (one viral post is worth a few good ones, not a hundred), and subtracting the
channel mean makes an X single and a LinkedIn post comparable.

Shrinkage: a version's estimate is sum(normalised) / (posts + k). That is the posterior mean of a
normal model whose prior is "average for the channel" worth k posts (`learn.prior_strength`, 3 by
default): one post moves a version only 1/(1+k) of the way to what it showed, ten posts 10/13.
So one lucky post (say 7x the average: +2.0) scores 2/4 = 0.5 and loses to a version that was
2.2x the average over six posts (+0.8 each: 4.8/9 = 0.53).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class VersionScore:
    version_id: int
    samples: int
    estimate: float
    """Shrunk normalised score: 0 is the channel's average post."""


def normalise(scores: dict[int, float]) -> dict[int, float]:
    """content id → ln(1 + weighted score) minus the channel's mean of it."""
    if not scores:
        return {}
    logs = {cid: math.log1p(max(score, 0.0)) for cid, score in scores.items()}
    mean = sum(logs.values()) / len(logs)
    return {cid: value - mean for cid, value in logs.items()}


def shrink(values: list[float], prior_strength: float) -> float:
    denominator = len(values) + prior_strength
    return sum(values) / denominator if denominator > 0 else 0.0


def score_versions(
    normalised: dict[int, float], version_of: dict[int, int], version_ids: list[int], prior_strength: float
) -> list[VersionScore]:
    """Every version's estimate from the content it wrote (version_of: content id → version id)."""
    by_version: dict[int, list[float]] = {vid: [] for vid in version_ids}
    for cid, value in normalised.items():
        vid = version_of.get(cid)
        if vid in by_version:
            by_version[vid].append(value)
    return [VersionScore(vid, len(vals), shrink(vals, prior_strength)) for vid, vals in by_version.items()]


def ranked(scores: list[VersionScore]) -> list[VersionScore]:
    """Best first; ties go to the newer version (it has had less chance to show what it can do)."""
    return sorted(scores, key=lambda s: (-s.estimate, -s.version_id))

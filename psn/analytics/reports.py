"""Report data for `psn analytics …` and `psn campaigns …`: plain pydantic models, no rendering."""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel

from psn.analytics import queries as q
from psn.analytics.ingest import epoch, from_epoch
from psn.analytics.pull import analytics_now
from psn.analytics.scoring import fold, score
from psn.context import AppContext
from psn.core.errors import BadInput
from psn.core.sections.analytics import KINDS


class GroupTotals(BaseModel):
    group: str
    counts: dict[str, int]
    score: float


class Summary(BaseModel):
    since: datetime
    until: datetime
    by: str
    groups: list[GroupTotals]
    total_score: float
    daily: list[float]
    """Weighted score per day, oldest first (for the sparkline)."""


class Ranked(BaseModel):
    rank: int
    content_id: int
    platform: str
    format: str = ""
    """The format that went out (a carousel, a reel…), as the platform published it."""
    campaign: str | None
    text: str
    url: str | None
    score: float
    counts: dict[str, int]


MAX_DAYS = 36_500  # a century: further back has no posts, and dates before year 1 do not exist


def window(ctx: AppContext, days: int, platform: str | None = None, campaign: str | None = None) -> q.Filter:
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"--days must be between 1 and {MAX_DAYS}.", hint="For example --days 30.")
    if platform:
        from psn.platforms.registry import get_spec

        platform = get_spec(platform).name
    # Whole UTC days, today included: the summary groups by day, so every report agrees on the edges.
    today = epoch(analytics_now(ctx)) // 86400
    return q.Filter((today - days + 1) * 86400, (today + 1) * 86400, platform, campaign)


def summary(ctx: AppContext, flt: q.Filter, by: str = "channel") -> Summary:
    if by not in ("channel", "campaign"):
        raise BadInput(f"Cannot group by {by!r}.", hint="Use --by channel or --by campaign.")
    weights = ctx.settings.analytics.weights
    with ctx.db.engine.connect() as conn:
        days = q.channel_days(conn, flt)
        rows = [(p, k, n) for p, k, _, n in days] if by == "channel" else q.totals_by_campaign(conn, flt)
    per_day: dict[int, float] = {}
    for _, kind, day, count in days:
        per_day[day] = per_day.get(day, 0.0) + count * weights.get(kind, 0)
    groups = [GroupTotals(group=g, counts=c, score=score(c, weights)) for g, c in sorted(fold(rows).items())]
    groups.sort(key=lambda g: -g.score)
    first, last = flt.since // 86400, (flt.until - 1) // 86400
    return Summary(since=from_epoch(flt.since), until=from_epoch(flt.until), by=by, groups=groups,
                   total_score=sum(g.score for g in groups),
                   daily=[per_day.get(day, 0.0) for day in range(first, last + 1)])


def leaderboard(ctx: AppContext, flt: q.Filter, limit: int = 10) -> list[Ranked]:
    weights = ctx.settings.analytics.weights
    with ctx.db.engine.connect() as conn:
        top = q.top_content(conn, flt, weights, limit)
        ids = [cid for cid, _ in top]
        kinds, rows = q.content_kinds(conn, ids, flt), q.content_rows(conn, ids)
    return [Ranked(rank=i + 1, content_id=cid, platform=rows[cid]["platform"], format=rows[cid]["format"],
                   campaign=rows[cid]["campaign"],
                   text=_text(rows[cid]["request"]), url=rows[cid]["url"], score=value, counts=kinds[cid])
            for i, (cid, value) in enumerate(top) if cid in rows]


def _text(request: str) -> str:
    """The whole text that went out: a thread's posts joined by blank lines, not only its first."""
    try:
        data = json.loads(request)
        parts = [data.get("text") or "", *(data.get("parts") or [])]
    except (ValueError, AttributeError, TypeError):
        return ""
    return "\n\n".join(str(p) for p in parts if p)


SNAPSHOT_COLUMNS = ("taken_at", "views", "likes", "shares", "comments", "clicks", "saves", "conversions")
"""The columns of `show`'s snapshots (metric_snapshots without its keys): also the --csv header."""


class ContentDetail(BaseModel):
    content_id: int
    platform: str
    format: str = ""
    campaign: str | None
    text: str
    url: str | None
    published_at: str | None
    prompt_version_id: int | None
    counts: dict[str, int]
    score: float
    snapshots: list[dict]


def show(ctx: AppContext, content_id: int) -> ContentDetail:
    from sqlalchemy import text

    everything = q.Filter(0, 2**62)
    with ctx.db.engine.connect() as conn:
        row = q.content_rows(conn, [content_id]).get(content_id)
        if row is None:
            raise BadInput(f"There is no content {content_id}.",
                           hint="See `psn post list` or `psn analytics leaderboard`.")
        counts = q.content_kinds(conn, [content_id], everything)[content_id]
        snaps = conn.execute(text("SELECT * FROM metric_snapshots WHERE content_id = :c ORDER BY taken_at, id"),
                             {"c": content_id}).mappings().all()
    snapshots = [{**{k: v for k, v in dict(s).items() if k not in ("id", "content_id", "platform")},
                  "taken_at": from_epoch(s["taken_at"]).isoformat()} for s in snaps]
    return ContentDetail(content_id=content_id, platform=row["platform"], format=row["format"],
                         campaign=row["campaign"],
                         text=_text(row["request"]), url=row["url"],
                         published_at=str(row["published_at"] or "") or None,
                         prompt_version_id=row["prompt_version_id"], counts=counts,
                         score=score(counts, ctx.settings.analytics.weights), snapshots=snapshots)


class Channel(BaseModel):
    platform: str
    content: int
    average_score: float
    best_prompt_version: int | None
    worst_prompt_version: int | None
    improvement_rate: float | None
    """Change of the average score from the first to the latest of the last N generations."""


def channels(ctx: AppContext, flt: q.Filter, generations: int = 5) -> list[Channel]:
    weights = ctx.settings.analytics.weights
    with ctx.db.engine.connect() as conn:
        content = q.channel_content(conn, flt.platform)
        kinds = q.content_kinds(conn, [c["id"] for c in content], flt)
    out = []
    for platform in sorted({c["platform"] for c in content}):
        items = [c for c in content if c["platform"] == platform]
        scores = {c["id"]: score(kinds.get(c["id"], {}), weights) for c in items}
        out.append(Channel(platform=platform, content=len(items), average_score=_mean(list(scores.values())),
                           **_prompt_stats(items, scores, generations)))
    return out


def _prompt_stats(items: list[dict], scores: dict[int, float], generations: int) -> dict:
    by_version: dict[int, list[float]] = {}
    by_generation: dict[int, list[float]] = {}
    for c in items:
        if c["prompt_version_id"] is not None:
            by_version.setdefault(c["prompt_version_id"], []).append(scores[c["id"]])
            by_generation.setdefault(c["generation"] or 0, []).append(scores[c["id"]])
    means = {v: _mean(s) for v, s in by_version.items()}
    gens = sorted(by_generation)[-generations:]
    rate = None
    if len(gens) >= 2 and _mean(by_generation[gens[0]]) > 0:
        first = _mean(by_generation[gens[0]])
        rate = round((_mean(by_generation[gens[-1]]) - first) / first, 4)
    return {"best_prompt_version": max(means, key=lambda v: means[v]) if means else None,
            "worst_prompt_version": min(means, key=lambda v: means[v]) if means else None,
            "improvement_rate": rate}


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


FOLLOWER_COLUMNS = ("platform", "at", "followers")


def followers(ctx: AppContext, platform: str | None = None) -> list[dict]:
    if platform:
        from psn.platforms.registry import get_spec

        platform = get_spec(platform).name
    with ctx.db.engine.connect() as conn:
        rows = q.followers(conn, platform)
    return [{"platform": p, "at": from_epoch(t).isoformat(), "followers": n} for p, t, n in rows]


def campaigns(ctx: AppContext) -> list[dict]:
    with ctx.db.engine.connect() as conn:
        rows = q.campaigns(conn)
    return [{**r, "platforms": sorted((r["platforms"] or "").split(",")), "first": str(r["first"]),
             "last": str(r["last"])} for r in rows]


def all_kinds(counts: dict[str, int]) -> dict[str, int]:
    return {kind: counts.get(kind, 0) for kind in KINDS}

"""What the HTML report shows, gathered once: the period's trend, leaderboard, followers per
account, best posting days and hours (in the creator's timezone) and each channel's prompt
versions with their scores. Plain data; psn/analytics/html.py draws it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from pydantic import BaseModel

from psn.analytics import queries as q
from psn.analytics import reports
from psn.analytics.ingest import from_epoch
from psn.analytics.pull import analytics_now
from psn.analytics.scoring import score
from psn.context import AppContext

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LONG_TEXT = 600
"""Leaderboard text longer than this is cut at a word boundary (threads can be thousands of characters)."""


class Post(BaseModel):
    rank: int
    content_id: int
    platform: str
    account: str
    text: str
    shortened: bool
    url: str | None
    score: float
    counts: dict[str, int]


class Followers(BaseModel):
    platform: str
    account: str
    at: list[datetime]
    counts: list[int]

    @property
    def change(self) -> int:
        return self.counts[-1] - self.counts[0] if self.counts else 0


class Slot(BaseModel):
    label: str
    posts: int
    average: float


class PromptVersionRow(BaseModel):
    platform: str
    version_id: int
    template: str
    generation: int
    status: str
    posts: int
    average: float
    loop_score: float | None
    """The learning loop's estimate (0–1, normalised within the channel), None before its first cycle."""


class ReportData(BaseModel):
    generated_at: datetime
    timezone: str
    accounts: dict[str, str]
    """platform → account name, for every connected account."""
    campaign: str | None
    summary: reports.Summary
    days: list[datetime]
    posts: list[Post]
    followers: list[Followers]
    weekdays: list[Slot]
    hours: list[Slot]
    prompt_versions: list[PromptVersionRow]


def gather(ctx: AppContext, days: int, campaign: str | None = None, top: int = 20) -> ReportData:
    flt = reports.window(ctx, days, campaign=campaign)
    summary = reports.summary(ctx, flt)
    zone = _zone(ctx.settings.general.timezone)
    with ctx.db.engine.connect() as conn:
        names = q.account_names(conn)
        published = [r for r in q.published_in(conn, flt) if _in_window(r, flt)]
        kinds = q.content_kinds(conn, [r["id"] for r in published], flt)
        follower_rows = q.followers(conn, None)
    weights = ctx.settings.analytics.weights
    scores = {r["id"]: score(kinds.get(r["id"], {}), weights) for r in published}
    return ReportData(
        generated_at=analytics_now(ctx).astimezone(zone), timezone=ctx.settings.general.timezone,
        accounts=names, campaign=campaign, summary=summary,
        days=[summary.since + timedelta(days=i) for i in range(len(summary.daily))],
        posts=[_post(r, names) for r in reports.leaderboard(ctx, flt, top)],
        followers=_followers(follower_rows, names, flt),
        weekdays=_slots(published, scores, zone, lambda t: t.weekday(), WEEKDAYS),
        hours=_slots(published, scores, zone, lambda t: t.hour, [f"{h:02d}:00" for h in range(24)]),
        prompt_versions=_prompt_versions(published, scores))


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC  # config validation names a bad timezone; the report still renders, in UTC


def _when(value: object) -> datetime:
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _in_window(row: dict, flt: q.Filter) -> bool:
    return from_epoch(flt.since) <= _when(row["published_at"]) < from_epoch(flt.until)


def shorten(text: str, limit: int = LONG_TEXT) -> tuple[str, bool]:
    """The text whole, or cut at the last space before `limit` with an ellipsis: never mid-word."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…", True


def _post(r: reports.Ranked, names: dict[str, str]) -> Post:
    text, shortened = shorten(r.text)
    return Post(rank=r.rank, content_id=r.content_id, platform=r.platform, account=names.get(r.platform, ""),
                text=text, shortened=shortened, url=_web_url(r.url), score=r.score, counts=r.counts)


def _web_url(url: str | None) -> str | None:
    """Only http(s) addresses become links: a stored `javascript:` URL must never be clickable."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def _followers(rows: list[tuple[str, int, int]], names: dict[str, str], flt: q.Filter) -> list[Followers]:
    series: dict[str, Followers] = {}
    for platform, taken_at, count in rows:
        if flt.since <= taken_at < flt.until:
            found = series.setdefault(platform, Followers(platform=platform, account=names.get(platform, ""),
                                                          at=[], counts=[]))
            found.at.append(from_epoch(taken_at))
            found.counts.append(count)
    return list(series.values())


def _slots(published: list[dict], scores: dict[int, float], zone: tzinfo, key: Callable[[datetime], int],
           labels: Sequence[str]) -> list[Slot]:
    """Average score per post by when it was published (weekday or hour, in the creator's timezone)."""
    buckets: list[list[float]] = [[] for _ in labels]
    for row in published:
        buckets[key(_when(row["published_at"]).astimezone(zone))].append(scores[row["id"]])
    return [Slot(label=label, posts=len(b), average=round(sum(b) / len(b), 2) if b else 0.0)
            for label, b in zip(labels, buckets, strict=True)]


def _prompt_versions(published: list[dict], scores: dict[int, float]) -> list[PromptVersionRow]:
    grouped: dict[tuple[str, int], list[dict]] = {}
    for row in published:
        if row["prompt_version_id"] is not None:
            grouped.setdefault((row["platform"], row["prompt_version_id"]), []).append(row)
    out = []
    for (_, version_id), rows in grouped.items():
        first, values = rows[0], [scores[r["id"]] for r in rows]
        out.append(PromptVersionRow(
            platform=first["platform"], version_id=version_id, template=first["prompt"] or "?",
            generation=first["generation"] or 0, status=first["prompt_status"] or "?", posts=len(rows),
            average=round(sum(values) / len(values), 2),
            loop_score=None if first["score_bp"] is None else first["score_bp"] / 10_000))
    return sorted(out, key=lambda v: (v.platform, -v.average, v.version_id))

"""`psn engage monitor` and `psn engage add`: fetch candidates, ingest, draft the kept ones ahead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psn.context import AppContext
from psn.core.errors import BadInput, NotConfigured, PsnError
from psn.engage import config as engage_config
from psn.engage import opportunities, own_posts
from psn.platforms.base import Candidate

HOSTS = {"x.com": "x", "twitter.com": "x", "linkedin.com": "linkedin", "instagram.com": "instagram",
         "tiktok.com": "tiktok", "facebook.com": "facebook"}
_URL = re.compile(r"^https?://(?:www\.|mobile\.|m\.)?([^/]+)/(\S+)$")


@dataclass
class MonitorReport:
    platforms: dict[str, dict[str, Any]] = field(default_factory=dict)
    expired: int = 0
    drafted: int = 0

    def errors(self) -> dict[str, str]:
        """"platform source" → why that fetch failed (a platform that is not connected is skipped, not failed)."""
        return {f"{platform} {key.removesuffix('_error')}": str(value)
                for platform, info in self.platforms.items() for key, value in info.items() if key.endswith("_error")}


def monitor(ctx: AppContext, limit: int = 25) -> MonitorReport:
    """Fetch from every enabled platform at once (the slowest platform sets the pace, not the sum),
    then ingest and draft one platform after another (database writes stay in this thread)."""
    from psn.accounts.wiring import adapter_for

    settings = ctx.settings.engage
    now = ctx.clock.now()
    adapters: dict[str, Any] = {}
    skipped: dict[str, dict[str, Any]] = {}
    for platform in settings.monitor_platforms:
        try:
            adapters[platform] = adapter_for(ctx, platform)[0]
        except (NotConfigured, BadInput, KeyError) as exc:
            skipped[platform] = {"skipped": getattr(exc, "message", str(exc))}
    # keywords steer a search; comments on the creator's own posts are worth reading without them
    searching = any(a.capabilities.search for a in adapters.values())
    keywords = (engage_config.require_keywords if searching else engage_config.keywords)(ctx.db, settings)
    report = MonitorReport(platforms=skipped, expired=opportunities.expire_pending(ctx.db, now))
    fetched = _fetch_all({p: _sources(a, keywords, limit) for p, a in adapters.items()})
    for platform, adapter in adapters.items():
        report.platforms[platform] = _ingest(ctx, adapter, keywords, fetched.get(platform))
        report.drafted += draft_ahead(ctx, report.platforms[platform].get("new_ids", []))
    return report


Fetch = Callable[[], list[Candidate]]

# The stored `source` keeps the schema's three values: "mentions" there means anyone talking to the
# creator (a mention, or a comment on the creator's own post; the row's flags say which).
STORED_SOURCE = {"conversations": "mentions"}


def _sources(adapter: Any, keywords: list[str], limit: int) -> list[tuple[str, Fetch]]:
    sources: list[tuple[str, Fetch]] = []
    if adapter.capabilities.search and keywords:  # conversations need no keywords: people talk to you anyway
        sources.append(("search", lambda: adapter.discover(keywords, limit)))
    if adapter.capabilities.conversations:  # comments on own posts and mentions: someone is waiting
        sources.append(("conversations", lambda: adapter.conversations(limit)))
    return sources


def _fetch_all(plan: dict[str, list[tuple[str, Fetch]]]) -> dict[str, list[tuple[str, Any]] | None]:
    """Run every (platform, source) fetch in parallel; each result is a candidate list or a PsnError."""
    from concurrent.futures import ThreadPoolExecutor

    tasks = [(platform, source, fetch) for platform, sources in plan.items() for source, fetch in sources]
    out: dict[str, list[tuple[str, Any]] | None] = {p: ([] if sources else None) for p, sources in plan.items()}
    if not tasks:
        return out
    with ThreadPoolExecutor(max_workers=min(8, len(tasks)), thread_name_prefix="psn-monitor") as pool:
        futures = [(platform, source, pool.submit(_safe, fetch)) for platform, source, fetch in tasks]
        for platform, source, future in futures:
            out[platform].append((source, future.result()))  # type: ignore[union-attr]
    return out


def _safe(fetch: Fetch) -> Any:
    try:
        return fetch()
    except PsnError as exc:
        return exc


def _ingest(ctx: AppContext, adapter: Any, keywords: list[str], results: list[tuple[str, Any]] | None) -> dict:
    unreadable = adapter.capabilities.conversations_unavailable
    if results is None:
        why = "no niche keywords to search" if adapter.capabilities.search else "no search API"
        skipped = f"{why}; paste posts with `psn engage add URL --text ...`"
        return {"skipped": skipped, **({"conversations_unavailable": unreadable} if unreadable else {})}
    settings, now = ctx.settings.engage, ctx.clock.now()
    types = {adapter.name: adapter.capabilities.engagement_types}
    out: dict[str, Any] = {"new": 0, "new_ids": []}
    if unreadable:
        out["conversations_unavailable"] = unreadable
    for source, found in results:
        if isinstance(found, PsnError):
            out[f"{source}_error"] = found.message
            continue
        result = opportunities.ingest(ctx.db, found, settings=settings, keywords=keywords, engagement_types=types,
                                      now=now, source=STORED_SOURCE.get(source, source),
                                      timezone=ctx.settings.general.timezone)
        out["new"] += len(result.new)
        out["new_ids"] += result.new
        out[source] = result.as_dict()
    return out


def ingest_conversations(ctx: AppContext, platform: str, found: list[Candidate]) -> list[int]:
    """Comments and mentions a webhook delivered: stored, scored and drafted as `psn engage monitor`
    would have (same source, so the same comment found both ways is one opportunity)."""
    settings = ctx.settings.engage
    result = opportunities.ingest(ctx.db, found, settings=settings, keywords=engage_config.keywords(ctx.db, settings),
                                  engagement_types={platform: _engagement_types(platform)}, now=ctx.clock.now(),
                                  source=STORED_SOURCE["conversations"], timezone=ctx.settings.general.timezone)
    try:
        draft_ahead(ctx, result.new)
    except PsnError:  # no language model: the opportunity is kept, drafted when the session opens
        pass
    return result.new


def add_by_url(ctx: AppContext, url: str, text: str, author: str = "", followers: int = 0) -> dict[str, Any]:
    from psn.engage.own_sites import own_site_post, own_sites

    own = own_site_post(url, own_sites(ctx))  # a post or comment on the creator's own site
    platform, post_id = own or parse_post_url(url)
    if not text.strip():
        raise BadInput("psn cannot read this post by itself, so it needs its text.",
                       hint="Pass --text \"what the post says\" (copy it from the page).")
    candidate = Candidate(platform=platform, post_id=post_id, url=url, text=text.strip(),
                          author_handle=author.lstrip("@"), author_followers=followers, on_own_post=own is not None)
    mine = None if own else own_posts.find(ctx.db, platform, url)
    if mine is not None:  # the creator's own post, or a comment under it: answered in place where allowed
        candidate = candidate.model_copy(update={"post_id": mine.target_id, "on_own_post": True,
                                                 "raw": mine.reply_target()})
    settings = ctx.settings.engage
    types = {platform: _engagement_types(platform)}
    result = opportunities.ingest(ctx.db, [candidate], settings=settings,
                                  keywords=engage_config.keywords(ctx.db, settings), engagement_types=types,
                                  now=ctx.clock.now(), source="manual", timezone=ctx.settings.general.timezone)
    if result.blocked:
        raise BadInput("That post is on your blocklist (author or keyword).",
                       hint="See `psn engage config show`; nothing was stored.")
    problems: list[str] = []
    drafted = draft_ahead(ctx, result.new, problems)
    out = {"url": url, "platform": platform, "on_own_post": candidate.on_own_post, **result.as_dict(),
           "drafted": drafted}
    return out | ({"draft_problem": problems[0]} if problems else {})


def parse_post_url(url: str) -> tuple[str, str]:
    match = _URL.match(url.strip())
    platform = HOSTS.get(match.group(1).lower()) if match else None
    if not match or not platform:
        raise BadInput(f"Not a post URL psn knows: {url!r}.",
                       hint="Paste the full link, e.g. https://www.linkedin.com/feed/update/urn:li:activity:123/.")
    path = match.group(2).rstrip("/").split("?")[0]
    return platform, path.split("/")[-1] if platform == "x" else path


def _engagement_types(platform: str) -> list[str]:
    try:
        from psn.platforms.registry import get_spec

        return list(get_spec(platform).capabilities.engagement_types)  # type: ignore[attr-defined]
    except Exception:
        return ["comment"]


def draft_ahead(ctx: AppContext, ids: list[int], problems: list[str] | None = None) -> int:
    """Drafted at discovery so a session starts instantly; a drafting failure never loses the find
    (its message goes to `problems`, and the session drafts again or lets the person write)."""
    if not ids:
        return 0
    from psn.engage.drafting import draft_options

    llm, voice = open_drafting(ctx)
    drafted = 0
    for opportunity_id in ids:
        try:
            draft_options(ctx.db, llm, voice, opportunities.get(ctx.db, opportunity_id), ctx.clock.now(),
                          x_limit=ctx.settings.generation.x_max_weighted_length)
            drafted += 1
        except PsnError as exc:
            if problems is not None:
                problems.append(exc.message)
    return drafted


def open_drafting(ctx: AppContext):  # type: ignore[no-untyped-def]
    from psn.llm.registry import open_llm
    from psn.voice.profile import VoiceProfile
    from psn.voice.store import current_voice

    stored = current_voice(ctx.db)
    llm = open_llm(ctx.settings.llm, ctx.secrets, ctx.db, ctx.clock)
    return llm, stored.profile if stored else VoiceProfile()

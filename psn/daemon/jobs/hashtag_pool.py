"""Weekly: refresh Instagram's hashtag pool from the creator's measured posts.

Runs the same refresh as `psn hashtags refresh`, only when the pool has not been refreshed for a
week (a manual refresh in between counts). It never spends a hashtag-search slot: on the
Facebook-Login path it only re-reads tags already searched this week, which is free.
"""

from __future__ import annotations

from datetime import timedelta

from psn.daemon.job import JobContext, JobOutcome

NAME = "hashtag_pool"
SCHEDULE = "every 7d"
DESCRIPTION = "Refresh Instagram's hashtag pool from your best posts (weekly; never spends a search)"
ORDER = 45  # after analytics_pull (30), so a refresh sees the day's numbers
STALE_AFTER = timedelta(days=7)
EARLY = timedelta(hours=1)
"""A run a little under a week after the last refresh still counts as due: without this slack a
run that starts a few seconds early would find the pool fresh and skip a whole week."""


def run(ctx: JobContext) -> JobOutcome:
    from psn.core.errors import NotConfigured
    from psn.hashtags.pool import instagram_account
    from psn.hashtags.refresh import refresh_pool
    from psn.store.instagram_tables import stale_pool

    try:
        account = instagram_account(ctx.app)
    except NotConfigured:
        return JobOutcome.idle("Instagram is not connected")
    if not stale_pool(ctx.db.engine, account.platform_user_id, ctx.now - STALE_AFTER + EARLY):
        return JobOutcome.idle("the pool was refreshed less than a week ago")
    result = refresh_pool(ctx.app, now=ctx.now)
    if not result.posts and not result.searched and not result.search_error:
        return JobOutcome.idle("no measured Instagram post yet")
    summary = f"{result.own_posts} tags from {result.posts} posts" + (
        f", {result.searched} searched tags rescored" if result.searched else "")
    counts = {"posts": result.posts, "tags": result.own_posts, "dropped": result.dropped, "searched": result.searched}
    if result.search_error:
        return JobOutcome.partial(f"{summary}; searched tags not re-read: {result.search_error}", **counts)
    return JobOutcome.done(summary, **counts)

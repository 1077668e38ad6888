"""`psn engage list` reads with the stdlib sqlite3 (psn/engage/quick_list.py) so it never imports the ORM.
It must list exactly what the full path (psn.engage.opportunities.pending) lists, and the CLI must reach it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from psn.context import AppContext
from psn.core.clock import FixedClock
from psn.engage.opportunities import pending
from psn.engage.quick_list import pending_summaries
from psn.engage.views import summary
from psn.store.engage_tables import Opportunity

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
ROWS = [
    # platform, score, status, hours ago (None: posted_at unknown), summoned, on own post
    ("x", 7500, "pending", 1, False, False), ("x", 9900, "pending", 60, True, False),  # expired still listed
    ("linkedin", 8800, "pending", 2, False, True), ("instagram", 8800, "pending", None, False, False),  # tie
    ("tiktok", 9500, "no", 1, False, False), ("x", 6100, "yes", 3, False, False),
]


@pytest.fixture
def ctx() -> AppContext:
    context = AppContext.create(clock=FixedClock(NOW))
    with context.db.write() as conn:
        for n, (platform, score, status, hours, summoned, own) in enumerate(ROWS):
            at = None if hours is None else NOW - timedelta(hours=hours)
            conn.execute(insert(Opportunity.__table__), {
                "platform": platform, "post_id": str(n), "url": f"https://example.test/{n}", "text": f"post {n}",
                "author_handle": f"a{n}", "author_followers": 10 * n, "found_at": NOW - timedelta(hours=hours or 0),
                "posted_at": at, "score_bp": score, "status": status, "summoned": summoned, "on_own_post": own,
                "engagement_type": "reply" if n % 2 else "quote", "source": "search" if n % 2 else "mentions"})
    return context


@pytest.mark.parametrize(("platforms", "limit"), [(None, 20), ([], 20), (None, 2), (["x"], 20),
                                                  (["instagram", "linkedin"], 1), (["facebook"], 20)])
def test_the_quick_list_is_the_full_list(ctx, platforms, limit):
    quick = pending_summaries(ctx, platforms, limit)
    assert quick == [summary(r, NOW) for r in pending(ctx.db, platforms, limit)]
    assert quick is not None and (quick or platforms == ["facebook"])


def test_no_database_or_one_to_migrate_means_the_full_path(monkeypatch):
    import psn.store.peek as peek

    fresh = AppContext.create(clock=FixedClock(NOW))
    assert pending_summaries(fresh, None, 20) is None
    assert fresh.db is not None  # opening it creates and migrates the database
    monkeypatch.setattr(peek, "expected_migrations", lambda: {"9999_future"})
    assert pending_summaries(fresh, None, 20) is None


def test_psn_engage_list_answers_as_the_full_path_without_importing_the_orm(ctx, cli, monkeypatch, tmp_path):
    import psn.engage.quick_list as quick_list

    code = textwrap.dedent("""
        import sys
        from psn.cli.app import main
        code = main(sys.argv[1:])
        heavy = [m for m in ("sqlalchemy", "sqlmodel", "psn.platforms.base") if m in sys.modules]
        print("\\nHEAVY", code, heavy)
    """)
    env = {"PSN_HOME": os.environ["PSN_HOME"], "PSN_SECRETS": "file", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "PSN_NOW": NOW.isoformat()}
    two_platforms = ["engage", "list", "--json", "-p", "X", "-p", "linkedin", "--limit", "2"]
    for args in (["--json", "engage", "list"], two_platforms):
        out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True,
                             text=True).stdout
        document, tail = out.rsplit("\nHEAVY ", 1)
        assert tail.strip() == "0 []"
        with monkeypatch.context() as patch:
            patch.setenv("PSN_NOW", NOW.isoformat())
            patch.setattr(quick_list, "pending_summaries", lambda *a: None)  # the full path, in process
            full = cli(*args)
        assert full.exit_code == 0
        assert json.loads(document) == json.loads(full.stdout)
    assert [row["id"] for row in json.loads(document)["data"]] == [2, 3]  # 9900 on X, then linkedin's 8800

"""`psn post list` reads with the stdlib sqlite3 (psn/publishing/post_view.py) so it never imports the ORM.
It must list exactly what the full path (psn.publishing.records) lists, and the CLI must reach it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from psn.context import AppContext
from psn.core.clock import FixedClock
from psn.core.errors import BadInput
from psn.publishing.post_view import post_by_id, recent_posts
from psn.publishing.records import describe, get_content, list_content

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
ROWS = [
    # status, platform, request, steps, extra columns
    ("published", "x", {"platform": "x", "text": "first", "parts": ["two", "three"],
                        "media": [{"kind": "image", "path": "/tmp/a//b.png"}, {"kind": "video", "url": "https://v.test/1"}]},
     {"post": {"state": "done", "id": "9"}}, {"platform_post_id": "9", "url": "https://x.test/9", "campaign": "launch",
                                              "cost_usd": 0.25, "published_at": NOW - timedelta(hours=3)}),
    ("failed", "linkedin", {"platform": "linkedin", "text": "lost answer"}, {"create": {"state": "begun"}},
     {"error": "timed out", "error_kind": "network", "attempts": 2}),
    ("failed", "x", {"platform": "x", "text": "refused"}, {},
     {"error": "403", "error_kind": "rejected", "attempts": 1}),
    ("scheduled", "x", {"platform": "x", "text": "later", "title": "A title"}, {},
     {"scheduled_at": NOW + timedelta(days=1)}),
    ("draft", "instagram", {"platform": "instagram", "format": "reel", "text": ""}, {}, {"format": "reel"}),
]


def _seed(ctx: AppContext) -> None:
    from sqlalchemy import insert

    from psn.store.publishing_tables import PublishedContent

    rows = [{"idempotency_key": f"k{n}", "platform": platform, "status": status, "request": json.dumps(request),
             "steps": json.dumps(steps), "created_at": NOW - timedelta(hours=n), "updated_at": NOW, **extra}
            for n, (status, platform, request, steps, extra) in enumerate(ROWS)]
    with ctx.db.write() as conn:
        for row in rows:  # one by one: the rows set different columns
            conn.execute(insert(PublishedContent.__table__), row)


@pytest.fixture
def ctx() -> AppContext:
    context = AppContext.create(clock=FixedClock(NOW))
    _seed(context)
    return context


@pytest.mark.parametrize(("status", "platform", "limit"), [
    (None, None, 20), (None, None, 2), ("failed", None, 20), (None, "x", 20), ("failed", "x", 20), ("missed", None, 5),
])
def test_the_quick_list_is_the_full_list(ctx, status, platform, limit):
    quick = recent_posts(ctx, status, platform, limit)
    assert quick == [describe(r) for r in list_content(ctx, status, platform, limit)]
    assert quick is not None and (quick or status == "missed")


def test_one_post_is_the_full_paths_post_and_a_missing_one_is_refused_alike(ctx):
    for content_id in range(1, len(ROWS) + 1):
        assert post_by_id(ctx, content_id) == describe(get_content(ctx, content_id))
    with pytest.raises(BadInput) as quick:
        post_by_id(ctx, 99)
    with pytest.raises(BadInput) as full:
        get_content(ctx, 99)
    assert (quick.value.message, quick.value.hint) == (full.value.message, full.value.hint)


def test_no_database_or_one_to_migrate_means_the_full_path(monkeypatch):
    import psn.store.peek as peek

    fresh = AppContext.create(clock=FixedClock(NOW))
    assert recent_posts(fresh, None, None, 20) is None  # nothing created yet
    assert post_by_id(fresh, 1) is None
    _seed(fresh)
    monkeypatch.setattr(peek, "expected_migrations", lambda: {"9999_future"})
    assert recent_posts(fresh, None, None, 20) is None
    assert post_by_id(fresh, 1) is None


def test_psn_post_list_and_status_answer_as_the_full_path_without_importing_the_orm(ctx, cli, monkeypatch, tmp_path):
    """The real command in a fresh interpreter (the fast path) against the in-process full path."""
    import psn.publishing.post_view as post_view

    code = textwrap.dedent("""
        import sys
        from psn.cli.app import main
        code = main(sys.argv[1:])
        heavy = [m for m in ("sqlalchemy", "sqlmodel", "psn.platforms.base") if m in sys.modules]
        print("\\nHEAVY", code, heavy)
    """)
    env = {"PSN_HOME": os.environ["PSN_HOME"], "PSN_SECRETS": "file", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = (["--json", "post", "status", "2"], ["--json", "post", "list"],
            ["post", "list", "--json", "--status", "failed", "--platform", "X"])
    for args in runs:
        out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, capture_output=True,
                             text=True).stdout
        document, tail = out.rsplit("\nHEAVY ", 1)
        assert tail.strip() == "0 []"
        with monkeypatch.context() as patch:
            patch.setattr(post_view, "recent_posts", lambda *a: None)  # the full path, in process
            patch.setattr(post_view, "post_by_id", lambda *a: None)
            full = cli(*args)
        assert full.exit_code == 0
        assert json.loads(document) == json.loads(full.stdout)
    assert len(json.loads(document)["data"]) == 1  # failed on X: one


def test_an_unknown_status_or_post_is_refused(ctx, cli):
    result = cli("post", "list", "--status", "sent")
    assert result.exit_code == 2
    assert "Unknown status 'sent'" in result.stderr and "published" in result.stderr
    result = cli("post", "status", "99")
    assert result.exit_code == 2
    assert "There is no post with id 99." in result.stderr and "psn post list" in result.stderr

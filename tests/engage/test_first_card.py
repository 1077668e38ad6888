"""The first triage card is read with the stdlib sqlite3 (psn.engage.first_card) so it shows
before the engine loads. It must show exactly what the full path would, and the session must not
show that card twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from psn.context import AppContext
from psn.core.clock import FixedClock
from psn.engage import session
from psn.engage.first_card import first_look
from psn.store.engage_tables import Approval, EngageLog, Opportunity

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)



def _seed(ctx: AppContext) -> None:
    rows = [
        # (platform, post id, score, status, found hours ago)
        ("x", "1", 7500, "pending", 1), ("x", "2", 9900, "pending", 50),  # 2: best, but expired
        ("linkedin", "3", 8800, "pending", 2), ("instagram", "4", 8800, "pending", 3),  # tie: lower id first
        ("tiktok", "5", 9500, "no", 1), ("x", "6", 6100, "pending", 47),
    ]
    with ctx.db.write() as conn:
        conn.execute(insert(Opportunity.__table__), [
            {"platform": p, "post_id": pid, "url": f"https://example.test/{pid}", "text": f"post {pid}",
             "author_handle": f"a{pid}", "author_followers": 10 * int(pid), "found_at": NOW - timedelta(hours=h),
             "posted_at": NOW - timedelta(hours=h), "score_bp": score, "status": status}
            for p, pid, score, status, h in rows])
        # one reply sent today on X (counts against the cap), one at 23:00 UTC yesterday (today in Tokyo)
        conn.execute(insert(Approval.__table__), [{"opportunity_id": 1, "text": "t", "text_hash": "h",
                                                   "approved_at": NOW - timedelta(days=2)}] * 2)
        conn.execute(insert(EngageLog.__table__), [
            {"opportunity_id": 1, "approval_id": n, "platform": "x", "text": "t", "delivery": "api", "sent_at": at}
            for n, at in ((1, NOW - timedelta(hours=1)), (2, NOW - timedelta(hours=13)))])


@pytest.fixture
def app(monkeypatch):
    ctx = AppContext.create(clock=FixedClock(NOW))
    _seed(ctx)
    return ctx


@pytest.mark.parametrize("platforms", [[], ["x"], ["instagram", "linkedin"], ["facebook"]])
def test_first_look_matches_the_full_path(app, platforms):
    look = first_look(app, platforms)
    assert look is not None
    queue = session.triage_queue(app, platforms)
    waiting, caps = session.overview(app, platforms)
    assert (look.card.id if look.card else None) == (queue[0].id if queue else None)
    assert look.waiting == waiting == len(queue)
    assert look.caps == caps
    if look.card:
        row = queue[0]
        assert {k: getattr(look.card, k) for k in look.card.__dataclass_fields__} == {
            k: getattr(row, k) for k in look.card.__dataclass_fields__}


def test_expired_and_tie_order_and_caps(app):
    look = first_look(app, [])
    assert look.card.platform == "linkedin"  # 9900 expired; 8800 tie → the older row (lower id)
    assert look.waiting == 4
    assert look.caps == {"instagram": 15, "linkedin": 10, "x": 19}  # default caps; one X reply today


def test_caps_follow_the_creators_day(app, monkeypatch):
    monkeypatch.setenv("PSN_GENERAL_TIMEZONE", "Asia/Tokyo")  # the day began at 15:00 UTC yesterday
    ctx = AppContext.create(clock=FixedClock(NOW))
    assert first_look(ctx, ["x"]).caps == session.overview(ctx, ["x"])[1] == {"x": 18}


def test_no_database_or_unmigrated_means_the_full_path(tmp_path, monkeypatch):
    ctx = AppContext.create(clock=FixedClock(NOW))
    assert first_look(ctx, []) is None  # nothing created yet
    ctx.paths.database_file.parent.mkdir(parents=True, exist_ok=True)
    ctx.paths.database_file.write_bytes(b"")
    assert first_look(ctx, []) is None  # an empty file: no migration ledger


def test_a_new_migration_means_the_full_path(app, monkeypatch):
    import psn.store.peek as peek

    monkeypatch.setattr(peek, "expected_migrations", lambda: {"9999_future"})
    assert first_look(app, []) is None


def test_reaching_the_first_card_loads_no_engine(tmp_path):
    """What the session runs before the first card is on screen imports neither SQLAlchemy nor the
    prompt libraries (the benchmark measures the time; this keeps the reason true)."""
    code = textwrap.dedent("""
        import sys
        from psn.cli.state import ctx
        from psn.engage.first_card import first_look
        from psn.cli.commands.engage.session import _opening, _card_text
        from psn.cli.platform_args import platform_names
        c = ctx()
        look = first_look(c, platform_names(["X"]))
        assert look is not None and look.card is not None
        _opening(c, 15, look.waiting, look.caps)
        print(_card_text(c, c.clock.now(), look.card))
        heavy = [m for m in ("sqlalchemy", "sqlmodel", "prompt_toolkit", "questionary", "httpx", "jinja2",
                             "psn.platforms.registry") if m in sys.modules]
        print("HEAVY", heavy)
    """)
    home = tmp_path / "home"
    env = {"PSN_HOME": str(home), "PSN_SECRETS": "file", "HOME": str(tmp_path), "PSN_NOW": NOW.isoformat(),
           "PSN_ENGAGE_QUIET_HOURS": "11:00-13:00", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", _seed_script()], env=env, check=True)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert "quiet hours (11:00-13:00)" in out
    assert "@a1 (10 followers)" in out
    assert "HEAVY []" in out


def _seed_script() -> str:
    return textwrap.dedent(f"""
        from datetime import datetime
        from sqlalchemy import insert
        from psn.context import AppContext
        from psn.store.engage_tables import Opportunity
        now = datetime.fromisoformat({NOW.isoformat()!r})
        with AppContext.create().db.write() as conn:
            conn.execute(insert(Opportunity.__table__), [{{"platform": "x", "post_id": "1", "url": "u", "text": "t",
                         "author_handle": "a1", "author_followers": 10, "found_at": now, "posted_at": now,
                         "score_bp": 7000, "status": "pending"}}])
    """)

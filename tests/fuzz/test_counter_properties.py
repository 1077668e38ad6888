"""Counters behind psn's daily caps and rate budgets: the creator's local day starts at its first
instant in every timezone (DST included), the engage cap counter counts exactly that day's sends
and never goes down as sends are added, and a rate budget blocks until exactly its reset time."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from psn.core.clock import local_day_start
from tests.examples import scaled

ZONES = st.sampled_from(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}))
INSTANTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC))


@given(now=INSTANTS, zone=ZONES)
@example(now=datetime(2024, 11, 3, 5, 30, tzinfo=UTC), zone="America/Havana")  # 00:30, the second time round
def test_the_local_day_starts_at_its_first_instant(now, zone):
    """Regression: in the hour repeated after midnight (Havana's fall-back), the day 'started' at the
    second midnight, so the caps forgot what was sent in the first hour."""
    tz = zoneinfo.ZoneInfo(zone)
    start = local_day_start(now, zone)
    assert start <= now
    assert start.astimezone(tz).date() == now.astimezone(tz).date()
    assert (start - timedelta(microseconds=1)).astimezone(tz).date() < now.astimezone(tz).date()


@pytest.fixture
def engage_db(tmp_path):
    """A database with one opportunity to log sends against."""
    from psn.core.sections.engage import EngageSettings
    from psn.engage import opportunities
    from psn.platforms.base import Candidate
    from psn.store.db import open_database

    at = datetime(2026, 1, 1, tzinfo=UTC)
    db = open_database(tmp_path / "counters.db", now=at)
    candidate = Candidate(platform="x", post_id="1", url="https://x.com/a/status/1", text="static site tips",
                          author_handle="dana", author_followers=10, posted_at=at)
    result = opportunities.ingest(db, [candidate], settings=EngageSettings(), keywords=["static site"],
                                  engagement_types={"x": ["reply"]}, now=at, source="search")
    return db, result.new[0]


def _log_send(db, opportunity_id: int, platform: str, at: datetime) -> None:
    from psn.engage.delivery import approve
    from psn.store.engage_tables import EngageLog

    approval = approve(db, opportunity_id, f"reply at {at.isoformat()} on {platform}", at)
    with db.session() as session:
        session.add(EngageLog(opportunity_id=opportunity_id, approval_id=approval.id, platform=platform, text="t",
                              delivery="api", sent_at=at))


@settings(max_examples=scaled(40), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(now=INSTANTS, zone=st.sampled_from(["UTC", "Europe/Paris", "America/Havana", "Asia/Kolkata",
                                           "Pacific/Kiritimati", "America/St_Johns"]),
       offsets=st.lists(st.integers(min_value=-2 * 86_400, max_value=0), max_size=8))
def test_the_engage_cap_counter_counts_exactly_todays_sends_and_only_grows(engage_db, now, zone, offsets):
    from sqlalchemy import text

    from psn.engage.delivery import sent_today

    db, opportunity = engage_db
    with db.write() as conn:
        conn.execute(text("DELETE FROM engage_log"))
    counts = []
    for offset in offsets:
        _log_send(db, opportunity, "x", now + timedelta(seconds=offset))
        _log_send(db, opportunity, "linkedin", now)  # another platform's sends never count
        with db.session() as session:
            counts.append(sent_today(session, "x", now, zone))
    tz = zoneinfo.ZoneInfo(zone)
    today = [o for o in offsets if (now + timedelta(seconds=o)).astimezone(tz).date() == now.astimezone(tz).date()]
    assert counts == sorted(counts)  # monotone: a send never lowers the count
    assert (counts[-1] if counts else 0) == len(today)


@pytest.fixture
def ledger_ctx():
    from psn.context import AppContext
    from psn.core.clock import FixedClock

    return AppContext.create(clock=FixedClock(datetime(2026, 11, 21, 12, tzinfo=UTC)))


@settings(max_examples=scaled(40), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(wait=st.integers(min_value=1, max_value=86_400), probe=st.integers(min_value=-10, max_value=10),
       costs=st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), max_size=6))
def test_a_rate_budget_blocks_until_exactly_its_reset_and_costs_add_up(ledger_ctx, wait, probe, costs):
    from sqlalchemy import text

    from psn.accounts.ledger import DbBudgetLedger, spend
    from psn.platforms.errors import RateLimitedError

    start = datetime(2026, 11, 21, 12, tzinfo=UTC)
    ledger_ctx.clock.set(start)
    with ledger_ctx.db.write() as conn:
        conn.execute(text("DELETE FROM rate_budgets"))
        conn.execute(text("DELETE FROM api_costs"))
    ledger = DbBudgetLedger(ledger_ctx)
    reset = start + timedelta(seconds=wait)
    ledger.record("x", "posting", remaining=0, blocked_until=reset)
    for cost in costs:
        ledger.record("x", "posting", cost_usd=cost)
    ledger_ctx.clock.set(reset + timedelta(seconds=probe))  # just before, at, or after the reset
    if probe < 0:
        with pytest.raises(RateLimitedError) as blocked:
            ledger.check("x", "posting")
        assert blocked.value.retry_at == reset
    else:
        ledger.check("x", "posting")
    ledger.check("x", "analytics")  # another operation's budget is its own
    assert spend(ledger_ctx, "x") == pytest.approx(sum(costs))

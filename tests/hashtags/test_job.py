"""The weekly `hashtag_pool` daemon job: idle without Instagram or with a fresh pool, otherwise a
refresh — and never a search slot spent."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest

from psn.core.clock import FixedClock
from psn.daemon.job import JobContext
from psn.daemon.jobs import hashtag_pool
from psn.hashtags.pool import add_tags, show_pool

from .helpers import NOW, connect_instagram, measure, publish


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def app(clock):
    from psn.context import AppContext

    return AppContext.create(clock=clock)


def run(app, at):
    return hashtag_pool.run(JobContext(app=app, job=hashtag_pool.NAME, now=at, stop_event=threading.Event(),
                                       log=logging.getLogger("test")))


def test_the_job_is_discovered_weekly():
    from psn.daemon.registry import discover_jobs

    spec = discover_jobs()["hashtag_pool"]
    assert spec.schedule({}).seconds == 7 * 86400 and "never spends a search" in spec.description


def test_idle_while_instagram_is_not_connected(app):
    outcome = run(app, NOW)
    assert outcome.status == "idle" and "not connected" in outcome.summary


def test_refreshes_a_stale_pool_then_rests_for_a_week(app, clock):
    account = connect_instagram(app)
    measure(app, publish(app, account, "Cup #coffee #tea"), like=10)
    add_tags(app, ["slowliving"])  # a manual addition alone does not make the pool fresh
    outcome = run(app, NOW)
    assert outcome.status == "ok" and outcome.counts == {"posts": 1, "tags": 2, "dropped": 0, "searched": 0}
    assert {e.hashtag for e in show_pool(app).entries} == {"coffee", "tea", "slowliving"}

    assert run(app, NOW + timedelta(days=3)).status == "idle"
    # Next week's run may start a little early and still refreshes (no week skipped).
    measure(app, publish(app, account, "New #matcha", age_days=0), like=50)
    later = NOW + timedelta(days=7, seconds=-5)
    outcome = run(app, later)
    assert outcome.status == "ok" and outcome.counts["dropped"] == 0
    assert show_pool(app).entries[0].hashtag == "matcha" and show_pool(app).entries[0].refreshed_at == later


def test_idle_while_no_post_is_measured(app):
    account = connect_instagram(app)
    publish(app, account, "Fresh #coffee")
    outcome = run(app, NOW)
    assert outcome.status == "idle" and "no measured" in outcome.summary
    assert show_pool(app).entries == []


def test_a_failed_reread_of_searched_tags_makes_the_run_partial_not_failed(app, monkeypatch):
    from psn.core.errors import NotAuthorised
    from psn.hashtags import refresh

    account = connect_instagram(app)
    measure(app, publish(app, account, "Cup #coffee"), like=10)
    monkeypatch.setattr(app.settings.instagram, "login", "facebook")

    def expired(*args, **kwargs):
        raise NotAuthorised("The Instagram token expired.", hint="Reconnect with `psn setup instagram`.")

    monkeypatch.setattr(refresh, "rescore_searched_tags", expired)
    outcome = run(app, NOW)
    assert outcome.status == "partial" and "token expired" in outcome.summary
    assert [e.hashtag for e in show_pool(app).entries] == ["coffee"]  # the ranking still landed


def test_a_search_in_between_does_not_postpone_the_weekly_refresh(app):
    from psn.store.instagram_tables import upsert_pool

    account = connect_instagram(app)
    measure(app, publish(app, account, "Cup #coffee"), like=10)
    assert run(app, NOW).status == "ok"
    upsert_pool(app.db.engine, account.platform_user_id, [("linen", "search", 2000)], NOW + timedelta(days=6))
    assert run(app, NOW + timedelta(days=7)).status == "ok"

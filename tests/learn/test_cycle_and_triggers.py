"""A cycle on a real database: triggers (both branches, clock moved), events, approval, lock, rollback."""

import random
from datetime import timedelta

from psn.core.errors import BadInput
from psn.learn import manage
from psn.learn.choose import choose_version
from psn.learn.cycle import run_cycle
from psn.learn.triggers import check_triggers
from psn.store.db import list_events
from tests.learn.conftest import NOW, engage, publish


def _posts(ctx):
    good = publish(ctx, "Short line.\nWhat would you do?")
    weak = publish(ctx, "A much longer post that goes on and on about everything #a #b #c")
    engage(ctx, good, like=30, view=200)
    engage(ctx, weak, view=5)
    return good, weak


def test_cycle_writes_gradient_and_mutation_children_with_parents_diff_and_events(ctx):
    _posts(ctx)
    report = run_cycle(ctx, "x/single")
    assert [c["operator"] for c in report.created] == ["gradient", "mutate"]
    gradient = report.created[0]
    assert gradient["generation"] == 1 and gradient["parents"] == report.parents[:1]
    assert "+- Keep it short" in manage.diff(ctx, gradient["version"])["diff"]
    again = run_cycle(ctx, "x/single")  # now two active parents: crossover joins in
    assert "crossover" in [c["operator"] for c in again.created + again.rejected]
    kinds = [e["kind"] for e in list_events(ctx.db.engine)]
    assert kinds.count("optimization.triggered") == 2 and kinds.count("optimization.completed") == 2
    history = manage.history(ctx, "x/single")
    assert len(history["cycles"]) == 2 and all("score" in v for v in history["versions"])


def test_trigger_by_event_threshold_then_by_time(ctx):
    first = publish(ctx, "one", at=NOW)
    second = publish(ctx, "two", at=NOW)
    assert check_triggers(ctx) == []  # nothing yet: no events, no time
    engage(ctx, first, view=100)
    reports = check_triggers(ctx)
    assert len(reports) == 1 and "post 1: 100 engagement events" in reports[0].reason
    assert check_triggers(ctx) == []  # a post triggers once
    ctx.clock.advance(timedelta(hours=23, minutes=59))
    assert check_triggers(ctx) == []
    ctx.clock.advance(timedelta(minutes=1))
    reports = check_triggers(ctx)
    assert [r.reason for r in reports] == [f"post {second}: 24 h since publishing"]


def test_threshold_is_configurable(ctx):
    ctx.settings.learn.event_threshold = 5
    engage(ctx, publish(ctx, "one"), like=5)
    assert len(check_triggers(ctx)) == 1


def test_approval_mode_keeps_children_pending_until_approved(ctx):
    _posts(ctx)
    manage.lock(ctx, "x/single", "approval")
    report = run_cycle(ctx, "x/single")
    pending = [c["version"] for c in report.created]
    assert pending and all(c["state"] == "pending" for c in report.created)
    assert choose_version(ctx, "x/single", random.Random(0)).generation == 0  # nothing pending is drawn
    assert manage.approve(ctx, pending[0])["state"] == "active"
    assert choose_version(ctx, "x/single", random.Random(0)).id == pending[0]
    try:
        manage.approve(ctx, pending[0])
    except BadInput as exc:
        assert "not waiting for approval" in exc.message
    else:
        raise AssertionError("approving twice must fail")


def test_locked_channel_gets_no_new_versions(ctx):
    _posts(ctx)
    manage.lock(ctx, "x/single", "locked")
    report = run_cycle(ctx, "x/single")
    assert report.created == [] and "locked" in report.skipped
    assert manage.status(ctx, "x/single")[0]["mode"] == "locked"


def test_rollback_retires_newer_versions(ctx):
    _posts(ctx)
    report = run_cycle(ctx, "x/single")
    base = report.parents[0]
    newest = choose_version(ctx, "x/single", random.Random(0))
    assert newest.id == report.created[-1]["version"]  # new and untried: ties go to the newest
    out = manage.rollback(ctx, "x/single", to=base)
    assert out["active"] == base and set(out["retired"]) == {c["version"] for c in report.created}
    assert choose_version(ctx, "x/single", random.Random(0)).id == base


def test_bad_input_names_the_fix(ctx):
    for call in (lambda: run_cycle(ctx, "x/singel"), lambda: manage.lock(ctx, "x/single", "frozen"),
                 lambda: manage.rollback(ctx, "x/single", to=999), lambda: manage.diff(ctx, 999)):
        try:
            call()
        except BadInput as exc:
            assert exc.hint
        else:
            raise AssertionError("expected BadInput")

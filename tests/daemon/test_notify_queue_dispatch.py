"""The notification queue and its delivery rules: dedupe, caps, quiet hours, failures."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from psn.core.errors import BadInput
from psn.notify import enqueue_notification
from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.dispatch import deliver_pending, send_test
from psn.notify.policy import in_quiet_hours, local_day_start
from psn.notify.queue import queued, recent


class Recorder:
    def __init__(self, name: str, fail: bool = False) -> None:
        self.name, self.fail, self.sent = name, fail, []

    def problem(self):
        return None

    def send(self, message):
        if self.fail:
            raise DeliveryFailed("endpoint said no")
        self.sent.append(message)


def settings(app, **values):
    for key, value in values.items():
        setattr(app.settings.notify, key, value)


def test_enqueue_dedupes_by_key_and_redacts(app):
    first = enqueue_notification(app, "token.expiring", "X token expires in 3 days",
                                 "refresh_token=abcdef123456 must be renewed", dedupe_key="token:x:2026-12")
    again = enqueue_notification(app, "token.expiring", "X token expires in 3 days", dedupe_key="token:x:2026-12")
    assert first is not None and again is None
    [note] = queued(app.db, "push")
    assert "abcdef123456" not in note.body


@pytest.mark.parametrize(("kind", "title", "priority"), [("x", "t", "urgent"), ("", "t", "push"), ("x", " ", "push")])
def test_bad_notifications_are_refused(app, kind, title, priority):
    with pytest.raises(BadInput):
        enqueue_notification(app, kind, title, priority=priority)
    assert queued(app.db, "push") == []


def test_push_goes_to_every_channel_and_digest_items_wait(app):
    log, hook = Recorder("log"), Recorder("webhook")
    enqueue_notification(app, "opportunity", "Score 82: a thread about pacing", priority="push")
    enqueue_notification(app, "opportunity", "Score 64: a quieter thread", priority="digest")
    report = deliver_pending(app, channels={"log": log, "webhook": hook})
    assert report.sent == 1 and report.failed == 0
    assert [m.title for m in hook.sent] == ["Score 82: a thread about pacing"]
    assert [n.title for n in queued(app.db, "digest")] == ["Score 64: a quieter thread"]
    assert deliver_pending(app, channels={"log": log}).sent == 0  # nothing left to push


def test_daily_cap_per_channel_resets_at_local_midnight(app, clock):
    settings(app, webhook_daily_cap=2)
    app.settings.general.timezone = "America/New_York"
    log, hook = Recorder("log"), Recorder("webhook")
    for n in range(3):
        enqueue_notification(app, "k", f"n{n}")
    deliver_pending(app, channels={"log": log, "webhook": hook})
    assert len(hook.sent) == 2 and len(log.sent) == 3  # the log channel is never capped
    outcomes = recent(app.db, limit=1)[0]["deliveries"]
    assert {d["channel"]: d["outcome"] for d in outcomes} == {"log": "sent", "webhook": "capped"}
    # 09:00 UTC = 04:00 in New York; the cap resets at New York's midnight (05:00 UTC tomorrow)
    clock.set(datetime(2026, 12, 2, 4, 59, tzinfo=UTC))
    enqueue_notification(app, "k", "still yesterday in New York")
    deliver_pending(app, channels={"webhook": hook})
    assert len(hook.sent) == 2
    clock.set(datetime(2026, 12, 2, 5, 0, tzinfo=UTC))
    enqueue_notification(app, "k", "a new day")
    deliver_pending(app, channels={"webhook": hook})
    assert [m.title for m in hook.sent][-1] == "a new day"


def test_quiet_hours_hold_push_until_they_end(app, clock):
    settings(app, quiet_hours="22:00-07:00")
    app.settings.general.timezone = "Europe/Paris"
    clock.set(datetime(2026, 12, 1, 22, 30, tzinfo=UTC))  # 23:30 in Paris
    log = Recorder("log")
    enqueue_notification(app, "publish.failed", "A post failed")
    report = deliver_pending(app, channels={"log": log})
    assert report.held_for_quiet_hours == 1 and log.sent == []
    clock.set(datetime(2026, 12, 2, 6, 0, tzinfo=UTC))  # 07:00 in Paris
    assert deliver_pending(app, channels={"log": log}).sent == 1


@pytest.mark.parametrize(("hour", "quiet"), [(23, True), (3, True), (7, False), (12, False), (21, False)])
def test_quiet_hours_wrap_past_midnight(hour, quiet):
    moment = datetime(2026, 12, 1, hour, 0, tzinfo=UTC)
    assert in_quiet_hours(moment, "22:00-07:00", "UTC") is quiet
    assert in_quiet_hours(moment, "", "UTC") is False


def test_same_day_quiet_hours():
    assert in_quiet_hours(datetime(2026, 12, 1, 13, 0, tzinfo=UTC), "12:30-14:00", "UTC")
    assert not in_quiet_hours(datetime(2026, 12, 1, 14, 0, tzinfo=UTC), "12:30-14:00", "UTC")


def test_local_day_start():
    now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert local_day_start(now, "America/New_York") == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


def test_a_failing_channel_is_recorded_and_the_others_still_deliver(app):
    broken, log = Recorder("webhook", fail=True), Recorder("log")
    enqueue_notification(app, "k", "hello")
    report = deliver_pending(app, channels={"webhook": broken, "log": log})
    assert report.sent == 1 and len(log.sent) == 1
    deliveries = recent(app.db, limit=1)[0]["deliveries"]
    assert deliveries[0] == {**deliveries[0], "channel": "webhook", "outcome": "failed", "error": "endpoint said no"}


def test_a_notification_no_channel_delivered_is_failed_not_retried_forever(app):
    enqueue_notification(app, "k", "hello")
    report = deliver_pending(app, channels={"email": ChannelProblem("not_configured", "set notify.email_host")})
    assert report.failed == 1
    assert recent(app.db, limit=1)[0]["status"] == "failed"
    assert queued(app.db, "push") == []


def test_send_test_ignores_caps_and_quiet_hours(app):
    settings(app, quiet_hours="00:00-23:59", webhook_daily_cap=1)
    hook = Recorder("webhook")
    assert [d.outcome for d in send_test(app, channels={"webhook": hook})] == ["sent"]
    assert [d.outcome for d in send_test(app, channels={"webhook": hook})] == ["sent"]
    assert recent(app.db, limit=1)[0]["status"] == "sent"


def test_prune_keeps_queued_and_recent_notifications(app, clock):
    from psn.notify.queue import prune_notifications

    enqueue_notification(app, "k", "old and sent")
    deliver_pending(app, channels={"log": Recorder("log")})
    enqueue_notification(app, "k", "old but queued", priority="digest")
    clock.advance(timedelta(days=40))
    enqueue_notification(app, "k", "recent")
    deliver_pending(app, channels={"log": Recorder("log")})
    assert prune_notifications(app.db, before=clock.now() - timedelta(days=30)) == 1
    with app.db.engine.connect() as conn:
        titles = sorted(r[0] for r in conn.execute(text("SELECT title FROM notifications")))
        orphans = conn.execute(text("SELECT COUNT(*) FROM notification_deliveries d LEFT JOIN notifications n "
                                    "ON n.id = d.notification_id WHERE n.id IS NULL")).scalar()
    assert titles == ["old but queued", "recent"] and orphans == 0

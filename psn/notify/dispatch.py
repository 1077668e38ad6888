"""Deliver notifications through the configured channels, within caps and outside quiet hours.

Network calls happen outside any write transaction (a slow webhook must not block the CLI's
writes); each outcome is recorded in its own short transaction right after.
Outcomes per channel: sent · failed · capped · unavailable · not_configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psn.core.log import get_logger
from psn.core.redact import redact
from psn.notify.channels import Channel, ChannelProblem, build_channels
from psn.notify.message import Message
from psn.notify.policy import in_quiet_hours, local_day_start
from psn.notify.queue import add_notification, queued, record_delivery, sent_since, set_status

log = get_logger("notify")
Channels = dict[str, Channel | ChannelProblem]


@dataclass
class Delivery:
    channel: str
    outcome: str
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DeliveryReport:
    held_for_quiet_hours: int = 0
    sent: int = 0
    failed: int = 0
    deliveries: list[Delivery] = field(default_factory=list)


def _attempt(app: Any, name: str, channel: Channel | ChannelProblem, message: Message, caps: bool) -> Delivery:
    if isinstance(channel, ChannelProblem):
        return Delivery(name, channel.outcome, channel.reason)
    own_cap = getattr(channel, "daily_cap", None)  # channels added with `psn notify add` carry their own
    cap = own_cap if own_cap is not None else app.settings.notify.cap_for(name)
    if caps and cap:
        since = local_day_start(app.clock.now(), app.settings.general.timezone)
        if sent_since(app.db, name, since) >= cap:
            return Delivery(name, "capped", f"{cap} already sent today")
    try:
        channel.send(message)
    except Exception as exc:  # a channel failing is logged and recorded, never fatal
        error = redact(str(exc) or type(exc).__name__)
        log.warning("notification via %s failed: %s", name, error)
        return Delivery(name, "failed", error)
    return Delivery(name, "sent")


def send_through(app: Any, note_id: int, message: Message, channels: Channels, caps: bool = True) -> list[Delivery]:
    deliveries = []
    for name, channel in channels.items():
        delivery = _attempt(app, name, channel, message, caps)
        record_delivery(app.db, note_id, name, delivery.outcome, app.clock.now(), delivery.error)
        deliveries.append(delivery)
    return deliveries


def deliver_pending(app: Any, channels: Channels | None = None,
                    check_stop: Callable[[], None] = lambda: None) -> DeliveryReport:
    """Send queued push notifications, oldest first. In quiet hours they stay queued."""
    report = DeliveryReport()
    pending = queued(app.db, "push")
    if not pending:
        return report
    settings = app.settings
    if in_quiet_hours(app.clock.now(), settings.notify.quiet_hours, settings.general.timezone):
        report.held_for_quiet_hours = len(pending)
        return report
    channels = channels if channels is not None else build_channels(app)
    for note in pending:
        check_stop()  # between notifications: a shutdown never leaves one half-recorded
        deliveries = send_through(app, note.id, note.message, channels)
        ok = any(d.outcome == "sent" for d in deliveries)
        set_status(app.db, [note.id], "sent" if ok else "failed", app.clock.now())
        report.sent += ok
        report.failed += not ok
        report.deliveries.extend(deliveries)
    return report


def send_test(app: Any, channels: Channels | None = None, only: str | None = None) -> list[Delivery]:
    """`psn notify test [CHANNEL]`: one message through every configured channel (or the one
    named) now, ignoring quiet hours and caps (a test the user asked for), recorded like any other."""
    now = app.clock.now()
    message = Message(kind="test", title="psn test notification",
                      body="If you can read this, psn can reach you here.", created_at=now)
    with app.db.write() as conn:
        # stored as already "sending" so the daemon's notify job does not pick it up as well
        note_id = add_notification(conn, message.kind, message.title, message.body, "push", None, at=now,
                                   status="sending")
    assert note_id is not None  # no dedupe key: always stored
    deliveries = send_through(app, note_id, message, channels if channels is not None else build_channels(app, only),
                              caps=False)
    ok = any(d.outcome == "sent" for d in deliveries)
    set_status(app.db, [note_id], "sent" if ok else "failed", app.clock.now())
    return deliveries

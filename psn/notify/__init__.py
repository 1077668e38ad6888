"""Notifications: a queue other features write to, and channels that deliver it.

Other features call `enqueue_notification(app, kind, title, body, priority, dedupe_key)` (or
`add_notification(conn, …)` inside their own transaction). `push` items go out within a
minute through the daemon's `notify` job; `digest` items wait for the daily `digest` job.
Delivery honours quiet hours, per-channel daily caps and dedupe keys; a channel that fails is
recorded and logged, never fatal.
"""

from psn.notify.queue import add_notification, enqueue_notification

__all__ = ["add_notification", "enqueue_notification"]

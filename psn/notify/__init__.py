"""Notifications: a queue other features write to, and channels that deliver it.

Other features call `enqueue_notification(app, kind, title, body, priority, dedupe_key)` (or
`add_notification(conn, …)` inside their own transaction). `push` items go out within a
minute through the daemon's `notify` job; `digest` items wait for the daily `digest` job.
Delivery honours quiet hours, per-channel daily caps and dedupe keys; a channel that fails is
recorded and logged, never fatal.
"""

from __future__ import annotations

from typing import Any

__all__ = ["add_notification", "enqueue_notification"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: `psn.notify.policy` (quiet hours) is read before the first triage card
    # of `psn engage`, which must not pay for the queue's SQLAlchemy import.
    if name in __all__:
        from psn.notify import queue

        return getattr(queue, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Per-step checkpoints of one publish, each written in its own committed transaction.

`begin(step)` is stored before the call that creates something and `save(step, id)` right
after, so a crash leaves either nothing, a finished step, or an *in-flight* step that the
adapter must reconcile (look up) instead of repeating.
"""

from __future__ import annotations

import json

from psn.context import AppContext
from psn.core.crash import crash_point
from psn.store.publishing_tables import PublishedContent


def _crash_point(step: str) -> None:
    """`PSN_CRASH_AFTER_STEP=part:1` kills the process right after that step is saved."""
    crash_point(step)


class DbCheckpoint:
    def __init__(self, ctx: AppContext, content_id: int) -> None:
        self.ctx = ctx
        self.content_id = content_id
        self.begun_here: set[str] = set()
        """Steps this run began and has not confirmed: the ones its own failure can speak for."""

    def _steps(self) -> dict[str, dict[str, str]]:
        with self.ctx.db.session() as session:
            row = session.get(PublishedContent, self.content_id)
        return json.loads(row.steps or "{}") if row else {}

    def _write(self, step: str, entry: dict[str, str]) -> None:
        with self.ctx.db.session() as session:
            row = session.get(PublishedContent, self.content_id)
            assert row is not None
            steps = json.loads(row.steps or "{}")
            steps[step] = entry
            row.steps = json.dumps(steps, sort_keys=True)
            row.updated_at = self.ctx.clock.now()
            session.add(row)

    def get(self, step: str) -> str | None:
        entry = self._steps().get(step)
        return entry.get("value") if entry and entry.get("state") == "done" else None

    def save(self, step: str, value: str) -> None:
        self._write(step, {"state": "done", "value": value, "at": self.ctx.clock.now().isoformat()})
        self.begun_here.discard(step)
        _crash_point(step)

    def begin(self, step: str) -> None:
        self._write(step, {"state": "begun", "at": self.ctx.clock.now().isoformat()})
        self.begun_here.add(step)

    def forget_begun_here(self) -> list[str]:
        """The platform definitely refused (or psn never sent) the call this run began: nothing was
        created, so its step is not in doubt and a retry may simply send it again."""
        with self.ctx.db.session() as session:
            row = session.get(PublishedContent, self.content_id)
            assert row is not None
            steps = json.loads(row.steps or "{}")
            dropped = [k for k in self.begun_here if steps.get(k, {}).get("state") == "begun"]
            row.steps = json.dumps({k: v for k, v in steps.items() if k not in dropped}, sort_keys=True)
            session.add(row)
        self.begun_here.clear()
        return dropped

    def in_flight(self, step: str) -> bool:
        entry = self._steps().get(step)
        return bool(entry) and entry.get("state") == "begun"

    def forget_in_flight(self) -> list[str]:
        """Drop begun-but-unconfirmed steps (the user checked the platform: they did not go out)."""
        with self.ctx.db.session() as session:
            row = session.get(PublishedContent, self.content_id)
            assert row is not None
            steps = json.loads(row.steps or "{}")
            dropped = [k for k, v in steps.items() if v.get("state") == "begun"]
            row.steps = json.dumps({k: v for k, v in steps.items() if k not in dropped}, sort_keys=True)
            session.add(row)
        return dropped


class MemoryCheckpoint:
    """For tests and dry runs."""

    def __init__(self) -> None:
        self.steps: dict[str, dict[str, str]] = {}

    def get(self, step: str) -> str | None:
        entry = self.steps.get(step)
        return entry["value"] if entry and entry["state"] == "done" else None

    def save(self, step: str, value: str) -> None:
        self.steps[step] = {"state": "done", "value": value}

    def begin(self, step: str) -> None:
        self.steps[step] = {"state": "begun"}

    def in_flight(self, step: str) -> bool:
        return self.steps.get(step, {}).get("state") == "begun"

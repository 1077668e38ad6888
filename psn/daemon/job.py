"""What a job receives (JobContext) and returns (JobOutcome), and what the registry knows of it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from psn.core.sections.daemon import Schedule

if TYPE_CHECKING:
    from psn.context import AppContext

Status = Literal["ok", "idle", "partial"]


class StopRequested(Exception):
    """Raised by `JobContext.check_stop()` once the daemon is shutting down."""


@dataclass
class JobOutcome:
    status: Status = "ok"
    summary: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def idle(cls, summary: str = "nothing to do") -> JobOutcome:
        return cls(status="idle", summary=summary)

    @classmethod
    def done(cls, summary: str, **counts: int) -> JobOutcome:
        return cls(status="ok", summary=summary, counts=counts)

    @classmethod
    def partial(cls, summary: str, **counts: int) -> JobOutcome:
        """Some units failed (and were recorded as such); the job itself worked."""
        return cls(status="partial", summary=summary, counts=counts)


@dataclass
class JobContext:
    """Everything a job may touch. `now` is fixed when the run starts; `clock` keeps moving."""

    app: AppContext
    job: str
    now: datetime
    stop_event: threading.Event
    log: logging.Logger

    @property
    def clock(self):  # type: ignore[no-untyped-def]
        return self.app.clock

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.app.db

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        return self.app.settings

    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def check_stop(self) -> None:
        """Call between units of work: raises StopRequested when the daemon is shutting down."""
        if self.stop_event.is_set():
            raise StopRequested(f"{self.job} stopped for shutdown")


@dataclass(frozen=True)
class JobSpec:
    name: str
    run: Callable[[JobContext], JobOutcome]
    default_schedule: str
    description: str = ""
    module: str = ""
    order: int = 50  # within one tick, lower runs first (notification delivery goes last)

    def schedule(self, overrides: dict[str, str]) -> Schedule:
        from psn.core.sections.daemon import parse_schedule

        return parse_schedule(overrides.get(self.name, self.default_schedule))

    def describe(self, overrides: dict[str, str]) -> dict[str, Any]:
        schedule = self.schedule(overrides)
        return {"name": self.name, "schedule": schedule.text, "enabled": schedule.kind != "off",
                "description": self.description, "overridden": self.name in overrides}

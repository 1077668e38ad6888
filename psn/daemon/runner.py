"""Run one job: claim it, call it, record how it ended. A failing job never takes others down.

Used by both the long-running daemon (APScheduler calls `run_job` in a worker thread) and
`psn daemon run --once` (called in the foreground).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from psn.core.log import get_logger
from psn.core.redact import redact
from psn.daemon.history import claim_run, finish_run
from psn.daemon.job import JobContext, JobOutcome, JobSpec, StopRequested

log = get_logger("daemon")


@dataclass
class RunResult:
    job: str
    outcome: str  # ok · idle · partial · error · interrupted · skipped (another run in flight)
    run_id: int | None = None
    duration_ms: int = 0
    summary: str = ""
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome in {"error", "interrupted", "partial"}

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class InFlight:
    """The runs executing right now, so shutdown can wait for them to finish."""

    _runs: set[str] = field(default_factory=set)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def begin(self, job: str) -> None:
        with self._cond:
            self._runs.add(job)

    def end(self, job: str) -> None:
        with self._cond:
            self._runs.discard(job)
            self._cond.notify_all()

    def names(self) -> list[str]:
        with self._cond:
            return sorted(self._runs)

    def wait_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._runs, timeout=timeout)


def run_job(app: Any, spec: JobSpec, stop_event: threading.Event | None = None, origin: str = "schedule",
            in_flight: InFlight | None = None) -> RunResult:
    started = app.clock.now()
    try:
        run_id = claim_run(app.db, spec.name, started, origin)
    except Exception as exc:  # the database is unusable: report, never crash the scheduler thread
        log.error("job %s not started: cannot record the run: %s", spec.name, exc)
        return RunResult(spec.name, "error", error=redact(f"{type(exc).__name__}: {exc}"))
    if run_id is None:
        log.info("job %s skipped: a run is still in flight", spec.name)
        return RunResult(spec.name, "skipped", summary="a run of this job is still in flight")
    if in_flight is not None:
        in_flight.begin(spec.name)
    try:
        return _execute_and_record(app, spec, run_id, started, stop_event or threading.Event())
    finally:
        if in_flight is not None:
            in_flight.end(spec.name)


def _execute_and_record(app: Any, spec: JobSpec, run_id: int, started: Any, stop: threading.Event) -> RunResult:
    ctx = JobContext(app=app, job=spec.name, now=started, stop_event=stop, log=get_logger(f"daemon.{spec.name}"))
    t0 = time.perf_counter()
    result = RunResult(spec.name, "error", run_id)
    try:
        outcome = spec.run(ctx)
        if not isinstance(outcome, JobOutcome):
            raise TypeError(f"job {spec.name} returned {type(outcome).__name__}, not JobOutcome")
        result.outcome, result.summary = outcome.status, outcome.summary
    except StopRequested as exc:
        result.outcome, result.summary = "interrupted", str(exc)
    except Exception as exc:
        result.error = redact(f"{type(exc).__name__}: {exc}")
        log.error("job %s failed", spec.name, exc_info=exc)
    except BaseException:  # Ctrl-C in --once mode: record it, then let it stop the process
        result.outcome = "interrupted"
        _record(app, result, t0)
        raise
    _record(app, result, t0)
    return result


def _record(app: Any, result: RunResult, t0: float) -> None:
    result.duration_ms = int((time.perf_counter() - t0) * 1000)
    level = logging.DEBUG if result.outcome == "idle" else logging.INFO
    log.log(level, "job %s %s in %d ms%s", result.job, result.outcome, result.duration_ms,
            f": {result.summary or result.error}" if (result.summary or result.error) else "")
    try:
        finish_run(app.db, result.run_id, app.clock.now(), result.outcome, result.duration_ms,
                   result.summary, result.error)
    except Exception as exc:  # the next claim marks the row abandoned; nothing else to do here
        log.error("job %s: could not record the end of run %s: %s", result.job, result.run_id, exc)

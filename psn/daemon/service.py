"""The long-running daemon: APScheduler 3.x BlockingScheduler over the discovered jobs.

Every job: max_instances=1 (never overlaps itself), coalesce=True (missed runs collapse into
one), a generous misfire grace (a laptop that slept through 06:00 still pulls metrics at 08:00).
First runs come from `job_runs`, so a restart neither repeats a job that just ran nor forgets
one that came due while the daemon was down.

SIGTERM/SIGINT: stop taking new runs, tell the jobs in flight (`ctx.check_stop()` raises, their
open transaction rolls back), wait up to `shutdown_grace_seconds`, release the lock, exit.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from psn.core.log import get_logger
from psn.daemon.history import abandon_dead_runs
from psn.daemon.job import JobSpec
from psn.daemon.process import InstanceLock
from psn.daemon.registry import discover_jobs, unknown_overrides
from psn.daemon.runner import InFlight, run_job
from psn.daemon.schedule import build_trigger
from psn.daemon.tick import next_runs

log = get_logger("daemon")
MAX_WORKERS = 4


class ShutdownRequested(BaseException):
    """Raised in the main thread by the signal handler to leave the scheduler's wait loop."""


@dataclass
class ServeResult:
    clean: bool  # False: a job was still running when the grace period ended
    abandoned_at_start: int
    still_running: list[str]


def build_scheduler(app: Any, jobs: dict[str, JobSpec], stop_event: threading.Event, in_flight: InFlight) -> Any:
    from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.blocking import BlockingScheduler

    settings = app.settings
    overrides = settings.daemon.overrides()
    enabled = {name: spec for name, spec in jobs.items() if spec.schedule(overrides).kind != "off"}
    scheduler = BlockingScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=max(1, min(MAX_WORKERS, len(enabled))))},
        job_defaults={"max_instances": 1, "coalesce": True,
                      "misfire_grace_time": settings.daemon.misfire_grace_seconds},
        timezone=settings.general.timezone,
    )
    clock_now = app.clock.now()
    due = next_runs(app, enabled, clock_now)
    real_now = datetime.now(UTC)  # APScheduler waits in real time; the jobs see the injected clock
    for name, spec in enabled.items():
        wait = max(timedelta(0), (due[name] or clock_now) - clock_now)
        scheduler.add_job(
            run_job, trigger=build_trigger(spec.schedule(overrides), settings.general.timezone),
            args=(app, spec), kwargs={"stop_event": stop_event, "in_flight": in_flight},
            id=name, name=name, next_run_time=real_now + wait,
        )
    scheduler.add_listener(_on_scheduler_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    return scheduler


def _on_scheduler_event(event: Any) -> None:
    from apscheduler.events import EVENT_JOB_MISSED

    if event.code == EVENT_JOB_MISSED:
        log.warning("job %s missed its run at %s (later than the misfire grace)", event.job_id,
                    event.scheduled_run_time)
    else:
        log.info("job %s still running; this run was skipped", event.job_id)


def serve(app: Any, jobs: dict[str, JobSpec] | None = None, install_signals: bool = True) -> ServeResult:
    """Run the scheduler until SIGTERM/SIGINT. Refuses to start when another daemon runs."""
    jobs = jobs if jobs is not None else discover_jobs()
    stop_event, in_flight = threading.Event(), InFlight()
    # Handlers first: a SIGTERM that lands while the daemon is still starting must not kill it
    # with the default action (that would leave a stale pidfile behind).
    previous = _install_handlers(stop_event) if install_signals else {}
    lock = InstanceLock(app.paths.run_dir)
    clean, abandoned = True, 0
    try:
        lock.acquire(app.clock.now())
        try:
            abandoned = abandon_dead_runs(app.db, app.clock.now())  # also opens the DB before any thread
            for name in unknown_overrides(jobs, app.settings.daemon.overrides()):
                log.warning("daemon.schedules names %r, which is not a job; known: %s", name, ", ".join(jobs))
            scheduler = build_scheduler(app, jobs, stop_event, in_flight)
            clean = _run_until_stopped(scheduler, stop_event, in_flight, app.settings.daemon.shutdown_grace_seconds)
        finally:
            lock.release()
    except ShutdownRequested:
        log.info("stopped while starting; no job had run")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return ServeResult(clean=clean, abandoned_at_start=abandoned, still_running=in_flight.names())


def _run_until_stopped(scheduler: Any, stop_event: threading.Event, in_flight: InFlight, grace_s: float) -> bool:
    log.info("daemon started: %s", ", ".join(job.id for job in scheduler.get_jobs()) or "no jobs")
    try:
        if not stop_event.is_set():
            scheduler.start()
    except (ShutdownRequested, KeyboardInterrupt):
        pass
    finally:
        stop_event.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)
        clean = in_flight.wait_idle(timeout=grace_s)
    if clean:
        log.info("daemon stopped cleanly")
    else:
        log.error("daemon stopping with jobs still running after %s s: %s", grace_s, ", ".join(in_flight.names()))
    return clean


def _install_handlers(stop_event: threading.Event) -> dict[int, Any]:
    def request_shutdown(signum: int, _frame: Any) -> None:
        if stop_event.is_set():
            return  # already stopping; a second signal must not interrupt the graceful wait
        stop_event.set()
        log.info("received %s: finishing the job in flight, then stopping", signal.Signals(signum).name)
        raise ShutdownRequested

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, request_shutdown)
    return previous

"""[daemon]: when each background job runs, and how the daemon treats late and stuck work.

A schedule is text so it fits one config value: `every 90s|5m|3h|1d`, `daily 06:00` (in the
creator's timezone), `cron MIN HOUR DAY MONTH WEEKDAY` (also local), or `off`. It is parsed
here so `psn config set` refuses a bad one before anything is written; psn/daemon turns the
parsed form into an APScheduler trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from psn.core.sections.base import Section

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^every\s+(\d+)\s*([smhd])$")
_DAILY = re.compile(r"^daily\s+([01]?\d|2[0-3]):([0-5]\d)$")
SCHEDULE_HELP = "Use `every 5m` (s, m, h, d), `daily 06:00`, `cron */15 * * * *` or `off`."


@dataclass(frozen=True)
class Schedule:
    kind: Literal["every", "daily", "cron", "off"]
    seconds: int = 0
    hour: int = 0
    minute: int = 0
    crontab: str = ""
    text: str = ""


def parse_schedule(text: str) -> Schedule:
    """Parse schedule text; raises ValueError with what is allowed."""
    clean = " ".join(text.strip().lower().split())
    if clean == "off":
        return Schedule(kind="off", text=clean)
    if match := _EVERY.match(clean):
        seconds = int(match[1]) * _UNITS[match[2]]
        if seconds < 1:
            raise ValueError(f"schedule {text!r} must be at least one second")
        return Schedule(kind="every", seconds=seconds, text=clean)
    if match := _DAILY.match(clean):
        return Schedule(kind="daily", hour=int(match[1]), minute=int(match[2]), text=clean)
    if clean.startswith("cron "):
        crontab = clean.removeprefix("cron ").strip()
        _check_crontab(crontab, text)
        return Schedule(kind="cron", crontab=crontab, text=clean)
    raise ValueError(f"unknown schedule {text!r}. {SCHEDULE_HELP}")


def _check_crontab(crontab: str, original: str) -> None:
    if len(crontab.split()) != 5:
        raise ValueError(f"cron schedule {original!r} needs 5 fields (minute hour day month weekday)")
    from apscheduler.triggers.cron import CronTrigger  # only paid for when a cron schedule is set

    try:
        CronTrigger.from_crontab(crontab, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"cron schedule {original!r} is invalid: {exc}") from None


def parse_override(entry: str) -> tuple[str, Schedule]:
    """`"digest = daily 19:30"` → ("digest", Schedule). Raises ValueError."""
    job, sep, text = entry.partition("=")
    job = job.strip()
    if not sep or not re.fullmatch(r"[a-z][a-z0-9_]*", job):
        raise ValueError(f"{entry!r} must look like \"job = schedule\", e.g. \"digest = daily 19:30\"")
    return job, parse_schedule(text)


class DaemonSettings(Section):
    schedules: list[str] = Field(default_factory=list)
    """Per-job schedules, e.g. ["digest = daily 19:30", "prune = off"]; `psn daemon status` lists the jobs."""
    misfire_grace_seconds: int = Field(default=21600, ge=1)
    """How late a run may start after the machine slept or was busy; later runs are skipped (coalesced)."""
    shutdown_grace_seconds: int = Field(default=60, ge=1)
    """On SIGTERM, how long the job in flight may take to finish before the daemon exits anyway."""
    publish_max_lateness_minutes: int = Field(default=120, ge=0)
    """A scheduled post that came due while the daemon was down is still published this late;
    later, it is marked missed and you are notified."""
    keep_history_days: int = Field(default=30, ge=1)
    """Job runs and sent notifications older than this are pruned (idle runs after 2 days)."""

    @field_validator("schedules")
    @classmethod
    def _valid_schedules(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for entry in value:
            job, _ = parse_override(entry)
            if job in seen:
                raise ValueError(f"job {job!r} has two schedules")
            seen.add(job)
        return value

    def overrides(self) -> dict[str, str]:
        """Job name → schedule text, from the list form (a list because config keys are flat)."""
        return {job: schedule.text for job, schedule in map(parse_override, self.schedules)}

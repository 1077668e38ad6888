"""Find the jobs: every module in psn/daemon/jobs/ that defines NAME, SCHEDULE and run()."""

from __future__ import annotations

import importlib
import pkgutil

from psn.core.errors import BadInput
from psn.core.sections.daemon import parse_schedule
from psn.daemon import jobs as jobs_pkg
from psn.daemon.job import JobSpec


def discover_jobs() -> dict[str, JobSpec]:
    found: dict[str, JobSpec] = {}
    for info in sorted(pkgutil.iter_modules(jobs_pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{jobs_pkg.__name__}.{info.name}")
        spec = JobSpec(
            name=module.NAME,
            run=module.run,
            default_schedule=module.SCHEDULE,
            description=getattr(module, "DESCRIPTION", ""),
            module=module.__name__,
            order=getattr(module, "ORDER", 50),
        )
        parse_schedule(spec.default_schedule)  # a job shipping a bad default is a bug: fail loudly
        if spec.name in found:
            raise RuntimeError(f"two job modules are named {spec.name!r}: {found[spec.name].module}, {spec.module}")
        found[spec.name] = spec
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


def unknown_overrides(jobs: dict[str, JobSpec], overrides: dict[str, str]) -> list[str]:
    """Names in [daemon] schedules that match no job (a typo, or a job that was removed)."""
    return sorted(set(overrides) - set(jobs))


def pick_job(jobs: dict[str, JobSpec], name: str) -> JobSpec:
    if name not in jobs:
        raise BadInput(f"There is no job named {name!r}.", hint=f"Known jobs: {', '.join(sorted(jobs))}.")
    return jobs[name]

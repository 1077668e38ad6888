"""Build the doctor report as data. Never includes a secret value.

Later features add a section by dropping a module in psn/diagnostics/sections/ that defines
`NAME`, `ORDER` and `collect(ctx) -> dict`; a section that fails reports its error instead
of breaking the report (doctor is what people run when something is broken).
"""

from __future__ import annotations

import platform
import sys
from typing import Any

from psn import __version__
from psn.context import AppContext
from psn.diagnostics import sections as sections_pkg


def _safe(fn, ctx: AppContext) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from psn.core.errors import PsnError

    try:
        return fn(ctx)
    except PsnError as exc:
        return {"ok": False, "error": exc.message, "hint": exc.hint}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def secrets_section(ctx: AppContext) -> dict[str, Any]:
    store = ctx.secrets
    return {"ok": True, "backend": store.backend_name, "names": store.names()}


def database_section(ctx: AppContext) -> dict[str, Any]:
    from psn.store.migrate import all_migrations, applied

    db = ctx.db
    done = applied(db.engine)
    pending = [m.name for m in all_migrations() if m.name not in done]
    size = ctx.paths.database_file.stat().st_size if ctx.paths.database_file.exists() else 0
    return {
        "ok": not pending,
        "location": db.location,
        "schema_version": done[-1] if done else None,
        "migrations_applied": len(done),
        "migrations_pending": pending,
        "size_bytes": size,
    }


def build_report(ctx: AppContext) -> dict[str, Any]:
    report: dict[str, Any] = {
        "version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "sandbox": ctx.sandbox,
        "paths": ctx.paths.as_dict(),
        "config": ctx.config.explain(),
        "secrets": _safe(secrets_section, ctx),
        "database": _safe(database_section, ctx),
    }
    from psn.core.plugins import discover

    for module in discover(sections_pkg):
        report[module.NAME] = _safe(module.collect, ctx)
    return report

"""Fault injection for the kill -9 tests: `PSN_CRASH_AFTER_STEP=<name>` kills the process (like
kill -9: no cleanup, no exception handlers) at the named point, so a test can stop psn exactly
where a real crash would hurt most."""

from __future__ import annotations

import os


def crash_point(name: str) -> None:
    if os.environ.get("PSN_CRASH_AFTER_STEP") == name:
        os._exit(137)

"""Is a process alive? Shared by the run history (live vs dead runs) and the pidfile logic."""

from __future__ import annotations

import os


def pid_alive(pid: int | None) -> bool:
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)  # signal 0: permission and existence check only
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and certainly not ours to reuse
    except OSError:
        return False
    return True

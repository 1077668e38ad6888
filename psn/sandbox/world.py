"""The sandbox world: one JSON document per platform, locked across processes with flock."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from psn.core.clock import Clock, default_clock
from psn.core.paths import FILE_MODE, make_private_dir


def _private(path: Path, flags: int) -> int:
    """Open with mode 0600 from the start: the world holds the emulated platforms' tokens."""
    return os.open(path, flags | os.O_CREAT, FILE_MODE)


class WorldClock:
    """psn's own clock in the sandbox: the emulated world's time. `psn sandbox advance` and every
    wait psn sleeps through there (a sandbox sleep advances the world) move it, so psn and the
    emulators agree on when a rate limit lifts, a token expires or a post is a day old."""

    def __init__(self, root: Path, base: Clock) -> None:
        self.root = root
        self.base = base

    def now(self) -> datetime:
        return self.base.now() + timedelta(seconds=_offset(self.root))


def _offset(root: Path) -> float:
    """The world's clock offset, read without the lock: the file is only ever replaced whole."""
    try:
        return float(json.loads((root / "_world.json").read_text()).get("offset_seconds", 0))
    except (FileNotFoundError, ValueError, AttributeError, TypeError):  # missing, or not the object psn wrote
        return 0.0


class SandboxWorld:
    def __init__(self, root: Path, clock: Clock | None = None) -> None:
        self.root = root
        make_private_dir(self.root)
        clock = clock or default_clock()
        self._clock = clock.base if isinstance(clock, WorldClock) else clock  # never count the offset twice

    @contextmanager
    def state(self, name: str) -> Iterator[dict[str, Any]]:
        """Read-modify-write one platform's state under an exclusive lock."""
        path = self.root / f"{name}.json"
        lock_path = self.root / f"{name}.lock"
        with os.fdopen(_private(lock_path, os.O_RDWR), "r+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                data = _load(path)
                yield data
                tmp = path.with_suffix(".tmp")
                with os.fdopen(_private(tmp, os.O_WRONLY | os.O_TRUNC), "w") as handle:
                    handle.write(json.dumps(data, default=str))
                os.replace(tmp, path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def read(self, name: str) -> dict[str, Any]:
        with self.state(name) as data:
            return json.loads(json.dumps(data))

    # -- time --------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock.now() + timedelta(seconds=_offset(self.root))

    def clock(self) -> WorldClock:
        return WorldClock(self.root, self._clock)

    def advance(self, seconds: float) -> datetime:
        with self.state("_world") as world:
            world["offset_seconds"] = world.get("offset_seconds", 0) + seconds
        return self.now()

    # -- faults ------------------------------------------------------------------------------

    def inject(
        self,
        platform: str,
        *,
        path: str = "",
        method: str = "",
        status: int = 500,
        kind: str = "status",
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: Any = None,
        after: bool = False,
        pid_file: str = "",
        skip: int = 0,
    ) -> None:
        """Make the next `times` matching requests fail. kind: status | timeout | drop | connect | kill.

        `after=True` lets the platform act first and then loses its answer (timeout or drop): the
        post exists but psn never heard — the case that double-posts a careless client. `kill`
        SIGKILLs the process whose pid is in `pid_file`, then hangs up (kill -9 mid-request).
        `skip` lets that many matching requests through first, to strike the Nth one."""
        with self.state("_faults") as faults:
            faults.setdefault("rules", []).append(
                {"platform": platform, "path": path, "method": method.upper(), "status": status, "kind": kind,
                 "times": times, "headers": headers or {}, "body": body, "after": after, "pid_file": pid_file,
                 "skip": skip}
            )

    def take_fault(self, platform: str, method: str, path: str) -> dict[str, Any] | None:
        with self.state("_faults") as faults:
            for rule in faults.get("rules", []):
                if rule["times"] <= 0 or rule["platform"] not in (platform, "*"):
                    continue
                if rule["method"] and rule["method"] != method:
                    continue
                if rule["path"] and rule["path"] not in path:
                    continue
                if rule.get("skip"):  # this one goes through: the rule strikes a later request
                    rule["skip"] -= 1
                    continue
                rule["times"] -= 1
                faults["rules"] = [r for r in faults["rules"] if r["times"] > 0]
                return rule
            if faults.get("storm"):  # no rule matched: the storm's seeded draw (psn/sandbox/storm.py)
                from psn.sandbox import storm

                return storm.draw(faults["storm"], platform, method.upper(), path, self.now())
        return None

    def storm(self, rate: float, seed: int = 0, kinds: tuple[str, ...] | list[str] | None = None) -> None:
        """Fail a seeded share `rate` of all requests (psn/sandbox/storm.py); rate 0 ends the storm."""
        from psn.sandbox import storm

        with self.state("_faults") as faults:
            if rate:
                faults["storm"] = storm.settings(rate, seed, kinds or storm.KINDS)
            else:
                faults.pop("storm", None)

    def hold_rate_limit(self, key: str, lifts: datetime) -> None:
        """A stormed 429 holds until `lifts` (world time) for its endpoint."""
        from psn.sandbox import storm

        with self.state("_faults") as faults:
            if faults.get("storm"):
                storm.hold(faults["storm"], key, lifts)

    def log_request(self, platform: str, method: str, path: str, status: int, note: str = "") -> None:
        """A request log without headers or bodies (the secrets scan reads it too). `note` marks an
        injected fault (e.g. `storm:timeout-after`)."""
        log = _private(self.root / "requests.log", os.O_WRONLY | os.O_APPEND)
        with os.fdopen(log, "a", encoding="utf-8") as handle:
            handle.write(f"{self.now().isoformat()} {platform} {method} {path} {status}{' ' + note if note else ''}\n")

    # -- odd but valid answers (issue 17) ------------------------------------------------------

    def set_shapes(self, platform: str, *shapes: str) -> None:
        """Make `platform`'s emulator answer in these documented-but-odd shapes from now on (none:
        back to the usual ones). Each emulator lists its own in `SHAPES` (X: psn/sandbox/x_shapes.py)."""
        with self.state("_world") as world:
            world.setdefault("shapes", {})[platform] = sorted(shapes)

    def shapes(self, platform: str) -> set[str]:
        return set(self.read("_world").get("shapes", {}).get(platform, []))

    # -- test hooks --------------------------------------------------------------------------

    def set_token_marker(self, marker: str) -> None:
        """Tests only: every token, code and signature the emulators mint from now on carries
        `marker` right after its prefix, so a scan of everything psn wrote can find any that leaked."""
        with self.state("_world") as world:
            world["token_marker"] = marker

    def token_marker(self) -> str:
        return self.read("_world").get("token_marker", "")

    def reset(self) -> None:
        for file in self.root.glob("*"):
            if file.is_file():
                file.unlink()


def _load(path: Path) -> dict[str, Any]:
    from psn.core.errors import NotConfigured

    try:
        data = json.loads(path.read_text()) if path.exists() else {}
    except (OSError, ValueError):
        raise NotConfigured(f"The sandbox state {path} is corrupt.",
                            hint="Forget the emulated world with `psn sandbox reset` (your real accounts are "
                                 "not touched).") from None
    if not isinstance(data, dict):
        raise NotConfigured(f"The sandbox state {path} is corrupt.", hint="Run `psn sandbox reset`.")
    return data

"""The daemon plus N CLI workers on one psn home (issue 11, "Concurrency").

Shared by the quick slice (tests/reliability/test_concurrency_quick.py) and the soak
(tests/soak/test_concurrency.py). Run as a script it is one worker: a Python process calling
`psn.cli.main([...])` in a loop — the console script's own entry point, with the CLI state reset
and the database closed between calls, as a fresh `psn` process would have them — so 10,000
operations fit on two cores. Every write carries a unique marker (`cc-w<worker>-n<op>`), so
afterwards each one can be found in the database, and on the emulated platform, exactly once.

The daemon is a real `psn --sandbox daemon run` process. Its jobs run every few seconds
(`daemon.schedules`) and see the time in PSN_CLOCK_FILE, which the harness moves forward while
the workers run, so scheduled posts come due and are published during the run.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LOCK_WORDS = ("database is locked", "OperationalError", "database table is locked")
CAP_KEYS = ("engage.cap_x", "engage.cap_linkedin", "engage.cap_instagram", "engage.cap_tiktok")
DAEMON_SCHEDULES = [
    "publish_due = every 1s", "notify = every 1s", "engage_monitor = every 7s", "analytics_pull = every 11s",
    "refresh_tokens = every 13s", "learn_check = every 17s", "digest = every 19s", "engage_learn = every 23s",
    "prune = every 29s",
]
SETUP_COMMANDS = [
    ["setup", "x"],
    ["config", "set", "notify.channels", '["log"]'],
    ["config", "set", "daemon.schedules", json.dumps(DAEMON_SCHEDULES)],
    ["config", "set", "daemon.publish_max_lateness_minutes", "100000"],  # the clock runs fast here
    ["config", "set", "engage.cooldown_minutes", "0"],
    ["engage", "config", "add", "keywords", "concurrency"],
]

# (operation, weight): writes and reads, each one psn command (config_set is followed by a get).
MIX = [
    ("ideas_add", 14), ("ideas_list", 7), ("schedule_x", 10), ("post_now_x", 2), ("engage_add", 10),
    ("engage_list", 6), ("notify_add", 10), ("notify_list", 4), ("config_set", 8), ("analytics", 6),
    ("accounts_list", 6), ("post_list", 6), ("events", 4), ("config_show", 2), ("engage_monitor", 1),
]


# -- the worker (runs in its own process) -------------------------------------------------------

def run_psn(argv: list[str]) -> tuple[int, str, str, float]:
    """One psn command in this process, as a fresh `psn` process would run it."""
    from psn.cli import main, state

    state.reset()
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    elapsed_ms = (time.perf_counter() - started) * 1000
    _close_database(state.current())
    return code, out.getvalue(), err.getvalue(), elapsed_ms


def _close_database(cli_state: Any) -> None:
    context = cli_state._context
    if context is not None and "db" in context.__dict__:
        context.db.engine.dispose()


def clock_now() -> datetime:
    from psn.core.clock import FileClock

    return FileClock(Path(os.environ["PSN_CLOCK_FILE"])).now()


@dataclass
class Worker:
    number: int
    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)
    cap_value: int = 0

    def marker(self, op: int) -> str:
        return f"cc-w{self.number}-n{op:05d}"

    def argv(self, kind: str, op: int) -> list[str]:
        mark = self.marker(op)
        if kind == "ideas_add":
            return ["--json", "ideas", "add", f"{mark} an idea about concurrency", "--pillar", "reliability"]
        if kind == "schedule_x":
            # far enough ahead that a slow command on a loaded machine never schedules into the past
            at = clock_now() + timedelta(minutes=self.rng.randint(45, 90))
            return ["--json", "post", "--platform", "x", "--text", f"{mark} scheduled", "--at",
                    at.strftime("%Y-%m-%dT%H:%M:%SZ"), "--yes"]
        if kind == "post_now_x":
            return ["--json", "post", "--platform", "x", "--text", f"{mark} now", "--yes"]
        if kind == "engage_add":
            status = 10**15 + self.number * 10**6 + op
            return ["--json", "engage", "add", f"https://x.com/peer{self.number}/status/{status}", "--text",
                    f"{mark} a conversation", "--author", f"peer{self.number}"]
        if kind == "notify_add":
            return ["--json", "notify", "queue", f"{mark} note", "--body", "load", "--dedupe-key", mark]
        return {
            "ideas_list": ["--json", "ideas", "list"],
            "engage_list": ["--json", "engage", "list", "--limit", "50"],
            "notify_list": ["--json", "notify", "history", "--limit", "50"],
            "analytics": ["--json", "analytics", "leaderboard"] if op % 2 else ["--json", "analytics", "summary"],
            "accounts_list": ["--json", "accounts", "list"],
            "post_list": ["--json", "post", "list", "--limit", "20"],
            "events": ["--json", "events", "--limit", "20"],
            "config_show": ["--json", "config", "show"],
            "engage_monitor": ["--json", "engage", "monitor"],
        }[kind]

    def step(self, kind: str, op: int) -> None:
        if kind == "config_set":
            self.config_set_then_get(op)
            return
        argv = self.argv(kind, op)
        self.record(kind, op, argv, *run_psn(argv), marker=self.marker(op) if _writes(kind) else None)

    def config_set_then_get(self, op: int) -> None:
        """Read-your-writes on a key only this worker writes: anything else read back is a lost update."""
        key = CAP_KEYS[self.number % len(CAP_KEYS)]
        self.cap_value = self.cap_value % 500 + 1
        argv = ["--json", "config", "set", key, str(self.cap_value)]
        self.record("config_set", op, argv, *run_psn(argv))
        argv = ["--json", "config", "get", key]
        code, out, err, ms = run_psn(argv)
        seen = _data(out).get("value") if code == 0 else None
        self.record("config_get", op, argv, code, out, err, ms, expected_value=self.cap_value, seen_value=seen)

    def record(self, kind: str, op: int, argv: list[str], code: int, out: str, err: str, ms: float,
               **extra: Any) -> None:
        text = out + err
        entry: dict[str, Any] = {"worker": self.number, "op": op, "kind": kind, "code": code, "ms": round(ms, 2),
                                 "locked": any(word in text for word in LOCK_WORDS), **extra}
        if code != 0 or entry["locked"]:
            entry["argv"], entry["output"] = argv, text[-1500:]
        self.records.append(entry)


def _writes(kind: str) -> bool:
    return kind in {"ideas_add", "schedule_x", "post_now_x", "engage_add", "notify_add"}


def _data(out: str) -> dict[str, Any]:
    try:
        data = json.loads(out).get("data")
    except (ValueError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


def work(number: int, ops: int, seed: int, out_file: Path) -> None:
    worker = Worker(number, random.Random(seed * 1000 + number))
    kinds, weights = zip(*MIX, strict=True)
    for warm_up in (["--json", "accounts", "list"], ["--json", "post", "list"]):  # imports, not measured
        run_psn(warm_up)
    op = 0
    while op < ops:
        kind = worker.rng.choices(kinds, weights)[0]
        worker.step(kind, op)
        op += 2 if kind == "config_set" else 1  # set + get are two operations
    out_file.write_text(json.dumps(worker.records))


def setup_home() -> None:
    for argv in SETUP_COMMANDS:
        code, out, err, _ = run_psn(argv)
        if code != 0:
            raise SystemExit(f"setup failed: psn {' '.join(argv)} → {code}\n{out}{err}")


# -- the harness (runs in the test process) ----------------------------------------------------

@dataclass
class Run:
    home: Path
    env: dict[str, str]
    clock_file: Path
    daemon_out: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    daemon_exit: int | None = None
    clock_end: datetime = START

    @property
    def db_file(self) -> Path:
        return self.home / "data" / "sandbox-home" / "data" / "psn.db"

    @property
    def sandbox_dir(self) -> Path:
        return self.home / "data" / "sandbox-home" / "data" / "sandbox-world"

    @property
    def log_dir(self) -> Path:
        return self.home / "data" / "sandbox-home" / "state" / "logs"


def environment(home: Path, clock_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSN_")}
    env.update(PSN_HOME=str(home), PSN_SECRETS="file", PSN_SANDBOX="1", PSN_CLOCK_FILE=str(clock_file),
               PYTHONUNBUFFERED="1")
    return env


def write_clock(clock_file: Path, moment: datetime) -> None:
    """Atomically: the daemon re-reads this file on every `now()`, and must never see it half-written."""
    tmp = clock_file.with_suffix(".tmp")
    tmp.write_text(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    os.replace(tmp, clock_file)


def _script(*args: str, env: dict[str, str], **kwargs: Any) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, *args], env=env, **kwargs)


def prepare(tmp: Path) -> Run:
    home, clock_file = tmp / "home", tmp / "clock"
    write_clock(clock_file, START)
    env = environment(home, clock_file)
    setup = _script("setup", env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, _ = setup.communicate(timeout=300)
    assert setup.returncode == 0, output
    return Run(home=home, env=env, clock_file=clock_file, daemon_out=tmp / "daemon.out")


class ClockMover(threading.Thread):
    """Moves the shared clock forward (`minutes_per_second` of psn time per real second)."""

    def __init__(self, run: Run, minutes_per_second: float) -> None:
        super().__init__(daemon=True)
        self.run_ = run
        self.step = timedelta(minutes=minutes_per_second / 4)
        self.stopped = threading.Event()
        self.now = START
        self._lock = threading.Lock()

    def run(self) -> None:
        while not self.stopped.wait(0.25):
            self.jump(self.step)

    def jump(self, delta: timedelta) -> datetime:
        with self._lock:
            self.now += delta
            write_clock(self.run_.clock_file, self.now)
            return self.now


def execute(run: Run, workers: int, ops_per_worker: int, seed: int = 1, minutes_per_second: float = 1.0,
            settle_timeout_s: float = 300) -> Run:
    """Start the daemon, run the workers against it, let every scheduled post come due, stop the daemon."""
    with open(run.daemon_out, "wb") as daemon_out:
        daemon = subprocess.Popen([sys.executable, "-m", "psn", "--sandbox", "daemon", "run"], env=run.env,
                                  stdout=daemon_out, stderr=subprocess.STDOUT)
    clock = ClockMover(run, minutes_per_second)
    try:
        _wait(lambda: (run.home / "data" / "sandbox-home" / "state" / "run" / "daemon.pid").exists(), 60,
              "the daemon to start")
        clock.start()
        started = time.perf_counter()
        results = [run.home.parent / f"worker-{n}.json" for n in range(workers)]
        children = [_script("work", str(n), str(ops_per_worker), str(seed), str(results[n]), env=run.env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for n in range(workers)]
        for child in children:
            output, _ = child.communicate()
            assert child.returncode == 0, output.decode(errors="replace")[-3000:]
        run.seconds = time.perf_counter() - started
        for result in results:
            run.records.extend(json.loads(result.read_text()))
        # Every scheduled post is due after this jump. The clock keeps moving: a burst of due posts
        # meets X's 100 posts / 15 minutes, and the rest go out once the window has passed.
        clock.jump(timedelta(hours=2))
        _wait(lambda: _settled(run.db_file), settle_timeout_s, "the daemon to publish and notify everything due")
        run.clock_end = clock.now
    finally:
        clock.stopped.set()
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
        try:
            run.daemon_exit = daemon.wait(timeout=120)
        except subprocess.TimeoutExpired:
            daemon.kill()
            run.daemon_exit = daemon.wait()
    return run


def _settled(db_file: Path) -> bool:
    with connect(db_file) as conn:
        waiting = conn.execute("SELECT COUNT(*) FROM published_content WHERE status IN "
                               "('scheduled', 'publishing')").fetchone()[0]
        queued = conn.execute("SELECT COUNT(*) FROM notifications WHERE status = 'queued'").fetchone()[0]
    return waiting == 0 and queued == 0


def connect(db_file: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def _wait(condition: Any, timeout_s: float, what: str) -> None:
    """Poll (the deadline only stops a hung run; it is not a timed assertion)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "setup":
        setup_home()
    else:
        work(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))

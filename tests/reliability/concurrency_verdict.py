"""Judging a concurrency run (see concurrency_harness.py): every operation's exit code, every
"database is locked" in outputs and logs, each write found exactly once in the database and on
the emulated X, counters that agree with each other, and the figures the soak prints."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from dataclasses import dataclass, field
from typing import Any

from reliability.concurrency_harness import CAP_KEYS, DAEMON_SCHEDULES, LOCK_WORDS, Run, connect


@dataclass
class Verdict:
    ops: int = 0
    failed_ops: list[dict[str, Any]] = field(default_factory=list)
    lock_errors: int = 0
    lock_lines: list[str] = field(default_factory=list)
    lost_updates: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """Every way the run went wrong, with the first examples of each."""
        out = [f"{len(self.failed_ops)} operations failed: {self.failed_ops[:3]}"] if self.failed_ops else []
        if self.lock_errors:
            out.append(f"{self.lock_errors} 'database is locked' errors: {self.lock_lines[:5]}")
        if self.lost_updates:
            out.append(f"{len(self.lost_updates)} lost updates: {self.lost_updates[:10]}")
        if self.duplicates:
            out.append(f"{len(self.duplicates)} duplicates: {self.duplicates[:10]}")
        return out


def judge(run: Run) -> Verdict:
    verdict = Verdict(ops=len(run.records))
    verdict.failed_ops = [r for r in run.records if r["code"] != 0]
    verdict.lock_errors = sum(r["locked"] for r in run.records)
    verdict.lock_lines = [r["output"][-300:] for r in run.records if r["locked"]]
    _scan_logs(run, verdict)
    if run.daemon_exit != 0:
        verdict.failed_ops.append({"kind": "daemon", "code": run.daemon_exit})
    with connect(run.db_file) as conn:
        _check_config_reads(run, verdict)
        _check_rows(run, conn, verdict)
        _check_posts(run, conn, verdict)
        _check_notifications(run, conn, verdict)
        _check_job_runs(conn, verdict)
    _check_config_file(run, verdict)
    verdict.figures.update(latency_figures(run))
    return verdict


def _scan_logs(run: Run, verdict: Verdict) -> None:
    files = [*sorted(run.log_dir.glob("*")), *sorted((run.home / "state" / "logs").glob("*")), run.daemon_out]
    warnings = []
    for path in files:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if any(word in line for word in LOCK_WORDS):
                verdict.lock_errors += 1
                verdict.lock_lines.append(f"{path.name}: {line[:300]}")
            noise = "maximum number of running instances" in line  # a 1 s job still running: skipped
            if (" WARNING " in line or " ERROR " in line) and not noise and path != run.daemon_out:
                warnings.append(f"{path.name}: {line[:300]}")
    verdict.figures["log_warnings"] = warnings


def _ok(run: Run, kind: str) -> list[dict[str, Any]]:
    return [r for r in run.records if r["kind"] == kind and r["code"] == 0]


def _check_config_reads(run: Run, verdict: Verdict) -> None:
    for r in _ok(run, "config_get"):
        if r["seen_value"] != r["expected_value"]:
            verdict.lost_updates.append(f"w{r['worker']} set {r['expected_value']}, read {r['seen_value']}")


def _check_config_file(run: Run, verdict: Verdict) -> None:
    config = tomllib.loads((run.home / "data" / "sandbox-home" / "config" / "config.toml").read_text())
    last: dict[int, int] = {}
    for r in _ok(run, "config_get"):
        last[r["worker"]] = r["expected_value"]
    for worker, value in last.items():
        key = CAP_KEYS[worker % len(CAP_KEYS)].split(".")[1]
        if config.get("engage", {}).get(key) != value:
            verdict.lost_updates.append(f"config engage.{key}: {config.get('engage', {}).get(key)} != {value}")
    if len(config.get("daemon", {}).get("schedules", [])) != len(DAEMON_SCHEDULES):
        verdict.lost_updates.append("config daemon.schedules lost")


def _count_each(conn: sqlite3.Connection, verdict: Verdict, query: str, markers: list[str], what: str) -> None:
    """Every marker must match exactly one row."""
    for mark in markers:
        found = conn.execute(query, (f"%{mark} %",)).fetchone()[0]
        if found == 0:
            verdict.lost_updates.append(f"{what} {mark}")
        elif found > 1:
            verdict.duplicates.append(f"{what} {mark} ×{found}")


def markers(run: Run, kind: str) -> list[str]:
    return [f"cc-w{r['worker']}-n{r['op']:05d}" for r in _ok(run, kind)]


def _check_rows(run: Run, conn: sqlite3.Connection, verdict: Verdict) -> None:
    _count_each(conn, verdict, "SELECT COUNT(*) FROM ideas WHERE text LIKE ?", markers(run, "ideas_add"), "idea")
    _count_each(conn, verdict, "SELECT COUNT(*) FROM engage_opportunities WHERE text LIKE ?",
                markers(run, "engage_add"), "opportunity")
    stray = conn.execute("SELECT COUNT(*) FROM ideas WHERE text LIKE 'cc-w%'").fetchone()[0]
    verdict.figures["ideas"] = stray
    if stray != len(markers(run, "ideas_add")):
        verdict.duplicates.append(f"ideas: {stray} rows for {len(markers(run, 'ideas_add'))} adds")


def _check_posts(run: Run, conn: sqlite3.Connection, verdict: Verdict) -> None:
    """Each post once in the database, published, and exactly once on the emulated X."""
    wanted = markers(run, "schedule_x") + markers(run, "post_now_x")
    _count_each(conn, verdict, "SELECT COUNT(*) FROM published_content WHERE request LIKE ?", wanted, "post")
    statuses = dict(conn.execute("SELECT status, COUNT(*) FROM published_content GROUP BY status").fetchall())
    verdict.figures["post_statuses"] = statuses
    if set(statuses) - {"published"}:
        verdict.lost_updates.append(f"posts not published: {statuses}")
    x_state = json.loads((run.sandbox_dir / "x.json").read_text())
    texts = [t["text"] for t in x_state["tweets"].values() if t["text"].startswith("cc-w")]
    for mark in wanted:
        count = sum(text.startswith(f"{mark} ") for text in texts)
        if count != 1:
            (verdict.duplicates if count else verdict.lost_updates).append(f"tweet {mark} ×{count}")
    creates = sum(" x POST /2/tweets 201" in line for line in
                  (run.sandbox_dir / "requests.log").read_text().splitlines())
    published = statuses.get("published", 0)
    verdict.figures.update(posts=len(wanted), tweets=len(texts), create_calls=creates,
                           published_by_daemon=len(markers(run, "schedule_x")))
    if creates != published or len(texts) != published:
        verdict.duplicates.append(f"{creates} create calls and {len(texts)} tweets for {published} published posts")
    # A post refused for a rate limit is published on a later attempt; the tweets and create calls
    # above are what prove it went out once.
    verdict.figures["second_attempts"] = conn.execute(
        "SELECT COUNT(*) FROM published_content WHERE attempts > 1").fetchone()[0]
    _check_counters(conn, x_state, creates, verdict)


def _check_counters(conn: sqlite3.Connection, x_state: dict[str, Any], creates: int, verdict: Verdict) -> None:
    """Counters kept by different writers agree: the emulator's id sequence (its state is rewritten
    under a lock by every process) and psn's cost ledger (one row per billed post)."""
    issued = x_state["_counters"]["tweet"] - 1
    if issued != len(x_state["tweets"]):
        verdict.lost_updates.append(f"X issued {issued} tweet ids but holds {len(x_state['tweets'])} tweets")
    billed = conn.execute("SELECT COUNT(*) FROM api_costs WHERE platform = 'x' AND endpoint IN "
                          "('post', 'post_with_url')").fetchone()[0]
    verdict.figures["billed_posts"] = billed
    if billed != creates:
        (verdict.duplicates if billed > creates else verdict.lost_updates).append(
            f"{billed} posts billed in the cost ledger for {creates} create calls")


def _check_notifications(run: Run, conn: sqlite3.Connection, verdict: Verdict) -> None:
    wanted = markers(run, "notify_add")
    _count_each(conn, verdict, "SELECT COUNT(*) FROM notifications WHERE title LIKE ?", wanted, "notification")
    sent = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT d.notification_id) FROM notification_deliveries d JOIN notifications n "
        "ON n.id = d.notification_id WHERE n.title LIKE 'cc-w%' AND d.channel = 'log' AND d.outcome = 'sent'"
    ).fetchone()
    verdict.figures["notifications_delivered"] = sent[0]
    if sent[0] != len(wanted) or sent[1] != len(wanted):
        verdict.duplicates.append(f"{sent[0]} deliveries of {sent[1]} notifications for {len(wanted)} queued")


def _check_job_runs(conn: sqlite3.Connection, verdict: Verdict) -> None:
    rows = conn.execute("SELECT job, outcome, COUNT(*) FROM job_runs GROUP BY job, outcome").fetchall()
    verdict.figures["job_runs"] = {f"{job}:{outcome}": n for job, outcome, n in rows}
    bad = [(job, outcome, n) for job, outcome, n in rows if outcome not in ("ok", "idle")]
    errors = conn.execute("SELECT job, started_at, summary, error FROM job_runs WHERE outcome NOT IN ('ok', 'idle') "
                          "LIMIT 5").fetchall()
    if bad:
        verdict.failed_ops.append({"kind": "daemon jobs", "runs": bad, "errors": errors})


def latency_figures(run: Run) -> dict[str, Any]:
    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    every = [r["ms"] for r in run.records]
    per_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({r["kind"] for r in run.records}):
        values = [r["ms"] for r in run.records if r["kind"] == kind]
        per_kind[kind] = {"n": len(values), "p50_ms": pct(values, 0.5), "p99_ms": pct(values, 0.99)}
    return {"seconds": round(run.seconds, 1), "ops_per_s": round(len(every) / run.seconds, 1) if run.seconds else 0,
            "p50_ms": pct(every, 0.5), "p99_ms": pct(every, 0.99), "per_kind": per_kind}


def report(verdict: Verdict, workers: int) -> str:
    f = verdict.figures
    lines = [
        f"concurrency: daemon + {workers} workers, {verdict.ops} operations in {f['seconds']} s "
        f"({f['ops_per_s']} ops/s), latency p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms",
        f"  'database is locked': {verdict.lock_errors} · lost updates: {len(verdict.lost_updates)} · "
        f"duplicates: {len(verdict.duplicates)} · failed operations: {len(verdict.failed_ops)}",
        f"  posts {f['posts']} (scheduled, published by the daemon: {f['published_by_daemon']}) · tweets "
        f"{f['tweets']} · create calls {f['create_calls']} · billed {f['billed_posts']} · notifications delivered "
        f"{f['notifications_delivered']} · posts that waited for a rate limit: {f['second_attempts']}",
        f"  daemon job runs: {f['job_runs']}",
        f"  warnings and errors in the logs: {len(f['log_warnings'])}",
        *[f"    {line}" for line in f["log_warnings"][:20]],
    ]
    lines += [f"  {kind:<15} n={v['n']:<5} p50 {v['p50_ms']:>7} ms  p99 {v['p99_ms']:>7} ms"
              for kind, v in f["per_kind"].items()]
    return "\n".join(lines)

"""With 10,000 pending opportunities, time what `psn engage` does before its first triage card:
a real `psn engage` process in a pseudo-terminal, from spawn until the card is on screen (startup
included) — plus, for comparison, the full engine's queue read in process and a whole
`psn engage list --limit 1` process.

Target (issue 8): ≤ 300 ms to the first triage card.
Also: monitor's fetch wall time across four platforms with 200 ms latency injected per call
(target ≤ 1.3× the slowest platform, not the sum).
Run: .venv/bin/python benchmarks/engage.py [--pending N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PLATFORMS = ["x", "linkedin", "instagram", "tiktok"]


def seed(ctx, count: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from psn.store.engage_tables import Opportunity

    rows = [{"platform": PLATFORMS[i % 4], "post_id": str(i), "url": f"https://x.com/a/status/{i}",
             "text": f"post {i} about build in public", "found_at": now - timedelta(minutes=i % 600),
             "posted_at": now - timedelta(minutes=i % 600), "source": "search", "relevance_bp": 10000,
             "recency_bp": 5000, "reach_bp": 4000, "potential_bp": 3000, "score_bp": 6000 + i % 4000,
             "status": "pending", "metrics": "{}", "engagement_type": "reply"} for i in range(count)]
    with ctx.db.write() as conn:
        conn.execute(insert(Opportunity.__table__), rows)


def first_card(now: datetime) -> float:
    from psn.context import AppContext
    from psn.core.clock import FixedClock
    from psn.engage import session

    start = time.perf_counter()
    ctx = AppContext.create(clock=FixedClock(now))
    queue = session.triage_queue(ctx, [])
    session.remaining_caps(ctx, sorted({r.platform for r in queue}))
    return (time.perf_counter() - start) * 1000


def process_ms(home: str, *args: str) -> float:
    psn = Path(sys.executable).with_name("psn")
    start = time.perf_counter()
    subprocess.run([str(psn), *args], check=True, capture_output=True, env=os.environ | {"PSN_HOME": home})
    return (time.perf_counter() - start) * 1000


def session_first_card_ms(home: str, psn: str | None = None) -> float:
    """Spawn `psn engage` on a pty (it needs a terminal) and time until the first card's line shows."""
    import pty
    import select

    psn = psn or str(Path(sys.executable).with_name("psn"))
    leader, follower = pty.openpty()
    start = time.perf_counter()
    child = subprocess.Popen([str(psn), "engage"], stdin=follower, stdout=follower, stderr=follower,
                             env=os.environ | {"PSN_HOME": home}, close_fds=True)
    os.close(follower)
    seen = b""
    try:
        while b"score " not in seen:
            ready, _, _ = select.select([leader], [], [], 60)  # a hang guard, generous on a busy machine
            if not ready:
                raise RuntimeError(f"no triage card within 60 s; the screen shows: {seen[-400:]!r}")
            seen += os.read(leader, 4096)
        return (time.perf_counter() - start) * 1000
    finally:
        child.kill()
        child.wait()
        os.close(leader)


def monitor_fetch_ms(latency: float = 0.2) -> float:
    """Four platforms, search + mentions each, every call taking `latency` seconds."""
    from psn.engage.monitor import _fetch_all

    def slow():
        time.sleep(latency)
        return []

    plan = {p: [("search", slow), ("mentions", slow)] for p in PLATFORMS}
    start = time.perf_counter()
    _fetch_all(plan)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pending", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["PSN_HOME"], os.environ["PSN_SECRETS"] = home, "file"
        from psn.context import AppContext
        from psn.core.clock import FixedClock

        now = datetime(2026, 11, 21, 12, tzinfo=UTC)
        seed(AppContext.create(clock=FixedClock(now)), args.pending, now)
        os.environ["PSN_NOW"] = now.isoformat()
        card = statistics.median(session_first_card_ms(home) for _ in range(9))
        in_process = statistics.median(first_card(now) for _ in range(9))
        whole = statistics.median(process_ms(home, "--json", "engage", "list", "--limit", "1") for _ in range(5))
        bare = statistics.median(process_ms(home, "--help") for _ in range(5))
    print(f"{args.pending:,} pending → `psn engage` shows its first triage card after {card:.0f} ms "
          f"(target ≤ 300 ms; median of 9 processes on a pty).\n  For comparison: the full engine's queue read "
          f"{in_process:.1f} ms in process; a whole `psn engage list --limit 1` process {whole:.0f} ms; "
          f"`psn --help` {bare:.0f} ms")
    fetch = statistics.median(monitor_fetch_ms() for _ in range(5))
    print(f"monitor fetch, 4 platforms × 2 sources at 200 ms each: {fetch:.0f} ms "
          f"({fetch / 200:.2f}× the slowest platform; sequential would be 1600 ms; target ≤ 1.3×)")
    return 0 if card <= 300 and fetch <= 260 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Ingest 1,000,000 engagement events, then time psn's summary and leaderboard against a
hand-written SQL GROUP BY on the same data in the same run.

Targets (issue 9): each report ≤ 200 ms and within 1.5x of the hand-written query.
Run: .venv/bin/python benchmarks/analytics.py [--events N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PLATFORMS = ["x", "linkedin", "instagram", "tiktok", "facebook"]
KINDS = ["view", "like", "share", "comment", "click", "save", "reply", "conversion"]
KIND_WEIGHTS = [60, 15, 4, 5, 8, 3, 3, 2]  # views dominate, as on real platforms


def median_ms(fn, runs: int = 9) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm the cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def seed_content(ctx, count: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from psn.store.publishing_tables import PublishedContent

    rows = [{"idempotency_key": f"bench-{i}", "platform": PLATFORMS[i % 5], "status": "published",
             "request": f'{{"text": "post {i}"}}', "steps": "{}", "platform_post_id": str(i),
             "published_at": now - timedelta(days=i % 30), "created_at": now, "updated_at": now,
             "campaign": "launch" if i % 10 == 0 else None, "attempts": 0, "cost_usd": 0.0, "format": "text"}
            for i in range(1, count + 1)]
    with ctx.db.write() as conn:
        conn.execute(insert(PublishedContent.__table__), rows)


def ingest(ctx, events: int, contents: int, now: datetime) -> float:  # type: ignore[no-untyped-def]
    from psn.analytics.ingest import epoch, insert_events

    rng = random.Random(7)
    end = epoch(now)
    start = time.perf_counter()
    batch = 50_000
    for offset in range(0, events, batch):
        kinds = rng.choices(KINDS, KIND_WEIGHTS, k=min(batch, events - offset))
        rows = []
        for kind in kinds:
            content = rng.randint(1, contents)
            rows.append({"content_id": content, "platform": PLATFORMS[content % 5], "kind": kind,
                         "count": rng.randint(1, 20), "occurred_at": end - rng.randint(0, 60 * 86400),
                         "source": "pull"})
        with ctx.db.write() as conn:
            insert_events(conn, rows)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--contents", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["PSN_HOME"] = home
        os.environ["PSN_SECRETS"] = "file"
        from psn.analytics.reports import leaderboard, summary, window
        from psn.context import AppContext
        from psn.core.clock import FixedClock

        now = datetime(2026, 11, 21, tzinfo=UTC)
        ctx = AppContext.create(clock=FixedClock(now))
        seed_content(ctx, args.contents, now)
        seconds = ingest(ctx, args.events, args.contents, now)
        print(f"ingest: {args.events:,} events in {seconds:.2f} s ({args.events / seconds:,.0f} rows/s, "
              "Core insert executemany, 2 covering indexes)")
        flt = window(ctx, 30)
        raw = sqlite3.connect(Path(home) / ctx.paths.database_file.relative_to(home))
        days = (flt.since // 86400, (flt.until - 1) // 86400)
        w = ctx.settings.analytics.weights
        weighted = " ".join(f"WHEN '{kind}' THEN {w[kind]}" for kind in KINDS)  # literal weights: hand-written
        results = {
            "summary (psn, by channel, 30 days)": median_ms(lambda: summary(ctx, flt)),
            "summary (hand-written GROUP BY)": median_ms(lambda: raw.execute(
                "SELECT platform, kind, SUM(count) FROM engagement_events WHERE day BETWEEN ? AND ? "
                "GROUP BY platform, kind", days).fetchall()),
            "leaderboard (psn, top 10, 30 days)": median_ms(lambda: leaderboard(ctx, flt, 10)),
            "leaderboard (hand-written GROUP BY)": median_ms(lambda: raw.execute(
                f"SELECT content_id, SUM(count * CASE kind {weighted} END) AS s FROM engagement_events "
                "WHERE content_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ? GROUP BY content_id "
                "ORDER BY s DESC LIMIT 10", (flt.since, flt.until)).fetchall()),
        }
        for name, ms in results.items():
            print(f"{name:<40} {ms:8.1f} ms (median of 9)")
        ok = True
        for report in ("summary", "leaderboard"):
            ours = results[next(k for k in results if k.startswith(report) and "psn" in k)]
            base = results[next(k for k in results if k.startswith(report) and "hand" in k)]
            ratio = ours / base
            met = ours <= 200 and ratio <= 1.5
            ok &= met
            print(f"{report}: {ours:.1f} ms, {ratio:.2f}x the hand-written query — "
                  f"{'meets' if met else 'MISSES'} the target (≤ 200 ms, ≤ 1.5x)")
        raw.close()
        ctx.db.engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Everyday commands against `psn --help` on a home with realistic data (issue 18).

The home is a sandbox one with X and LinkedIn connected and a voice, set up through the CLI, then
filled through psn's own tables: 5,000 published posts, 100,000 engagement events, 10,000 waiting
opportunities, 2,000 ideas. Every command is a whole `psn` process; the rounds are interleaved
(one run of each command per round) so a busy machine slows them all alike, and each figure is the
median of the rounds. CPU time (user + system of the child) is the steady figure on a shared machine;
wall time is printed beside it.

Targets (ratios in one run, CPU):
- every everyday read command ≤ 2.0× `psn --help`;
- `psn engage`'s first triage card with 10,000 waiting ≤ 1.2× `psn --help` (wall, on a pty);
- `psn --help` ≤ 12× `python -c pass`;
- writes (`post --yes` to the sandbox, `ideas add`, `config set`) ≤ 3× `psn --help`.
The 1,000,000-event analytics queries are benchmarks/analytics.py's (make bench-all).

Run: .venv/bin/python benchmarks/commands.py [--rounds N]   (make bench)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the other benchmarks' seeders

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
# BENCH_PSN=/path/to/psn times another build (an older checkout) on the same seeded home
PSN = os.environ.get("BENCH_PSN") or str(Path(sys.executable).with_name("psn"))
CARD = "psn engage (first card)"

READS = [
    ["post", "list"], ["post", "show", "1"], ["post", "status", "1"], ["ideas", "list"],
    ["engage", "list"], ["engage", "history"], ["engage", "stats"],
    ["analytics"], ["analytics", "leaderboard"], ["analytics", "show", "1"],
    ["accounts", "list"], ["accounts", "health"], ["campaigns", "list"],
    ["config", "show"], ["config", "get", "general.timezone"], ["daemon", "status"], ["doctor"],
]
SETUP = [
    ["setup", "x"], ["setup", "linkedin"],
    ["setup", "voice", "--archetype", "educator", "--pillar", "pottery", "--name", "Ada, potter"],
]


def writes(round_no: int) -> list[list[str]]:
    """Each round's writes differ, so none is refused as a duplicate of the last round's."""
    return [
        ["post", "-p", "x", "-t", f"Kiln log {round_no}: cone 6, slow cool.", "--yes"],
        ["ideas", "add", f"glaze test tiles, batch {round_no}"],
        ["config", "set", "general.timezone", ["Europe/Paris", "Asia/Tokyo"][round_no % 2]],
    ]


def env_for(home: str) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE would make every start compile psn from source: not what a user's shell does
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSN_") and k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PSN_HOME": home, "PSN_SECRETS": "file", "PSN_SANDBOX": "1", "PSN_NOW": NOW.isoformat(),
                  "HOME": str(Path(home) / "user-home")}


def seed(home: str) -> None:
    for args in SETUP:
        subprocess.run([PSN, *args], env=env_for(home), check=True, capture_output=True, input="")
    os.environ.update(env_for(home))
    from analytics import ingest  # benchmarks/analytics.py
    from engage import seed as seed_opportunities  # benchmarks/engage.py

    from psn.context import AppContext
    from psn.core.clock import FixedClock

    ctx = AppContext.create(sandbox=True, clock=FixedClock(NOW))
    seed_posts(ctx, 5_000)
    ingest(ctx, 100_000, 5_000, NOW)
    seed_opportunities(ctx, 10_000, NOW)
    seed_ideas(ctx, 2_000)


def seed_posts(ctx, count: int) -> None:  # type: ignore[no-untyped-def]
    """Published posts on the connected accounts, a tenth of them in a campaign, spread over 30 days."""
    import json

    from sqlalchemy import insert, select

    from psn.store.publishing_tables import Account, PublishedContent

    with ctx.db.write() as conn:
        accounts = dict(conn.execute(select(Account.platform, Account.id)).all())
        platforms = sorted(accounts)
        rows = []
        for i in range(1, count + 1):
            platform, at = platforms[i % len(platforms)], NOW - timedelta(days=i % 30, minutes=i)
            request = {"platform": platform, "text": f"post {i}: what the kiln taught me", "idempotency_key": f"b{i}"}
            rows.append({"idempotency_key": f"b{i}", "account_id": accounts[platform], "platform": platform,
                         "status": "published", "request": json.dumps(request), "steps": "{}",
                         "platform_post_id": str(10_000 + i), "url": f"https://example.test/{i}", "published_at": at,
                         "created_at": at, "updated_at": at, "campaign": "launch" if i % 10 == 0 else None})
        conn.execute(insert(PublishedContent.__table__), rows)


def seed_ideas(ctx, count: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from psn.store.generation_tables import IdeaRow

    rng = random.Random(18)
    rows = [{"text": f"idea {i}: {rng.choice(['glaze', 'kiln', 'wheel', 'studio'])} notes", "stage":
             rng.choice(["spark", "seed", "ready"]), "platforms": "[]", "urgency": "normal", "source": "manual",
             "created_at": NOW - timedelta(hours=i), "updated_at": NOW - timedelta(hours=i)} for i in range(count)]
    with ctx.db.write() as conn:
        conn.execute(insert(IdeaRow.__table__), rows)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall ms, CPU ms, exit code) of one whole process."""
    import time

    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, child.returncode


def measure(home: str, rounds: int) -> dict[str, list[tuple[float, float]]]:
    from engage import session_first_card_ms

    env = env_for(home)
    cases = {"python -c pass": [sys.executable, "-c", "pass"], "psn --help": [PSN, "--help"]}
    cases |= {"psn " + " ".join(a): [PSN, *a] for a in READS}
    samples: dict[str, list[tuple[float, float]]] = {}
    for round_no in range(rounds + 1):  # round 0 warms the caches and is not counted
        jobs = list(cases.items()) + [("psn " + " ".join(w[:2]) + " …", [PSN, *w]) for w in writes(round_no)]
        for name, argv in jobs:
            wall, cpu, code = run(argv, env)
            if code not in (0, 3):  # 3: `accounts health` / `daemon status` report a state, not a failure
                raise SystemExit(f"{name} exited {code}")
            if round_no:
                samples.setdefault(name, []).append((wall, cpu))
        card = session_first_card_ms(home, PSN)  # benchmarks/engage.py: `psn engage` on a pty, until the card shows
        if round_no:
            samples.setdefault(CARD, []).append((card, 0.0))
    return samples


def report(samples: dict[str, list[tuple[float, float]]]) -> bool:
    med = {name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
           for name, s in samples.items()}
    card_ms = med.pop(CARD)[0]
    floor, help_ = med["python -c pass"], med["psn --help"]
    ok = True
    print(f"{'command':<40} {'wall ms':>8} {'CPU ms':>8} {'× help (CPU)':>13}  target")
    for name, (wall, cpu) in med.items():
        if name == "python -c pass":
            target, ratio = None, None
        elif name == "psn --help":
            target, ratio = 12.0, cpu / floor[1]
        else:
            target, ratio = (3.0 if name.endswith("…") else 2.0), cpu / help_[1]
        good = ratio is None or ratio <= target
        ok &= good
        shown = "" if ratio is None else f"{ratio:.2f}" + (" (× python)" if name == "psn --help" else "")
        goal = "" if target is None else f"≤ {target}" + ("" if good else "  MISSED")
        print(f"{name:<40} {wall:8.0f} {cpu:8.0f} {shown:>13}  {goal}")
    card_ratio = card_ms / help_[0]
    ok &= card_ratio <= 1.2
    print(f"{'psn engage: first card, 10,000 waiting':<40} {card_ms:8.0f} {'':>8} {card_ratio:>13.2f}  ≤ 1.2 "
          f"(wall, × psn --help's wall){'' if card_ratio <= 1.2 else '  MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        seed(home)
        if os.environ.get("BENCH_KEEP_HOME"):  # a seeded home to try commands in: BENCH_KEEP_HOME=/tmp/h
            import shutil

            shutil.copytree(home, os.environ["BENCH_KEEP_HOME"], dirs_exist_ok=True)
        samples = measure(home, args.rounds)
    print(f"median of {args.rounds} interleaved rounds; a home with 5,000 posts, 100,000 events, "
          f"10,000 waiting opportunities, 2,000 ideas")
    return 0 if report(samples) else 1


if __name__ == "__main__":
    sys.exit(main())

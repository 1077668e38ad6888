"""`psn demo --faults RATE [--seed N]`: the demo under a fault storm, and what it says at the end.

The storm is switched on in the demo's own sandbox world (psn/sandbox/storm.py) before the first
step; a CarefulUser (careful.py) runs every command. A step whose later commands need something a
stopped command did not produce (an opportunity to reply to, a post id) ends early and is reported;
psn itself crashing (exit 1) still fails the whole demo.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from psn.cli.demo.careful import SETTLED, CarefulUser, invoke

STEP_STOPS = (StopIteration, IndexError, KeyError, ValueError)
"""What a step's own glue raises when a command it depends on stopped (`next(...)`, `[row] = …`)."""
NOTE = re.compile(r" storm:(\S+)$")


def start_storm(rate: float, seed: int, echo: bool) -> CarefulUser:
    from psn.core.paths import resolve_paths
    from psn.sandbox.world import SandboxWorld

    root = resolve_paths(sandbox=True).sandbox_dir
    SandboxWorld(root).storm(rate, seed)
    if echo:
        from psn.cli.output import console, rule

        rule(f"[bold magenta]FAULT-STORM RUN: {rate:.0%} of requests fail (seed {seed})")
        console().print("[magenta]429s in each platform's own words, 5xx, timeouts and dropped connections, before "
                        "and after the platform acts. A careful user waits, resumes with `psn post retry`, "
                        "and never re-runs a command that would post twice.[/]")
    return CarefulUser(root, echo)


def run_step(demo: Any, step: Any) -> bool:
    """Run one step; False (with the reason noted) when it ended early on a stopped command."""
    from psn.cli.demo.runner import DemoStepStopped

    try:
        step.run(demo)
    except (DemoStepStopped, *STEP_STOPS) as exc:
        demo.careful.say(f"step ended early: {type(exc).__name__}: {exc}")
        demo.notes.append(f"{step.TITLE}: ended early ({type(exc).__name__}: {exc})")
        return False
    return True


def finish_storm(demo: Any, stopped_steps: list[str]) -> dict[str, Any]:
    careful: CarefulUser = demo.careful
    sweep = careful.sweep()
    from psn.sandbox.world import SandboxWorld

    world = SandboxWorld(careful.world_root)
    storm = world.read("_faults").get("storm") or {}
    world.storm(0)  # the demo's world outlives the run (--home): leave it calm
    posts = invoke(["post", "list", "--limit", "1000"], careful.world_root).data or []
    operations = [op for op in careful.operations if op is not sweep]
    return {"fault_storm": {
        "rate": storm.get("rate"), "seed": storm.get("seed"), "requests": storm.get("draws", 0),
        "faults": fault_counts(careful.world_root / "requests.log"),
        "operations": len(operations),
        "completed": sum(op.outcome == "done" for op in operations),
        "stopped": [_stopped(op) for op in operations if op.outcome == "stopped"],
        "steps_ended_early": stopped_steps,
        "attempts_per_operation": dict(sorted(Counter(len(op.attempts) for op in operations).items())),
        "sandbox_hours_waited": round(sum(op.waited_seconds for op in careful.operations) / 3600, 2),
        "posts": dict(Counter(p["status"] for p in posts)),
        "unfinished_posts": [{"id": p["id"], "platform": p["platform"], "status": p["status"],
                              "error_kind": p["error_kind"], "resume": f"psn post retry {p['id']}"}
                             for p in posts if p["status"] not in SETTLED],
        "log": careful.report()["operations"],
    }}


def fault_counts(log: Path) -> dict[str, int]:
    """Faults the storm injected, by kind, from the sandbox's request log."""
    counts: Counter[str] = Counter()
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            found = NOTE.search(line)
            if found:
                counts[found.group(1)] += 1
    return dict(sorted(counts.items()))


def _stopped(op: Any) -> dict[str, Any]:
    return {"command": "psn " + " ".join(op.command), "expected": op.expect, "exit": op.code,
            "kind": op.kind or None, "records": op.records}


def render(result: dict[str, Any]) -> list[str]:
    """The end-of-run summary lines for a person."""
    from psn.cli.words import plain

    storm = result["fault_storm"]
    lines = [f"FAULT-STORM RUN (rate {storm['rate']:.0%}, seed {storm['seed']}): {storm['requests']} requests, "
             f"faults {plain(storm['faults'])}.",
             f"Operations: {storm['operations']}, completed {storm['completed']}, stopped {len(storm['stopped'])}; "
             f"attempts per operation {storm['attempts_per_operation']}; waited "
             f"{storm['sandbox_hours_waited']} h of sandbox time.",
             f"Posts: {plain(storm['posts'])}."]
    lines += [f"  stopped: {' '.join(s['command'].split())[:90]} → exit {s['exit']} {s['kind'] or ''} "
              f"(expected {s['expected']})" for s in storm["stopped"]]
    lines += [f"  unfinished post {p['id']} ({p['platform']}, {p['status']}, {p['error_kind']}): `{p['resume']}`"
              for p in storm["unfinished_posts"]]
    lines += [f"  step ended early: {title}" for title in storm["steps_ended_early"]]
    return lines

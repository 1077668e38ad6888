"""What a fault-storm demo run must show (issue 11), shared by the soak (tests/soak/test_fault_storm.py)
and its quick slice (tests/test_fault_storm_quick.py):

- every command ended with a known exit code (never 1: a traceback; never 130);
- nothing lost: each post the calm run made exists, and is published, on the platform, or failed in a
  state `psn post retry` resumes; no post is missing unless its step ended early (and says why);
- no duplicates: nothing on any emulator twice, and never more than the calm run made;
- retries bounded: the longest run of one request repeated after failures (from requests.log);
- no create re-sent blind: after a 5xx, timeout or dropped connection on a call that makes something
  visible, the same call is only sent again after psn looked on the platform (a GET there), or after
  the user checked and chose --force-step.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KNOWN_CODES = {0, 2, 3, 4, 5, 6}
VISIBLE_CREATES = {  # per emulator (WhatsApp is served by the Graph emulator, "facebook" in the log)
    "x": [r"^/2/tweets$"],
    "linkedin": [r"^/rest/posts$", r"^/rest/socialActions/.+/comments$"],
    "instagram": [r"/media_publish$", r"/replies$", r"/comments$"],
    "facebook": [r"/(feed|photos|videos|comments|messages)$"],
    "wordpress": [r"/wp/v2/(posts|pages|comments)$"],
    "tiktok": [r"^/v2/post/publish/content/init/$"],
}
"""Calls that make something people see. Uploads, containers and TikTok file inits are not: a second
one leaves an orphan nobody sees. The blog webhook is idempotent (the receiver dedupes webhook-id)."""
SETTLED = {"published", "scheduled", "draft", "cancelled", "missed"}
RESUMABLE = {"rate_limited", "platform_unavailable", "uncertain_outcome", "partial_success", "auth_expired",
             "container_gone", "not_authorised"}
LINE = re.compile(r"^(?P<at>\S+) (?P<platform>\S+) (?P<method>\S+) (?P<path>\S+) (?P<status>\d+)(?: (?P<note>\S+))?$")


@dataclass
class Request:
    index: int
    platform: str
    method: str
    path: str
    status: int
    note: str

    @property
    def failed(self) -> bool:
        return bool(self.note) or self.status in (0, 429) or self.status >= 500

    @property
    def key(self) -> tuple[str, str, str]:
        return self.platform, self.method, self.path


@dataclass
class Figures:
    seed: int
    seconds: float = 0.0
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    operations: int = 0
    completed: int = 0
    stopped: list[str] = field(default_factory=list)
    steps_ended_early: list[str] = field(default_factory=list)
    tries_per_operation: Counter[int] = field(default_factory=Counter)
    request_runs: Counter[int] = field(default_factory=Counter)
    creates_faulted: int = 0
    creates_resent_after_lookup: int = 0
    creates_resent_forced: int = 0
    creates_not_resent: int = 0
    posts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        runs = dict(sorted(self.request_runs.items()))
        tries = dict(sorted(self.tries_per_operation.items()))
        return (f"seed {self.seed}: {self.seconds:.0f} s, {self.requests} requests, faults {self.faults}; "
                f"{self.operations} operations, {self.completed} completed, {len(self.stopped)} stopped; "
                f"tries per operation {tries}; request attempts per logical call {runs}; "
                f"creates faulted {self.creates_faulted} (re-sent after a lookup {self.creates_resent_after_lookup}, "
                f"after --force-step {self.creates_resent_forced}, not re-sent {self.creates_not_resent}); "
                f"posts {self.posts}; problems {len(self.problems)}")


def parse_log(path: Path) -> list[Request]:
    out = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        found = LINE.match(line)
        assert found, f"unreadable request log line: {line!r}"
        out.append(Request(index, found["platform"], found["method"], found["path"], int(found["status"]),
                           found["note"] or ""))
    return out


def check(seed: int, result: dict[str, Any], world_root: Path, calm: dict[str, Any]) -> Figures:
    """All the checks for one storm run; `calm` is what the same steps made without a storm."""
    storm = result["fault_storm"]
    log = storm["log"]
    figures = Figures(seed, result["seconds"], storm["requests"], storm["faults"], storm["operations"],
                      storm["completed"], [s["command"] for s in storm["stopped"]], storm["steps_ended_early"])
    requests = parse_log(world_root / "requests.log")
    _codes(figures, log)
    _tries(figures, log)
    _runs(figures, requests, log)
    _creates(figures, requests, log)
    _records(figures, result, world_root, calm)
    return figures


def calm_snapshot(result: dict[str, Any], world_root: Path) -> dict[str, Any]:
    from psn.sandbox.inventory import creations
    from psn.sandbox.world import SandboxWorld

    return {"records": _records_of(world_root), "creations": {p: len(items) for p, items in
                                                                creations(SandboxWorld(world_root)).items()}}


def _codes(figures: Figures, log: list[dict[str, Any]]) -> None:
    for op in log:
        for attempt in op["attempts"]:
            if attempt["code"] not in KNOWN_CODES:
                figures.problems.append(f"`psn {' '.join(attempt['command'])}` exited {attempt['code']}")


def _tries(figures: Figures, log: list[dict[str, Any]]) -> None:
    """The command itself and each `psn post retry` it took (waits, reconnects and looks not counted)."""
    for op in log:
        tries = [a for a in op["attempts"] if a["command"] == op["command"] or a["command"][:2] == ["post", "retry"]]
        figures.tries_per_operation[len(tries)] += 1


def _runs(figures: Figures, requests: list[Request], log: list[dict[str, Any]]) -> None:
    for op in log:
        for attempt in op["attempts"]:
            first, last = attempt["requests"]
            figures.request_runs.update(run_lengths(requests[first:last]))
    if figures.request_runs and max(figures.request_runs) > 9:  # 3 attempts; the blog: 3 deliveries x 3
        figures.problems.append(f"a request was sent {max(figures.request_runs)} times in a row")


def run_lengths(requests: list[Request]) -> list[int]:
    """Within one command, the same request sent again right after it failed is one logical call."""
    lengths: list[int] = []
    for index, current in enumerate(requests):
        previous = requests[index - 1] if index else None
        if previous is not None and previous.key == current.key and previous.failed:
            lengths[-1] += 1
        else:
            lengths.append(1)
    return lengths


def _creates(figures: Figures, requests: list[Request], log: list[dict[str, Any]]) -> None:
    """A faulted visible create, and the next time the same post sends that same call."""
    subject = _subjects(log)
    forced = _forced_ranges(log)
    for index, request in enumerate(requests):
        kind = request.note.removeprefix("storm:")
        if not _visible_create(request) or not kind or kind.startswith("429"):
            continue
        figures.creates_faulted += 1
        again = next((r for r in requests[index + 1:]
                      if r.key == request.key and subject.get(r.index) == subject.get(index)), None)
        if again is None:
            figures.creates_not_resent += 1
            continue
        between = requests[index + 1:again.index]
        if any(first <= again.index < last for first, last in forced):
            figures.creates_resent_forced += 1
        elif any(r.platform == request.platform and (r.method == "GET" or "/status/" in r.path) for r in between):
            figures.creates_resent_after_lookup += 1
        else:
            figures.problems.append(f"{request.platform} {request.method} {request.path} re-sent blind after "
                                    f"{request.note} (log line {again.index + 1})")


def _subjects(log: list[dict[str, Any]]) -> dict[int, Any]:
    """Request log line → the post it was sent for: the record a `psn post retry ID` names, or the one
    record the demo command made (else the command itself)."""
    out: dict[int, Any] = {}
    for number, op in enumerate(log):
        own = ("record", op["records"][0]) if len(op["records"]) == 1 else ("command", number)
        for attempt in op["attempts"]:
            command = attempt["command"]
            who = ("record", int(command[2])) if command[:2] == ["post", "retry"] else own
            first, last = attempt["requests"]
            out.update({line: who for line in range(first, last)})
    return out


def _visible_create(request: Request) -> bool:
    return request.method == "POST" and any(re.search(p, request.path)
                                            for p in VISIBLE_CREATES.get(request.platform, []))


def _forced_ranges(log: list[dict[str, Any]]) -> list[tuple[int, int]]:
    return [tuple(a["requests"]) for op in log for a in op["attempts"] if "--force-step" in a["command"]]


def _records_of(world_root: Path) -> list[dict[str, Any]]:
    """`psn post list` in the demo's own home (world_root is <home>/data/sandbox-home/data/sandbox-world)."""
    from psn.cli.demo.careful import invoke
    from psn.cli.demo.runner import isolated_environment

    with isolated_environment(world_root.parents[3]):
        records = invoke(["post", "list", "--limit", "1000"], world_root).data
    assert records is not None, "psn post list failed in the demo's home"
    return records


def _records(figures: Figures, result: dict[str, Any], world_root: Path, calm: dict[str, Any]) -> None:
    from psn.sandbox.inventory import creations, duplicates, on_platform
    from psn.sandbox.world import SandboxWorld

    world = SandboxWorld(world_root)
    records = _records_of(world_root)
    figures.posts = dict(Counter(r["status"] for r in records))
    for platform, keys in duplicates(world).items():
        figures.problems.append(f"duplicate on {platform}: {keys}")
    for platform, items in creations(world).items():
        if len(items) > calm["creations"].get(platform, 0):
            figures.problems.append(f"{platform} holds {len(items)} items; the calm run made "
                                    f"{calm['creations'].get(platform, 0)}")
    made = Counter((r["platform"], r["text"]) for r in records)
    wanted = Counter((r["platform"], r["text"]) for r in calm["records"])
    for extra in made - wanted:
        figures.problems.append(f"a record the calm run does not have: {extra}")
    if not figures.steps_ended_early:
        for missing in wanted - made:
            figures.problems.append(f"lost: no record of {missing}")
    calm_states = {(r["platform"], r["text"], r["status"], r["error_kind"]) for r in calm["records"]}
    for row in records:
        settled = row["status"] in SETTLED or row["error_kind"] in RESUMABLE
        as_calm = (row["platform"], row["text"], row["status"], row["error_kind"]) in calm_states  # refused there too
        if not (settled or as_calm or on_platform(world, row["platform"], row["text"] or "")):
            figures.problems.append(f"post {row['id']} ({row['platform']}) is {row['status']}/{row['error_kind']}: "
                                    "neither published, on the platform, nor resumable")


def totals(all_figures: list[Figures]) -> str:
    faults: Counter[str] = Counter()
    tries: Counter[int] = Counter()
    runs: Counter[int] = Counter()
    for f in all_figures:
        faults.update(f.faults)
        tries.update(f.tries_per_operation)
        runs.update(f.request_runs)
    return (f"TOTAL over {len(all_figures)} seeds: {sum(f.requests for f in all_figures)} requests, "
            f"{sum(faults.values())} faults {dict(sorted(faults.items()))}; "
            f"{sum(f.operations for f in all_figures)} operations, {sum(f.completed for f in all_figures)} completed, "
            f"{sum(len(f.stopped) for f in all_figures)} stopped in a resumable state; "
            f"tries per operation {dict(sorted(tries.items()))} (max {max(tries, default=0)}); "
            f"request attempts per logical call {dict(sorted(runs.items()))} (max {max(runs, default=0)}); "
            f"visible creates faulted {sum(f.creates_faulted for f in all_figures)}: re-sent after a lookup "
            f"{sum(f.creates_resent_after_lookup for f in all_figures)}, after --force-step "
            f"{sum(f.creates_resent_forced for f in all_figures)}, blind "
            f"{sum(1 for f in all_figures for p in f.problems if 're-sent blind' in p)}; "
            f"duplicates {sum(1 for f in all_figures for p in f.problems if p.startswith('duplicate'))}; "
            f"lost {sum(1 for f in all_figures for p in f.problems if p.startswith('lost'))}; "
            f"problems {sum(len(f.problems) for f in all_figures)}")

"""The demo under a fault storm (`psn demo --faults 0.2`): a careful user at the keyboard.

When a command stops, this user does what psn's message says, and nothing riskier:
- rate limited: wait in sandbox time (`psn sandbox advance`) until the moment psn named, then go on;
- a publish that stopped (platform error, partial, uncertain): `psn post retry ID` on the record the
  command made, never the command again (re-running `psn post … --yes` records and sends a second
  post); `psn post status ID` shows where it stands;
- a token psn can no longer use: `psn setup PLATFORM` again, then carry on;
- anything else that failed for a passing reason (a read, a setting, a connection): run it again.
Every operation gets a bounded number of attempts. What could not finish is reported with the state
psn left it in, which `psn post list` shows and `psn post retry ID` resumes.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psn.cli import state

MAX_ATTEMPTS = 6
"""Tries of one command, or of `psn post retry` on one record (waits and reconnects not counted)."""
REPORTED = "reported_errors"
"""Not psn's: the careful user's name for an exit 0 whose output reports a failed part."""
PASSING = {"rate_limited", "platform_unavailable", "uncertain_outcome", "partial_success", "auth_expired",
           "container_gone", REPORTED}
"""Error kinds that say "try again" (later, or after reconnecting) rather than "this request is wrong";
`container_gone`'s hint is literally "`psn post retry` makes a new one"."""
SETTLED = {"published", "scheduled", "draft", "cancelled", "missed"}
SENDS_WITHOUT_RECORD = (("engage", "reply"), ("engage", "confirm"))
"""Commands that send something psn does not track as a post: repeated only when psn said nothing
went out (a rate limit or cooldown: the approval stays unused)."""
NEVER = (1, 130)
"""Exit codes a storm must never cause: an unexpected error (a traceback) or an interruption."""
FALLBACK_WAIT = 60.0
LONGEST_WAIT = 26 * 3600.0


@dataclass
class Result:
    code: int
    data: Any = None
    kind: str = ""
    message: str = ""
    retry_at: str | None = None
    platform: str = ""
    requests: tuple[int, int] = (0, 0)
    """The lines of the sandbox's requests.log this invocation added: [first, last)."""
    faulted: bool = False
    """The storm hit at least one of those requests."""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Operation:
    command: list[str]
    expect: int
    attempts: list[dict[str, Any]] = field(default_factory=list)
    outcome: str = "done"
    code: int = 0
    kind: str = ""
    records: list[int] = field(default_factory=list)
    waited_seconds: float = 0.0

    def report(self) -> dict[str, Any]:
        return {"command": self.command, "expect": self.expect, "outcome": self.outcome, "code": self.code,
                "kind": self.kind or None,
                "attempts": self.attempts, "records": self.records, "waited_seconds": round(self.waited_seconds)}


class CarefulUser:
    def __init__(self, world_root: Path, echo: bool) -> None:
        self.world_root = world_root
        self.echo = echo
        self.operations: list[Operation] = []

    # one demo command ------------------------------------------------------------------------

    def run(self, args: list[str], expect: int) -> Result:
        op = Operation(list(args), expect)
        self.operations.append(op)
        before = self.records()
        result = self.attempt(op, args)
        if not finished(result, expect):
            touched = [i for i, s in self.records().items() if s not in SETTLED and before.get(i) != s]
            if touched:
                result = self.resume_records(op, touched, result)
            elif self.may_repeat(args, result):
                result = self.repeat(op, args, result, expect)
        op.code, op.kind = result.code, result.kind
        op.outcome = "done" if finished(result, expect) else "stopped"
        if op.outcome == "stopped":
            self.say(f"stopped: exit {result.code} {result.kind} (expected {expect})")
        return result

    def may_repeat(self, args: list[str], result: Result) -> bool:
        if args[:1] == ["setup"] and result.kind in ("not_authorised", "not_configured"):
            return True  # psn's hint for a failed connection: check the details, run `psn setup` again
        if result.kind not in PASSING:
            return False
        if tuple(args[:2]) in SENDS_WITHOUT_RECORD:
            return result.kind == "rate_limited"
        return True

    def repeat(self, op: Operation, args: list[str], result: Result, expect: int) -> Result:
        tries, previous = 1, None
        while not finished(result, expect) and tries < MAX_ATTEMPTS and self.may_repeat(args, result):
            if stuck(result, previous):
                break
            previous = result
            self.recover_from(op, result, tries)
            result = self.attempt(op, args)
            tries += 1
        return result

    # records left unfinished ------------------------------------------------------------------

    def resume_records(self, op: Operation, ids: list[int], result: Result) -> Result:
        """`psn post retry ID` on each record the command left unfinished, until each settles."""
        op.records = sorted(ids)
        outcomes = [self.resume(op, content_id, result) for content_id in op.records]
        return next((o for o in outcomes if o.code != 0), outcomes[-1])

    def resume(self, op: Operation, content_id: int, result: Result) -> Result:
        """Retry one record until it settles, psn says the same thing twice, or the attempts run out.
        "Uncertain" twice running means psn looked on the platform and cannot tell: this user then looks
        too (as psn's hint asks) and, if the post is not there, retries once with --force-step."""
        tries, previous = 0, None
        while tries < MAX_ATTEMPTS and result.kind in PASSING:
            force = []  # only right after looking: a forced retry that fails again may have gone out
            if stuck(result, previous) or _uncertain_twice(result, previous):
                if result.kind != "uncertain_outcome" or not self.missing(content_id, op):
                    break
                force = ["--force-step"]
            previous = result
            self.recover_from(op, result, tries + 1)
            result = self.attempt(op, ["post", "retry", str(content_id), *force])
            tries += 1
            if result.code == 0:
                return result
        self.attempt(op, ["post", "status", str(content_id)])
        return result

    def missing(self, content_id: int, op: Operation) -> bool:
        """Is the post absent from the platform? This user reads the emulator the way a person reads
        their profile."""
        from psn.sandbox.inventory import on_platform
        from psn.sandbox.world import SandboxWorld

        record = self.attempt(op, ["post", "status", str(content_id)]).data
        if not record or not record.get("text") or record["platform"] == "whatsapp":
            return False  # a broadcast's messages are checked per contact, in the chats: left to the person
        return not on_platform(SandboxWorld(self.world_root), record["platform"], record["text"])

    def sweep(self) -> Operation:
        """At the end, like a user checking `psn post list`: resume whatever is still unfinished."""
        op = Operation(["post", "list", "--limit", "1000"], 0)
        self.operations.append(op)
        listed = self.attempt(op, op.command)
        for row in listed.data or []:
            if row["status"] not in SETTLED and row.get("error_kind") in PASSING | {None}:
                op.records.append(row["id"])
                self.resume(op, row["id"], Result(5 if row["error_kind"] == "rate_limited" else 4,
                                                  kind=row["error_kind"] or "platform_unavailable"))
        return op

    # what a careful user does before trying again ---------------------------------------------

    def recover_from(self, op: Operation, result: Result, tries: int = 1) -> None:
        if must_wait(result):
            self.wait_until(op, result.retry_at, FALLBACK_WAIT * 2 ** (tries - 1))
        for platform in reconnect(result):
            self.attempt(op, ["setup", platform])

    def wait_until(self, op: Operation, retry_at: str | None, fallback: float = FALLBACK_WAIT) -> None:
        now = self.world_now()
        seconds = fallback
        if retry_at:
            seconds = (datetime.fromisoformat(retry_at) - now).total_seconds() + 1
        seconds = min(max(seconds, 1.0), LONGEST_WAIT)
        op.waited_seconds += seconds
        self.attempt(op, ["sandbox", "advance", f"{int(seconds + 0.999)}s"])

    # running psn --------------------------------------------------------------------------------

    def attempt(self, op: Operation, args: list[str]) -> Result:
        result = invoke(args, self.world_root)
        if result.code in NEVER:
            from psn.cli.demo.runner import DemoStepFailed

            raise DemoStepFailed(f"`psn {' '.join(args)}` exited {result.code} under the storm: {result.message}")
        op.attempts.append({"command": args, "code": result.code, "kind": result.kind or None,
                            "requests": list(result.requests)})
        self.say(f"$ psn {' '.join(_quote(a) for a in args)}  → " + ("ok" if result.code == 0 else
                 f"exit {result.code} {result.kind}: {result.message[:140]}"))
        return result

    def records(self) -> dict[int, str]:
        result = invoke(["post", "list", "--limit", "1000"], self.world_root)
        return {row["id"]: row["status"] for row in result.data or []}

    def world_now(self) -> datetime:
        from psn.sandbox.world import SandboxWorld

        return SandboxWorld(self.world_root).now()

    def say(self, text: str) -> None:
        if self.echo:
            from psn.cli.output import console

            console().print(f"[magenta]  storm ▸[/] {text}", markup=True, highlight=False)

    def report(self) -> dict[str, Any]:
        return {"operations": [op.report() for op in self.operations]}


def reconnect(result: Result) -> list[str]:
    """Platforms psn says must be connected again, in the error or in one part of a partial answer."""
    named = [result.platform] if result.kind == "auth_expired" and result.platform else []
    parts = result.details.get("platforms") or []
    return named + [p["platform"] for p in parts if isinstance(p, dict) and p.get("error_kind") == "auth_expired"]


def finished(result: Result, expect: int) -> bool:
    """The command ended as the demo expects, and did not report a failed part inside a success."""
    return result.code == expect and not (expect == 0 and result.kind)


def _uncertain_twice(result: Result, previous: Result | None) -> bool:
    """Uncertain again with no new fault: psn looked on the platform and still cannot tell."""
    return previous is not None and result.kind == previous.kind == "uncertain_outcome" and not result.faulted


def must_wait(result: Result) -> bool:
    """Rate limited, or "try again later" in a part of the answer: wait (psn's time, else 1, 2, 4… min)."""
    parts = result.details.get("platforms") or []
    return (result.kind in ("rate_limited", REPORTED)
            or any(isinstance(p, dict) and p.get("error_kind") == "rate_limited" for p in parts))


def stuck(result: Result, previous: Result | None) -> bool:
    """psn answered exactly as last time, without a new fault in between: it reached its own conclusion
    (it cannot check, a contact stays uncertain) and retrying again would not help. A wait is progress."""
    return (previous is not None and not must_wait(result) and not result.faulted
            and (result.code, result.kind, result.message) == (previous.code, previous.kind, previous.message))


def run_quietly(args: list[str]) -> tuple[int, str]:
    """`psn --sandbox --json ARGS` in-process: its exit code and its stdout (one JSON document);
    the demo's own CLI state is restored afterwards."""
    from psn.cli.app import main

    saved, sink = state.current(), io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
            code = main(["--sandbox", "--json", *args])
    finally:
        state._current = saved
    return code, sink.getvalue()


def invoke(args: list[str], world_root: Path) -> Result:
    """One psn command, in-process, with --json; its exit code, data or error, and its requests."""
    log = world_root / "requests.log"
    first = _lines(log)
    code, out = run_quietly(args)
    added = _read_lines(log)[first:]
    result = Result(code, requests=(first, first + len(added)), faulted=any(" storm:" in line for line in added))
    try:
        payload = json.loads(out)
    except ValueError:
        return result
    if payload.get("ok"):
        result.data = payload.get("data")
        reported = _reported_errors(result.data)
        if reported:  # exit 0, but the output says a part failed (e.g. one source of `engage monitor`)
            result.kind, result.message = REPORTED, "; ".join(reported)
        return result
    error = payload.get("error") or {}
    details = error.get("details") or {}
    result.kind, result.message, result.details = error.get("kind", ""), error.get("message", ""), details
    result.retry_at, result.platform = details.get("retry_at"), details.get("platform", "")
    return result


def _reported_errors(data: Any) -> list[str]:
    """Errors a command reported inside a successful answer (`{"conversations_error": "…"}`)."""
    if isinstance(data, list):
        return [e for item in data for e in _reported_errors(item)]
    if not isinstance(data, dict):
        return []
    found = [f"{k}: {v}" for k, v in data.items() if k.endswith("_error") and v]
    return found + [e for value in data.values() for e in _reported_errors(value)]


def _lines(path: Path) -> int:
    return len(_read_lines(path))


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg

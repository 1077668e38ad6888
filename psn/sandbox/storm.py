"""Fault storms (issue 11): a seeded share of all requests fails the way platforms fail.

`SandboxWorld.storm(rate, seed, kinds)` keeps the storm next to the fault rules, so every process
sharing the world (the CLI, `psn sandbox serve`, the daemon) sees the same storm. Each request
draws once from a generator seeded with (seed, request number): the same seed and the same
sequence of requests give the same storm. A drawn fault is one of

- `429`: the platform's own rate-limit answer (`Emulator.rate_limited`) with its reset signal. The
  limit holds: every request to that endpoint gets the same answer until the limit lifts in world
  time, so a client that does not wait keeps failing, as it would on the real platform;
- `5xx`: 500/502/503/504, before the platform acts, or after it acted (a gateway lost the answer);
- `timeout` / `drop`: before the platform acts (nothing happened) or after (it happened, the answer
  was lost). A client cannot tell the two apart, which is the point.

OAuth authorize pages are never stormed: in real life they are the creator's browser approving
the app, not a call psn makes or retries (a person reloads the page). Storming them would only
make `psn setup` fail in ways that exist in the sandbox alone. The token exchange behind them,
which psn does call, is stormed like everything else.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from typing import Any

KINDS = ("429", "5xx", "timeout", "drop")
SERVER_ERRORS = (500, 502, 503, 504)
AUTHORIZE_PAGE = re.compile(r"/(authorize|authorization|dialog/oauth)/?$")
_IDS = re.compile(r"/[^/]*\d[^/]*")


def settings(rate: float, seed: int, kinds: tuple[str, ...] | list[str] = KINDS) -> dict[str, Any]:
    """A new storm (validated); stored in the world's fault document under "storm"."""
    if not 0 < rate <= 1:
        raise ValueError(f"storm rate must be in (0, 1], not {rate}")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown or not kinds:
        raise ValueError(f"storm kinds must be some of {', '.join(KINDS)}; got {', '.join(unknown) or 'none'}")
    return {"rate": rate, "seed": seed, "kinds": [k for k in KINDS if k in kinds], "draws": 0, "holds": {}}


def exempt(method: str, path: str) -> bool:
    return method == "GET" and AUTHORIZE_PAGE.search(path) is not None


def hold_key(platform: str, method: str, path: str) -> str:
    """Rate limits hold per endpoint: ids in the path are one endpoint (`/2/media/upload/{id}/append`)."""
    return f"{platform} {method} {_IDS.sub('/{id}', path)}"


def draw(storm: dict[str, Any], platform: str, method: str, path: str, now: datetime) -> dict[str, Any] | None:
    """The fault this request meets, as a fault rule (see `SandboxWorld.inject`), or None."""
    if exempt(method, path):
        return None
    key = hold_key(platform, method, path)
    lifts = storm["holds"].get(key)
    if lifts and now < datetime.fromisoformat(lifts):
        return _rule("rate_limited", 429, after=False, note="storm:429-held", lifts=lifts)
    storm["holds"].pop(key, None)
    number = storm["draws"]
    storm["draws"] = number + 1
    rng = random.Random(f"{storm['seed']}:{number}")  # noqa: S311 — reproducible faults, not secrets
    if rng.random() >= storm["rate"]:
        return None
    kind = rng.choice(storm["kinds"])
    if kind == "429":  # never "after": a 429 means the platform did not act
        return _rule("rate_limited", 429, after=False, note="storm:429", draw=f"{storm['seed']}:{number}:lifts",
                     hold=key)
    after = rng.random() < 0.5
    note = f"storm:{kind}" + ("-after" if after else "")
    if kind == "5xx":
        return _rule("status", rng.choice(SERVER_ERRORS), after=after, note=note,
                     body={"error": "sandbox storm: the platform is having trouble"})
    return _rule(kind, 0, after=after, note=note)


def _rule(kind: str, status: int, *, after: bool, note: str, body: Any = None, **extra: Any) -> dict[str, Any]:
    return {"platform": "*", "path": "", "method": "", "status": status, "kind": kind, "times": 0, "headers": {},
            "body": body, "after": after, "note": note, **extra}


def lifts_for(rule: dict[str, Any], emulator: Any, request: Any) -> datetime | None:
    """When a drawn 429 lifts: the platform decides (its own window), from the rule's seeded draw."""
    if rule.get("lifts"):
        return datetime.fromisoformat(rule["lifts"])
    if "draw" not in rule:
        return None
    return emulator.rate_limit_lifts(request, random.Random(rule["draw"]))  # noqa: S311 — reproducible


def hold(storm: dict[str, Any], key: str, lifts: datetime) -> None:
    storm["holds"][key] = lifts.isoformat()


def summary(storm: dict[str, Any] | None) -> dict[str, Any] | None:
    if not storm:
        return None
    return {"rate": storm["rate"], "seed": storm["seed"], "kinds": storm["kinds"], "draws": storm["draws"],
            "held_limits": len(storm["holds"])}

"""Base class of the platform emulators: routing, JSON helpers, ids, the shared world."""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx

from psn.sandbox.world import SandboxWorld

Handler = Callable[["EmuRequest"], httpx.Response]


@dataclass
class EmuRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: httpx.Headers
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    external_base: str = ""
    """The scheme://host[:port][/prefix] the client used, for URLs the emulator hands out."""

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}

    def bearer(self) -> str:
        value = self.headers.get("authorization", "")
        return value[7:] if value.lower().startswith("bearer ") else ""


class Emulator:
    """Subclasses set `platform`, `hosts`, and register routes in `routes()`."""

    platform = ""
    hosts: tuple[str, ...] = ()

    def __init__(self, world: SandboxWorld) -> None:
        self.world = world
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.routes()

    def routes(self) -> None:
        raise NotImplementedError

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method.upper(), re.compile(f"^{pattern}$"), handler))

    def handle(self, request: EmuRequest) -> httpx.Response:
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                request.params = match.groupdict()
                return handler(request)
        return self.not_found(request)

    def not_found(self, request: EmuRequest) -> httpx.Response:
        return json_response(404, {"error": f"sandbox {self.platform}: no route {request.method} {request.path}"})

    # rate limits (the fault storm asks each platform for its own answer) ---------------------

    def rate_limit_lifts(self, request: EmuRequest, rng: random.Random) -> datetime:
        """When a rate limit imposed now would lift. The base: a short window (1-120 s);
        platforms with fixed windows (LinkedIn's UTC day, X's 15 minutes) override it."""
        return self.now() + timedelta(seconds=rng.randint(1, 120))

    def rate_limited(self, request: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """This platform's own "too many requests" answer for a limit that lifts at `lifts`
        (world time). The base is the generic one: HTTP 429 with Retry-After in seconds, which is
        what a WordPress host or a webhook receiver sends (contracts §5.7, §6.2)."""
        return json_response(429, {"error": "rate_limited", "message": "Too many requests."},
                             {"Retry-After": str(self.seconds_until(lifts))})

    def error_answer(self, status: int, request: EmuRequest) -> httpx.Response | None:
        """This platform's documented error body for `status` (the `error_bodies` shape), or None
        where the emulator has no format of its own (the injected fault's generic body then)."""
        return None

    def seconds_until(self, lifts: datetime | None, default: int = 60) -> int:
        if lifts is None:
            return default
        return max(1, math.ceil((lifts - self.now()).total_seconds()))

    # helpers ---------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.world.now()

    def mint(self, prefix: str, randomness: str) -> str:
        """A token, code or signature: its prefix, the world's token marker (tests), the randomness."""
        return prefix + self.world.token_marker() + randomness

    def next_id(self, state: dict[str, Any], counter: str, start: int = 1) -> int:
        value = state.get("_counters", {}).get(counter, start)
        state.setdefault("_counters", {})[counter] = value + 1
        return value


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers or {})


def empty_response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=b"", headers=headers or {})

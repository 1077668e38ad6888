"""A one-route emulator that counts the posts it was asked to create (buffered and streamed), for
the sandbox's own fault tests."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, json_response
from psn.sandbox.world import SandboxWorld


class Counter(Emulator):
    platform = "counter"
    hosts = ("api.counter.test",)

    def routes(self) -> None:
        self.route("POST", "/posts", self.create)

    def create(self, request: EmuRequest) -> httpx.Response:
        return self._count()

    def _count(self) -> httpx.Response:
        with self.world.state("counter") as state:
            state["posts"] = state.get("posts", 0) + 1
        return json_response(201, {"ok": True})

    def stream_handler(self, method: str, path: str):  # type: ignore[no-untyped-def]
        return self.upload if (method, path) == ("PUT", "/upload") else None

    def upload(self, request: EmuRequest, pieces: Iterable[bytes]) -> httpx.Response:
        for _ in pieces:
            pass
        return self._count()


def posts(world: SandboxWorld) -> int:
    return world.read("counter").get("posts", 0)

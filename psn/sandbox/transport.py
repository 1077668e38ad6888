"""Route httpx requests to emulators by host: in-process (MockTransport) for tests and --sandbox,
or through the loopback server, where the original host is the first path segment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from psn.sandbox.catalog import load_emulators
from psn.sandbox.emulator import Emulator, EmuRequest
from psn.sandbox.kill import kill_client
from psn.sandbox.world import SandboxWorld


class SandboxTransport(httpx.BaseTransport):
    def __init__(self, world: SandboxWorld, emulators: dict[str, Emulator] | None = None) -> None:
        self.world = world
        self.emulators = emulators if emulators is not None else load_emulators(world)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        emulator = self.emulators.get(host)
        if emulator is None:
            return httpx.Response(502, json={"error": f"sandbox: no emulator for host {host}"})
        base = f"{request.url.scheme}://{request.url.netloc.decode()}"
        return dispatch(self.world, emulator, request, request.url.path, base)


def dispatch(world: SandboxWorld, emulator: Emulator, request: httpx.Request, path: str, base: str) -> httpx.Response:
    method = request.method.upper()
    fault = world.take_fault(emulator.platform, method, path)
    query = {k: v for k, v in request.url.params.multi_items()}
    if fault and not fault.get("after"):
        refused = EmuRequest(method, path, query, request.headers, b"", external_base=base)
        answer = refusal(world, emulator, fault, refused)
        status = answer.status_code if answer is not None else fault["status"]
        world.log_request(emulator.platform, method, path, status, fault.get("note", ""))
        return fail(fault, request, answer)
    streamed = stream_handler(emulator, method, path)
    if streamed is not None:  # a large upload: hand the body over piece by piece, never joined
        response = streamed(EmuRequest(method, path, query, request.headers, b"", external_base=base), request.stream)
    else:
        emu_request = EmuRequest(method, path, query, request.headers, request.read(), external_base=base)
        response = emulator.handle(emu_request)
    world.log_request(emulator.platform, method, path, response.status_code, fault.get("note", "") if fault else "")
    if fault:  # the platform acted; its answer is lost on the way back
        return fail(fault, request)
    return response


def refusal(world: SandboxWorld, emulator: Emulator, fault: dict, request: EmuRequest) -> httpx.Response | None:
    """A stormed 429 in the platform's own words; the limit then holds until it lifts (psn/sandbox/storm.py).
    With the `error_bodies` shape on, an injected status without a body of its own is answered in the
    platform's documented error format too."""
    if fault["kind"] == "status" and not fault.get("body") and "error_bodies" in world.shapes(emulator.platform):
        answer = emulator.error_answer(fault["status"], request)
        if answer is not None:
            answer.headers.update(fault.get("headers") or {})
        return answer
    if fault["kind"] != "rate_limited":
        return None
    from psn.sandbox import storm

    lifts = storm.lifts_for(fault, emulator, request)
    if fault.get("hold") and lifts is not None:
        world.hold_rate_limit(fault["hold"], lifts)
    return emulator.rate_limited(request, lifts)


def fail(fault: dict, request: httpx.Request, answer: httpx.Response | None = None) -> httpx.Response:
    """Raise the transport error an injected fault stands for, or return its error response."""
    if fault["kind"] == "kill":  # the client dies mid-request; the connection is then dropped
        kill_client(fault.get("pid_file", ""))
        raise httpx.RemoteProtocolError("sandbox: killed the client", request=request)
    if fault["kind"] == "timeout":
        raise httpx.ReadTimeout("sandbox: injected timeout", request=request)
    if fault["kind"] == "drop":
        raise httpx.RemoteProtocolError("sandbox: injected dropped connection", request=request)
    if fault["kind"] == "connect":
        raise httpx.ConnectError("sandbox: injected connection refused", request=request)
    if answer is not None:
        return answer
    return httpx.Response(fault["status"], json=fault["body"] or {"error": "injected"}, headers=fault["headers"])


def stream_handler(emulator: Emulator | None, method: str, path: str) -> Callable[..., httpx.Response] | None:
    """The emulator's handler for a body it wants as a stream (`emulator.stream_handler`), if any."""
    finder = getattr(emulator, "stream_handler", None)
    return finder(method, path) if finder else None


class LoopbackTransport(httpx.HTTPTransport):
    """Real HTTP to a running `psn sandbox serve` (PSN_SANDBOX_URL): every request to another host goes
    to the server with that host first in its path, and its scheme in X-Forwarded-Proto. This covers
    hosts psn only learns at run time (a WordPress site, its discovered API root), which cannot be
    rewritten in advance like the platforms' fixed URLs."""

    def __init__(self, server_url: str) -> None:
        super().__init__()
        self.server = httpx.URL(server_url.rstrip("/"))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if (url.host, url.port) != (self.server.host, self.server.port):
            path = f"{self.server.raw_path.decode().rstrip('/')}/{url.host}{url.raw_path.decode()}"
            request.url = self.server.copy_with(raw_path=path.encode())
            request.headers["Host"] = self.server.netloc.decode()
            request.headers["X-Forwarded-Proto"] = url.scheme
        return super().handle_request(request)


def sandbox_transport(sandbox_dir: Path) -> SandboxTransport:
    return SandboxTransport(SandboxWorld(sandbox_dir))

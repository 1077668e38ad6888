"""`psn sandbox serve`: the emulators over real HTTP on 127.0.0.1.

A request for https://api.x.com/2/tweets arrives as http://127.0.0.1:PORT/api.x.com/2/tweets;
psn rewrites every platform URL that way when PSN_SANDBOX_URL is set.

Large bodies (video chunks of up to 128 MB, or a whole file from `curl -T`) are not buffered when
the emulator asks for them as a stream (`emulator.stream_handler(method, path)`): they are read
and handed over one piece at a time, so the server's memory does not grow with the upload.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest
from psn.sandbox.kill import kill_client
from psn.sandbox.transport import dispatch, load_emulators, refusal, stream_handler
from psn.sandbox.world import SandboxWorld

PIECE_BYTES = 1024 * 1024


def make_server(world: SandboxWorld, port: int = 0, emulators: dict[str, Emulator] | None = None,
                ) -> ThreadingHTTPServer:
    """`emulators` (host → emulator) defaults to every registered platform's."""
    emulators = emulators if emulators is not None else load_emulators(world)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # a reply's headers and body go in two writes: do not hold the second

        def _serve(self) -> None:
            host, _, rest = self.path.lstrip("/").partition("/")
            emulator = emulators.get(host)
            length = int(self.headers.get("Content-Length") or 0)
            local = f"http://127.0.0.1:{self.server.server_address[1]}/{host}"
            path = "/" + rest.split("?", 1)[0]
            streamed = stream_handler(emulator, self.command, path)
            if streamed is not None and emulator is not None:
                self._serve_streamed(emulator, streamed, path, rest, local, length)
                return
            body = self.rfile.read(length) if length else b""
            if emulator is None:
                self._reply(httpx.Response(502, json={"error": f"sandbox: no emulator for host {host}"}))
                return
            request = httpx.Request(self.command, f"{local}/{rest}", headers=dict(self.headers.items()), content=body)
            try:
                response = dispatch(world, emulator, request, path, local)
            except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ConnectError):
                self.close_connection = True  # an injected timeout/drop: hang up without answering
                return
            self._reply(response)

        def _serve_streamed(self, emulator: Emulator, handler: Callable[..., httpx.Response], path: str, rest: str,
                            local: str, length: int) -> None:
            fault = world.take_fault(emulator.platform, self.command, path)
            query = dict(parse_qsl(rest.partition("?")[2], keep_blank_values=True))
            request = EmuRequest(self.command, path, query, httpx.Headers(dict(self.headers.items())), b"",
                                 external_base=local)
            if fault and not fault.get("after"):
                self._drain(self._pieces(length))
                answer = refusal(world, emulator, fault, request)
                world.log_request(emulator.platform, self.command, path,
                                  answer.status_code if answer is not None else fault["status"], fault.get("note", ""))
                if fault["kind"] not in ("status", "rate_limited"):
                    self._hang_up(fault)
                    return
                self._reply(answer or httpx.Response(fault["status"], json=fault["body"] or {"error": "injected"},
                                                     headers=fault["headers"]))
                return
            pieces = self._pieces(length)
            response = handler(request, pieces)
            self._drain(pieces)  # whatever the handler left unread, so the connection stays usable
            world.log_request(emulator.platform, self.command, path, response.status_code,
                              fault.get("note", "") if fault else "")
            if fault:  # the platform acted; its answer is lost on the way back
                self._hang_up(fault)
                return
            self._reply(response)

        def _hang_up(self, fault: dict[str, Any]) -> None:
            """An injected timeout, drop or kill: (kill the client, then) close without answering."""
            if fault["kind"] == "kill":
                kill_client(fault.get("pid_file", ""))
            self.close_connection = True

        def _pieces(self, length: int) -> Iterator[bytes]:
            remaining = length
            while remaining > 0:
                piece = self.rfile.read(min(PIECE_BYTES, remaining))
                if not piece:
                    return
                remaining -= len(piece)
                yield piece

        @staticmethod
        def _drain(pieces: Iterator[bytes]) -> None:
            for _ in pieces:
                pass

        def _reply(self, response: httpx.Response) -> None:
            content = response.read()
            self.send_response(response.status_code)
            for key, value in response.headers.items():
                if key.lower() not in {"content-length", "transfer-encoding", "connection"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, *args: Any) -> None:
            return

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def serve_in_thread(world: SandboxWorld, port: int = 0, emulators: dict[str, Emulator] | None = None,
                    ) -> tuple[ThreadingHTTPServer, str]:
    """For tests and benchmarks: start the server in a daemon thread; returns (server, base URL)."""
    server = make_server(world, port, emulators)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

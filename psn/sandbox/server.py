"""`psn sandbox serve`: the emulators over real HTTP on 127.0.0.1.

A request for https://api.x.com/2/tweets arrives as http://127.0.0.1:PORT/api.x.com/2/tweets;
psn rewrites every platform URL that way when PSN_SANDBOX_URL is set.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from psn.sandbox.transport import dispatch, load_emulators
from psn.sandbox.world import SandboxWorld


def make_server(world: SandboxWorld, port: int = 0) -> ThreadingHTTPServer:
    emulators = load_emulators(world)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            host, _, rest = self.path.lstrip("/").partition("/")
            emulator = emulators.get(host)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if emulator is None:
                self._reply(httpx.Response(502, json={"error": f"sandbox: no emulator for host {host}"}))
                return
            local = f"http://127.0.0.1:{self.server.server_address[1]}/{host}"
            request = httpx.Request(self.command, f"{local}/{rest}", headers=dict(self.headers.items()), content=body)
            path = "/" + rest.split("?", 1)[0]
            try:
                response = dispatch(world, emulator, request, path, local)
            except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ConnectError):
                self.close_connection = True  # an injected timeout/drop: hang up without answering
                return
            self._reply(response)

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


def serve_in_thread(world: SandboxWorld, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """For tests and benchmarks: start the server in a daemon thread; returns (server, base URL)."""
    server = make_server(world, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

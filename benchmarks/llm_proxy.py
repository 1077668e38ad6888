"""A fault proxy in front of a real OpenAI-compatible server, for `make llm-check`: it forwards
each request untouched, or, as told (`proxy.mode`), fails the way servers and proxies do — a 500,
a 200 that carries {"error": …}, prose instead of the JSON asked for, or a hang-up mid-answer.
A real llama.cpp server cannot be asked to do these on demand; everything else is the real one.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PROSE = "Sure! Here is what I think about that: it is a good idea and people will like it."
ERROR = {"error": {"code": 500, "message": "llama_decode returned -1 (injected by llm-check)", "type": "server_error"}}


@dataclass
class Proxy:
    upstream: str
    url: str = ""
    mode: str = "pass"  # pass | server_error | error_in_200 | prose | hang_up


def _forward(proxy: Proxy, path: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(proxy.upstream + path, data=body, method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=600) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def _prose(answer: bytes) -> bytes:
    data = json.loads(answer)
    for choice in data.get("choices") or []:
        choice["message"]["content"] = PROSE
    return json.dumps(data).encode()


@contextmanager
def fault_proxy(upstream: str) -> Iterator[Proxy]:
    proxy = Proxy(upstream.rstrip("/"))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            mode = proxy.mode
            if mode in ("server_error", "error_in_200"):
                status, data = (500 if mode == "server_error" else 200), json.dumps(ERROR).encode()
            else:
                status, data = _forward(proxy, self.path, body)
                data = _prose(data) if mode == "prose" and status == 200 else data
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if mode == "hang_up" else data)
            self.close_connection = mode == "hang_up"

        def log_message(self, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    proxy.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield proxy
    finally:
        httpd.shutdown()
        httpd.server_close()

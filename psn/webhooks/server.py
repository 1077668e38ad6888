"""`psn webhooks serve`: a stdlib HTTP server (127.0.0.1 by default) in front of the Receiver."""

from __future__ import annotations

from email.message import Message
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

from psn.webhooks.receiver import MAX_BODY, Receiver, dumps

READ_TIMEOUT_S = 10.0  # a client that stops sending mid-request must not hold the (single-threaded) server


def joined_headers(message: Message) -> dict[str, str]:
    """Header name (lower case) → value; a repeated header keeps every value, comma-joined (RFC 9110),
    so two signature headers never let the receiver pick the one it likes: the joined value matches none."""
    headers: dict[str, str] = {}
    for name, value in message.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def make_server(receiver: Receiver, host: str = "127.0.0.1", port: int = 8790,
                read_timeout: float = READ_TIMEOUT_S) -> HTTPServer:
    class Handler(BaseHTTPRequestHandler):
        timeout = read_timeout  # socket timeout: BaseHTTPRequestHandler drops the connection when it expires

        def _answer(self, method: str) -> None:
            url = urlsplit(self.path)
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = MAX_BODY + 1
            # Never read an oversized body: the receiver refuses it from the declared length.
            body = self.rfile.read(length) if method == "POST" and 0 < length <= MAX_BODY else b""
            reply = receiver.handle(method, url.path, joined_headers(self.headers), dict(parse_qsl(url.query)),
                                    body, length)
            payload = dumps(reply)
            self.send_response(reply.status)
            self.send_header("Content-Type", "text/plain" if reply.text is not None else "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def parse_request(self) -> bool:
            if not super().parse_request():
                return False  # a broken request line or headers: the stdlib has answered 400
            # Every method reaches the receiver (405 for all but GET and POST), never the stdlib's 501.
            self._answer(self.command)
            return False  # answered: nothing left for the do_* dispatch

        def log_message(self, format: str, *args: object) -> None:
            pass  # query strings carry verify tokens: keep them out of stderr

    return HTTPServer((host, port), Handler)

"""A tiny language-model server on 127.0.0.1 for tests: it speaks OpenAI's `/v1/chat/completions`
and Anthropic's `/v1/messages`, records every request body, and answers as told (`server.mode`).

    with llm_server() as server:          # server.url = "http://127.0.0.1:PORT"
        server.mode = "refuse_key"        # ok | refuse_key | unknown_model | down
        ... server.requests[-1]["body"]["model"]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY = "OK"


@dataclass
class LLMServer:
    url: str = ""
    mode: str = "ok"
    reply: str = REPLY
    requests: list[dict[str, Any]] = field(default_factory=list)

    def models(self) -> list[str]:
        return [r["body"].get("model") for r in self.requests]


def _answer(server: LLMServer, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    model = body.get("model", "")
    if server.mode == "refuse_key":
        return 401, {"error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    if server.mode == "unknown_model":
        return 404, {"error": {"type": "not_found_error", "message": f"model: {model} does not exist"}}
    if server.mode == "down":
        return 503, {"error": {"message": "overloaded"}}
    if path.endswith("/messages"):
        return 200, {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                     "content": [{"type": "text", "text": server.reply}], "stop_reason": "end_turn",
                     "usage": {"input_tokens": 12, "output_tokens": 1}}
    return 200, {"id": "chat_1", "model": model, "choices": [
        {"index": 0, "message": {"role": "assistant", "content": server.reply}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 1}}


@contextmanager
def llm_server() -> Iterator[LLMServer]:
    server = LLMServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            status, answer = _answer(server, self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()

"""A tiny language-model server on 127.0.0.1 for tests: it speaks OpenAI's `/v1/chat/completions`
and Anthropic's `/v1/messages`, records every request body, and answers as told (`server.mode`).

    with llm_server() as server:          # server.url = "http://127.0.0.1:PORT"
        server.mode = "refuse_key"        # see MODES
        server.script = ["drop", "ok"]    # one mode per request, then `mode` again
        ... server.requests[-1]["body"]["model"]

The failure modes are the ones a real local server (llama.cpp, Ollama) shows: a connection dropped
mid-answer, a slow answer, a 500, a 200 that carries {"error": …}, prose instead of the JSON asked
for, and an answer that repeats the prompt's own placeholders and instructions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REPLY = "OK"
PROSE = "Sure! Here are some thoughts on that post: it is a great point and I agree with it."
ECHO_OPTIONS = json.dumps({"options": ["first reply", "second reply"]})
ECHO_POST = json.dumps({"text": "The creator wants it in JSON format only, with the text and the hashtags.",
                        "hashtags": []})
SERVER_ERROR = "llama_decode returned -1: failed to decode the batch"
MODES = ("ok", "refuse_key", "unknown_model", "down", "server_error", "error_in_200", "drop", "slow", "prose",
         "echo_options", "echo_post")


@dataclass
class LLMServer:
    url: str = ""
    mode: str = "ok"
    reply: str = REPLY
    script: list[str] = field(default_factory=list)
    delay: float = 0.0
    """Seconds a `slow` answer waits before it is sent."""
    requests: list[dict[str, Any]] = field(default_factory=list)

    def models(self) -> list[str]:
        return [r["body"].get("model") for r in self.requests]

    def next_mode(self) -> str:
        return self.script.pop(0) if self.script else self.mode


def _answer(server: LLMServer, mode: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    model = body.get("model", "")
    if mode == "refuse_key":
        return 401, {"error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    if mode == "unknown_model":
        return 404, {"error": {"type": "not_found_error", "message": f"model: {model} does not exist"}}
    if mode == "down":
        return 503, {"error": {"message": "overloaded"}}
    if mode == "server_error":
        return 500, {"error": {"code": 500, "message": SERVER_ERROR, "type": "server_error"}}
    if mode == "error_in_200":
        return 200, {"error": {"code": 500, "message": SERVER_ERROR, "type": "server_error"}}
    text = {"prose": PROSE, "echo_options": ECHO_OPTIONS, "echo_post": ECHO_POST}.get(mode, server.reply)
    if path.endswith("/messages"):
        return 200, {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                     "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                     "usage": {"input_tokens": 12, "output_tokens": 1}}
    return 200, {"id": "chat_1", "model": model, "choices": [
        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 1}}


@contextmanager
def llm_server() -> Iterator[LLMServer]:
    server = LLMServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            mode = server.next_mode()
            if mode == "slow":
                time.sleep(server.delay)
            status, answer = _answer(server, mode, self.path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            if mode == "drop":  # killed mid-answer: half the body, then the connection closes
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # quiet
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True  # a slow answer never holds up the end of a test
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()

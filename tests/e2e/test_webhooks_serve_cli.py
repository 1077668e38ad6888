"""`psn webhooks serve` as a person runs it: secrets stored with `psn webhooks secret`, the real
receiver process listening on 127.0.0.1, signed deliveries from X, Instagram and a Facebook Page
accepted once (a replay is acknowledged, not stored again), a forged one refused, and each stored
delivery in `psn events`."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.journeys.terminal import journey_env, psn_executable
from tests.webhooks.support import SECRET, signed, valid_body

PLATFORMS = ("x", "instagram", "facebook")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def send(port: int, platform: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", f"/webhooks/{platform}", body=body, headers={**headers, "Content-Type":
                                                                             "application/json"})
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        except ConnectionRefusedError:  # still starting
            assert time.monotonic() < deadline, "psn webhooks serve never listened"
            time.sleep(0.2)


@pytest.fixture
def serving(tmp_path: Path):  # type: ignore[no-untyped-def]
    home, port = tmp_path / "psn-home", free_port()
    env = journey_env(home, {"PSN_SANDBOX": "1"})
    for platform in PLATFORMS:
        stored = subprocess.run([psn_executable(), "webhooks", "secret", platform], input=SECRET, env=env,
                                capture_output=True, text=True, timeout=60)
        assert stored.returncode == 0, stored.stderr
    server = subprocess.Popen([psn_executable(), "webhooks", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    yield port, env
    server.terminate()
    server.wait(timeout=30)


def test_signed_deliveries_are_stored_once_and_forged_ones_refused(serving):
    port, env = serving
    for platform in PLATFORMS:
        body = valid_body(platform)
        status, reply = send(port, platform, body, signed(platform, body))
        assert status == 200 and "duplicate" not in reply, (platform, reply)  # accepted (events on psn's posts count)
        assert send(port, platform, body, signed(platform, body)) == (200, {"duplicate": True, "stored": 0})
        forged = valid_body(platform, n=2)
        assert send(port, platform, forged, signed(platform, forged, secret="not-the-secret"))[0] == 401
    events = subprocess.run([psn_executable(), "--json", "events"], env=env, capture_output=True, text=True,
                            timeout=60)
    received = [e for e in json.loads(events.stdout)["data"] if e["kind"] == "engagement.received"]
    assert sorted(e["subject"] for e in received) == sorted(f"platform:{p}" for p in PLATFORMS)  # once each
    assert all(e["payload"]["source"] == "webhook" for e in received)

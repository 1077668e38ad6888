"""`psn webhooks serve` over real sockets: the size cap is enforced from the declared length
before any body is read, repeated signature headers never pick a winner, a client that stalls
mid-body cannot hold the server, and the GET handshakes (Meta's challenge, X's CRC) answer only
the genuine caller."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
from contextlib import contextmanager

import pytest

from psn.webhooks.receiver import MAX_BODY
from psn.webhooks.server import make_server
from tests.webhooks.support import (
    NOTHING,
    SECRET,
    VERIFY_TOKEN,
    hmac_sha256,
    make_receiver,
    signature,
    signed,
    stored,
    valid_body,
)


@contextmanager
def serving(receiver, read_timeout: float = 10.0):
    server = make_server(receiver, port=0, read_timeout=read_timeout)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def raw_request(port: int, head: str, body: bytes = b"", timeout: float = 5.0) -> bytes:
    """Send bytes exactly as given (repeated headers, lying lengths) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_binds_to_loopback_by_default():
    server = make_server(make_receiver(), port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_an_oversized_declared_length_is_refused_before_any_body_is_sent():
    receiver = make_receiver()
    with serving(receiver) as port:
        # Only the headers go out; a server that tried to read the body would never answer.
        answer = raw_request(port, f"POST /webhooks/instagram HTTP/1.1\r\nHost: t\r\nContent-Length: {MAX_BODY + 1}\r\n"
                                   f"X-Hub-Signature-256: {signature('instagram', b'{}')}")
    assert status_of(answer) == 413
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize(("length", "status"), [("abc", 413), ("-1", 401), ("1e6", 413), ("", 401)])
def test_nonsense_content_lengths_are_4xx(length, status):
    receiver = make_receiver()
    with serving(receiver) as port:
        answer = raw_request(port, f"POST /webhooks/instagram HTTP/1.1\r\nHost: t\r\nContent-Length: {length}")
    assert status_of(answer) == status
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize("order", ["good,good", "good,forged", "forged,good"])
def test_repeated_signature_headers_are_refused(order):
    receiver = make_receiver()
    body = valid_body("instagram")
    values = {"good": signature("instagram", body), "forged": signature("instagram", body, secret="nope")}
    lines = "".join(f"\r\nX-Hub-Signature-256: {values[which]}" for which in order.split(","))
    head = f"POST /webhooks/instagram HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}{lines}"
    with serving(receiver) as port:
        answer = raw_request(port, head, body)
    assert status_of(answer) == 401
    assert stored(receiver) == NOTHING


def test_a_valid_delivery_over_http_and_its_replay():
    receiver = make_receiver()
    body = valid_body("tiktok")
    with serving(receiver) as port:
        for expected in ({"stored": 1}, {"duplicate": True, "stored": 0}):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", "/webhooks/tiktok", body=body, headers=signed("tiktok", body))
            response = conn.getresponse()
            assert response.status == 200 and json.loads(response.read()) == expected
            conn.close()


def test_a_client_stalling_mid_body_is_dropped_and_others_are_served():
    receiver = make_receiver()
    body = valid_body("instagram")
    with serving(receiver, read_timeout=0.5) as port:
        stalled = socket.create_connection(("127.0.0.1", port), timeout=5)
        stalled.sendall(b"POST /webhooks/instagram HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)  # would time out if the server were held
        conn.request("POST", "/webhooks/instagram", body=body, headers=signed("instagram", body))
        assert conn.getresponse().status == 200
        assert stalled.recv(1024) == b""  # the server hung up on the staller without answering
        stalled.close()
    assert stored(receiver).deliveries == 1


@pytest.mark.parametrize("platform", ["instagram", "facebook", "whatsapp"])
def test_meta_subscription_handshake(platform):
    receiver = make_receiver()
    good = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    with serving(receiver) as port:
        def get(query: dict[str, str]) -> tuple[int, str]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", f"/webhooks/{platform}?" + "&".join(f"{k}={v}" for k, v in query.items()))
            response = conn.getresponse()
            return response.status, response.read().decode()

        assert get(good) == (200, "1158201444")
        for bad in ({**good, "hub.verify_token": "guess"}, {**good, "hub.verify_token": ""},
                    {k: v for k, v in good.items() if k != "hub.verify_token"}, {**good, "hub.mode": "unsubscribe"},
                    {**good, "hub.verify_token": VERIFY_TOKEN[:-1]}, {**good, "hub.verify_token": "%C3%A9t%C3%A9"}):
            assert get(bad)[0] == 403, bad
    receiver.ctx.secrets.delete(f"webhook.{platform}.verify_token")
    assert receiver.handle("GET", f"/webhooks/{platform}", {}, {**good, "hub.verify_token": ""}, b"").status == 403


def test_x_crc_check_answers_with_the_secret_only():
    receiver = make_receiver()
    with serving(receiver) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/webhooks/x?crc_token=challenge-42")
        response = conn.getresponse()
        answer = json.loads(response.read())
    expected = "sha256=" + base64.b64encode(hmac_sha256(SECRET, b"challenge-42")).decode()
    assert response.status == 200 and answer == {"response_token": expected}
    assert receiver.handle("GET", "/webhooks/x", {}, {}, b"").status == 403  # no token
    receiver.ctx.secrets.delete("webhook.x.secret")
    assert receiver.handle("GET", "/webhooks/x", {}, {"crc_token": "c"}, b"").status == 403  # no secret


def test_tiktok_has_no_get_handshake():
    assert make_receiver().handle("GET", "/webhooks/tiktok", {}, {"crc_token": "c"}, b"").status == 403


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "BREW"])
def test_other_methods_get_405_not_the_stdlib_501(method):
    receiver = make_receiver()
    with serving(receiver) as port:
        answer = raw_request(port, f"{method} /webhooks/instagram HTTP/1.1\r\nHost: t\r\nContent-Length: 0")
    assert status_of(answer) == 405

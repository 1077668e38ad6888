"""Webhook verification (correct, forged, stale, replayed, oversized), Meta's challenge, and
normalisation into engagement events — through the receiver and once over real HTTP."""

import base64
import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import text

from psn.context import AppContext
from psn.core.clock import FixedClock
from psn.webhooks.receiver import MAX_BODY, Receiver, secret_name

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
SECRET = "whsec-test"


@pytest.fixture
def receiver():
    ctx = AppContext.create(clock=FixedClock(NOW))
    for platform in ("instagram", "tiktok", "x"):
        ctx.secrets.set(secret_name(platform), SECRET)
    ctx.secrets.set(secret_name("instagram", "verify_token"), "tok")
    return Receiver(ctx)


def meta_body(field="comments", media="m1"):
    return json.dumps({"object": "instagram", "entry": [{"id": "1", "changes": [
        {"field": field, "value": {"media": {"id": media}, "text": "nice"}}]}]}).encode()


def meta_sig(body, secret=SECRET):
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def tiktok_sig(body, stamp, secret=SECRET):
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"TikTok-Signature": f"t={stamp},s={digest}"}


def stored(receiver):
    with receiver.ctx.db.engine.connect() as conn:
        return conn.execute(text("SELECT platform, kind, count, source FROM engagement_events")).all()


def test_meta_signed_delivery_is_normalised(receiver):
    body = meta_body()
    reply = receiver.handle("POST", "/webhooks/instagram", meta_sig(body), {}, body)
    assert reply.status == 200 and reply.body == {"stored": 1}
    assert stored(receiver) == [("instagram", "comment", 1, "webhook")]


def test_forged_signature_is_rejected(receiver):
    body = meta_body()
    assert receiver.handle("POST", "/webhooks/instagram", meta_sig(body, "wrong"), {}, body).status == 401
    assert receiver.handle("POST", "/webhooks/instagram", {}, {}, body).status == 401
    tampered = body.replace(b"nice", b"evil")
    assert receiver.handle("POST", "/webhooks/instagram", meta_sig(body), {}, tampered).status == 401
    assert stored(receiver) == []


def test_replay_is_stored_once(receiver):
    body = meta_body()
    assert receiver.handle("POST", "/webhooks/instagram", meta_sig(body), {}, body).body == {"stored": 1}
    again = receiver.handle("POST", "/webhooks/instagram", meta_sig(body), {}, body)
    assert again.status == 200 and again.body["duplicate"] is True
    assert len(stored(receiver)) == 1


def test_tiktok_timestamp_tolerance(receiver):
    body = json.dumps({"event": "video.share", "event_id": "e1", "content": {"video_id": "v1"}}).encode()
    stamp = int(NOW.timestamp())
    assert receiver.handle("POST", "/webhooks/tiktok", tiktok_sig(body, stamp - 3600), {}, body).body == {
        "error": "stale"}
    assert receiver.handle("POST", "/webhooks/tiktok", tiktok_sig(body, stamp, "bad"), {}, body).status == 401
    assert receiver.handle("POST", "/webhooks/tiktok", {"TikTok-Signature": "garbage"}, {}, body).status == 401
    assert receiver.handle("POST", "/webhooks/tiktok", tiktok_sig(body, stamp - 60), {}, body).body == {"stored": 1}
    # Re-signed with a fresh timestamp, but the same event id: still a replay.
    replay = receiver.handle("POST", "/webhooks/tiktok", tiktok_sig(body, stamp), {}, body)
    assert replay.body["duplicate"] is True
    assert stored(receiver) == [("tiktok", "share", 1, "webhook")]


def test_x_signature_and_adapter_parser(receiver):
    body = json.dumps({"favorite_events": [{"id": "f1"}]}).encode()
    sig = "sha256=" + base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()

    from psn.platforms.x.adapter import XAdapter

    receiver.adapter_for = lambda platform: XAdapter.__new__(XAdapter)  # parse_webhook needs no client
    reply = receiver.handle("POST", "/webhooks/x", {"X-Twitter-Webhooks-Signature": sig}, {}, body)
    assert reply.body == {"stored": 1} and stored(receiver) == [("x", "like", 1, "webhook")]


def test_oversized_unknown_and_methods(receiver):
    big = b"{" + b" " * MAX_BODY + b"}"
    assert receiver.handle("POST", "/webhooks/instagram", meta_sig(big), {}, big).status == 413
    assert receiver.handle("POST", "/webhooks/instagram", {}, {}, None, length=MAX_BODY + 1).status == 413
    assert receiver.handle("POST", "/webhooks/myspace", {}, {}, b"{}").status == 404
    assert receiver.handle("PUT", "/webhooks/instagram", {}, {}, b"{}").status == 405
    body = b"not json"
    assert receiver.handle("POST", "/webhooks/instagram", meta_sig(body), {}, body).status == 400


def test_meta_challenge(receiver):
    query = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}
    assert receiver.handle("GET", "/webhooks/instagram", {}, query, b"").text == "1158201444"
    assert receiver.handle("GET", "/webhooks/instagram", {}, {**query, "hub.verify_token": "no"}, b"").status == 403
    assert receiver.handle("GET", "/webhooks/tiktok", {}, query, b"").status == 403


def test_over_http_on_loopback(receiver):
    from psn.webhooks.server import make_server

    server = make_server(receiver, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/webhooks/instagram"
        body = meta_body(media="m9")
        ok = httpx.post(url, content=body, headers=meta_sig(body))
        assert ok.status_code == 200 and ok.json() == {"stored": 1}
        challenge = httpx.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42"})
        assert challenge.text == "42"
    finally:
        server.shutdown()
        server.server_close()


def test_secret_command_reads_stdin(cli, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    assert cli("--json", "webhooks", "secret", "tiktok").exit_code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli("--json", "webhooks", "secret", "tiktok").exit_code == 2
    assert cli("--json", "webhooks", "secret", "myspace").exit_code == 2

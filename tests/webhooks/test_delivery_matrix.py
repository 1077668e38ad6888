"""Forged, stale, replayed, oversized and malformed deliveries, for every provider psn receives
(Instagram, Facebook, WhatsApp: Meta's X-Hub-Signature-256; X; TikTok), through both readers
(the generic one, and the platform adapter's when the account is connected). Each is refused with
its status and leaves nothing in any table a delivery writes to; a valid one is stored once."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import text

from psn.webhooks.receiver import MAX_BODY
from tests.webhooks.support import (
    NOTHING,
    PROVIDERS,
    SCHEME,
    SECRET,
    SIGNATURE_HEADER,
    STAMP,
    hmac_sha256,
    make_receiver,
    post,
    signature,
    signed,
    stored,
    valid_body,
)

READERS = pytest.mark.parametrize("adapters", [False, True], ids=["generic", "adapter"])


def forgeries(platform: str) -> dict[str, dict[str, str]]:
    """Signature headers that must not pass for `valid_body(platform)`, by what is wrong with them."""
    body = valid_body(platform)
    name, good = SIGNATURE_HEADER[SCHEME[platform]], signature(platform, body)
    digest = hmac_sha256(SECRET, body)
    cases = {
        "wrong key": {name: signature(platform, body, secret="not-the-secret")},
        "signed another body": {name: signature(platform, valid_body(platform, n=2))},
        "truncated": {name: good[:-1]},
        "truncated to the prefix": {name: good.split("=")[0] + "="},
        "missing": {},
        "empty": {name: ""},
        "duplicated (joined, as the server passes repeats)": {name: f"{good}, {good}"},
        "another header's name": {"X-Hub-Signature": good},
    }
    if SCHEME[platform] == "tiktok":
        cases |= {
            "no timestamp": {name: good.split(",", 1)[1]},
            "no signature part": {name: good.split(",", 1)[0]},
            "repeated part": {name: good + ",t=1"},
            "base64 instead of hex": {name: f"t={STAMP},s=" + base64.b64encode(digest).decode()},
            "timestamp with sign": {name: good.replace("t=", "t=+", 1)},
        }
    else:
        hexed = digest.hex() if SCHEME[platform] == "meta" else base64.b64encode(digest).decode()
        cases |= {
            "padded": {name: good + " "},  # (TikTok's t=…,s=… parts are trimmed, as documented)
            "sha1 prefix": {name: "sha1=" + hexed},
            "sha512 prefix": {name: "sha512=" + hexed},
            "upper-case prefix": {name: "SHA256=" + hexed},
            "no prefix": {name: hexed},
        }
    return cases


@READERS
@pytest.mark.parametrize("platform", PROVIDERS)
def test_a_valid_delivery_is_stored_once(platform, adapters):
    receiver = make_receiver(adapters)
    body = valid_body(platform)
    first = post(receiver, platform, signed(platform, body), body)
    assert first.status == 200 and "duplicate" not in first.body
    after = stored(receiver)
    assert after.deliveries == 1 and after.received == 1
    if platform == "whatsapp" and adapters:
        assert after.whatsapp == 1  # the status receipt reached the audience records


@pytest.mark.parametrize("platform", PROVIDERS)
def test_forged_deliveries_are_refused_401_and_store_nothing(platform):
    receiver = make_receiver(adapters=True)
    body = valid_body(platform)
    for what, headers in forgeries(platform).items():
        reply = post(receiver, platform, headers, body)
        assert reply.status == 401, what
        assert reply.body == {"error": "forged"}, what
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize("platform", PROVIDERS)
def test_without_a_configured_secret_nothing_is_accepted(platform):
    receiver = make_receiver()
    receiver.ctx.secrets.delete(f"webhook.{platform}.secret")
    body = valid_body(platform)
    for secret in (SECRET, ""):  # even a signature made with an empty key
        assert post(receiver, platform, signed(platform, body, secret=secret), body).status == 401
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize("offset", [-301, 301, -3600, 86_400, -STAMP])
def test_tiktok_stale_or_future_timestamps_are_refused(offset):
    receiver = make_receiver()
    body = valid_body("tiktok")
    reply = post(receiver, "tiktok", signed("tiktok", body, stamp=STAMP + offset), body)
    assert reply.status == 401 and reply.body == {"error": "stale"}
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize("offset", [-300, 300])
def test_tiktok_accepts_exactly_the_tolerance(offset):
    receiver = make_receiver()
    body = valid_body("tiktok")
    assert post(receiver, "tiktok", signed("tiktok", body, stamp=STAMP + offset), body).status == 200


@READERS
@pytest.mark.parametrize("platform", PROVIDERS)
def test_a_replayed_delivery_is_acknowledged_but_stored_once(platform, adapters):
    receiver = make_receiver(adapters)
    body = valid_body(platform)
    assert post(receiver, platform, signed(platform, body), body).status == 200
    once = stored(receiver)
    # Verbatim, then with unsigned "delivery id" headers changed: the id comes from the signed body.
    for extra in ({}, {"X-Request-Id": "fresh-1"}, {"X-Delivery-Id": "fresh-2"}, {"TikTok-Event-Id": "fresh-3"}):
        again = post(receiver, platform, {**signed(platform, body), **extra}, body)
        assert again.status == 200 and again.body == {"duplicate": True, "stored": 0}, extra
    assert stored(receiver) == once


def test_tiktok_retry_with_a_fresh_timestamp_is_still_a_replay():
    receiver = make_receiver()
    body = valid_body("tiktok")
    assert post(receiver, "tiktok", signed("tiktok", body, stamp=STAMP - 200), body).status == 200
    again = post(receiver, "tiktok", signed("tiktok", body, stamp=STAMP), body)
    assert again.body == {"duplicate": True, "stored": 0}
    assert stored(receiver).deliveries == 1


@pytest.mark.parametrize("platform", PROVIDERS)
def test_oversized_deliveries_are_refused_413(platform):
    receiver = make_receiver()
    big = valid_body(platform)[:-1] + b" " * MAX_BODY + b"}"
    assert post(receiver, platform, signed(platform, big), big).status == 413
    # The server passes no body when the declared length is over the cap: refused from the length alone.
    assert post(receiver, platform, signed(platform, b"{}"), None, length=MAX_BODY + 1).status == 413
    just = valid_body(platform)[:-1] + b" " * (MAX_BODY - len(valid_body(platform))) + b"}"
    assert len(just) == MAX_BODY and post(receiver, platform, signed(platform, just), just).status == 200
    assert stored(receiver).deliveries == 1  # only the one at exactly the cap


MALFORMED = {
    "empty": b"",
    "not json": b"not json",
    "truncated json": b'{"entry": [',
    "latin-1": '{"object": "page", "entry": [], "x": "caf\u00e9"}'.encode("latin-1"),
    "utf-16": json.dumps({"object": "page", "entry": []}).encode("utf-16"),
    "bare array": b"[]",
    "bare number": b"1e999",
    "bare string": b'"entry"',
    "null": b"null",
    "nested too deep": b"[" * 100_000 + b"]" * 100_000,
    "deep object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "NaN": b'{"entry": NaN}',
}
WRONG_SHAPES = {
    "instagram": [{"object": "instagram", "entry": 5}, {"object": "instagram", "entry": [{"changes": [5]}]},
                  {"object": "instagram", "entry": [{"changes": [{"field": "comments", "value": {"from": 5}}]}]}],
    "facebook": [{"object": "page", "entry": [5]}, {"object": "page", "entry": [{"changes": "feed"}]}],
    "whatsapp": [{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
                                                                                 "value": {"statuses": [5]}}]}]},
                 {"object": "whatsapp_business_account", "entry": {"changes": []}}],
    "x": [{"favorite_events": 5}, {"tweet_create_events": [None]}],
    "tiktok": [{"event": "post.publish.complete", "content": "[1]", "create_time": 10**30},
               {"event": "authorization.removed", "content": {"reason": "banned"}},
               {"event": "x", "content": "{not json"}, {"event": "x", "create_time": "yesterday"}],
}


@READERS
@pytest.mark.parametrize("platform", PROVIDERS)
def test_malformed_signed_payloads_are_refused_400(platform, adapters):
    receiver = make_receiver(adapters)
    for what, body in MALFORMED.items():
        reply = post(receiver, platform, signed(platform, body), body)
        assert reply.status == 400 and reply.body == {"error": "unreadable payload"}, what
    assert stored(receiver) == NOTHING


@pytest.mark.parametrize("platform", PROVIDERS)
def test_wrong_shapes_through_the_platform_reader_are_refused_400(platform):
    receiver = make_receiver(adapters=True)
    for shape in WRONG_SHAPES[platform]:
        body = json.dumps(shape).encode()
        assert post(receiver, platform, signed(platform, body), body).status == 400, shape
    assert stored(receiver) == NOTHING


def test_absurd_counts_and_field_types_never_reach_the_database():
    """Signed (so the platform's own bug, not an attacker's) but nonsensical values: accepted, read sanely."""
    receiver = make_receiver(adapters=True)
    tiktok = b'{"event": "share", "event_id": "e9", "content": {"count": 1e999}}'  # valid JSON: a float infinity
    assert post(receiver, "tiktok", signed("tiktok", tiktok), tiktok).status == 200
    huge = json.dumps({"event": "share", "event_id": "e10", "content": {"count": 10**30}}).encode()
    assert post(receiver, "tiktok", signed("tiktok", huge), huge).status == 200
    status = {"id": "wamid.9", "status": {"odd": 1}, "recipient_id": ["1"], "timestamp": "1",
              "errors": [{"code": 10**30}]}
    whatsapp = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [
        {"field": "messages", "value": {"statuses": [status]}}]}]}).encode()
    assert post(receiver, "whatsapp", signed("whatsapp", whatsapp), whatsapp).status == 200
    with receiver.ctx.db.engine.connect() as conn:
        counts = conn.execute(text("SELECT count FROM engagement_events")).scalars().all()
        receipt = conn.execute(text("SELECT wa_id, status, error_code FROM whatsapp_deliveries")).one()
    assert counts == [1]  # infinity read as one event; 10**30 is no engagement at all
    assert receipt == ("['1']", "{'odd': 1}", None)  # strings, and no code that is not one


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD"])
def test_other_methods_are_405(method):
    receiver = make_receiver()
    assert receiver.handle(method, "/webhooks/instagram", {}, {}, b"{}").status == 405


@pytest.mark.parametrize("path", ["/webhooks/myspace", "/webhooks/", "/webhooks/x/../instagram", "/webhooks/tiktok/x",
                                  "/", "/webhooks/blog"])
def test_unknown_endpoints_are_404(path):
    receiver = make_receiver()
    body = valid_body("instagram")
    assert receiver.handle("POST", path, signed("instagram", body), {}, body).status == 404
    assert stored(receiver) == NOTHING

"""Hypothesis against every webhook verifier and parser, the receiver and the HTTP server.

Arbitrary bytes, headers, queries and JSON (free-form and shaped like each platform's payloads):
verifiers only ever say no, parsers only ever return events or raise the typed MalformedDelivery,
the receiver answers 200 or a 4xx (and a 4xx stores nothing), the server never answers 5xx."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psn.platforms.base import WebhookEvent
from psn.webhooks import parse
from psn.webhooks.server import make_server
from tests.webhooks.support import PROVIDERS, SECRET, STAMP, make_receiver, parser_adapter, post, signed, stored

FIXTURE_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
NOW = datetime.fromtimestamp(STAMP, UTC)

# Keys the parsers look for, so shaped JSON reaches past the first `.get`.
KEYS = ["object", "entry", "changes", "field", "value", "messaging", "message", "mid", "text", "time", "timestamp",
        "id", "from", "media", "media_id", "comment_id", "parent_id", "username", "statuses", "messages", "contacts",
        "profile", "name", "wa_id", "status", "recipient_id", "errors", "code", "error_data", "pricing", "type",
        "event", "event_id", "content", "create_time", "user_openid", "reason", "publish_id", "post_id", "count",
        "favorite_events", "tweet_create_events", "id_str", "item", "verb", "video_id", "sender", "conversation"]
VALUES = ["instagram", "page", "whatsapp_business_account", "comments", "mentions", "feed", "messages",
          "post.publish.complete", "post.publish.failed", "authorization.removed", "share", "comment", "like",
          "delivered", "failed", "read", "1", "0", "1767225600"]
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=False) | st.text(max_size=12) | st.sampled_from(VALUES))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5), max_leaves=25)
SHAPED = st.dictionaries(st.sampled_from(KEYS), JSON, min_size=1, max_size=6)
BODIES = (st.binary(max_size=512) | JSON.map(lambda v: json.dumps(v).encode())
          | SHAPED.map(lambda v: json.dumps(v).encode())
          | SHAPED.map(lambda v: json.dumps(v).encode("utf-16")))  # also: content strings holding JSON
HEADER_NAMES = st.sampled_from(["X-Hub-Signature-256", "x-twitter-webhooks-signature", "TikTok-Signature",
                                "webhook-id", "webhook-timestamp", "webhook-signature", "Content-Type"])
HEADERS = st.dictionaries(HEADER_NAMES | st.text(max_size=10), st.text(max_size=80) | st.from_regex(
    r"(t=[0-9]{0,14},s=[0-9a-f]{0,64}|sha256=[0-9a-zA-Z+/=]{0,64}|v1,[A-Za-z0-9+/=]{0,44})", fullmatch=True),
                          max_size=4)
QUERY = st.dictionaries(st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge", "crc_token"])
                        | st.text(max_size=8), st.text(max_size=20), max_size=4)


def _verifiers():
    from psn.platforms.blog import signing
    from psn.platforms.facebook import webhooks as facebook
    from psn.platforms.instagram import webhooks as instagram
    from psn.platforms.tiktok import webhooks as tiktok
    from psn.platforms.x.adapter import XAdapter
    from psn.sandbox.blog import SECRET as BLOG_SECRET
    from psn.sandbox.blog import signature_ok
    from psn.webhooks import signatures

    x = XAdapter.__new__(XAdapter)
    lower = lambda h: {k.lower(): v for k, v in h.items()}  # noqa: E731 - the receiver lower-cases first
    return {
        "receiver meta": lambda h, b, q: signatures.verify_meta(lower(h), b, SECRET) is False,
        "receiver x": lambda h, b, q: signatures.verify_x(lower(h), b, SECRET) is False,
        "receiver tiktok": lambda h, b, q: signatures.verify_tiktok(lower(h), b, SECRET, NOW) in ("forged", "stale"),
        "receiver meta challenge": lambda h, b, q: signatures.meta_challenge(q, "the-token") is None,
        "receiver x crc": lambda h, b, q: signatures.x_crc(q, SECRET) is None or "crc_token" in q,
        "facebook": lambda h, b, q: facebook.verify(h, b, q, SECRET, "the-token") is False,
        "instagram": lambda h, b, q: instagram.signature_valid(h, b, SECRET) is False
        and instagram.subscription_challenge(q, "the-token") is None,
        "tiktok": lambda h, b, q: tiktok.verify(h, b, SECRET, NOW) is False,
        "x": lambda h, b, q: x.verify_webhook(h, b, q, secret=SECRET) is False,
        "standard webhooks": lambda h, b, q: signing.verify(BLOG_SECRET, h, b, NOW) is False,
        "sandbox blog receiver": lambda h, b, q: isinstance(signature_ok(BLOG_SECRET, _httpx_headers(h), b,
                                                                         NOW.timestamp()), str),
    }


def _httpx_headers(headers: dict[str, str]):
    import httpx

    return httpx.Headers({k: v for k, v in headers.items() if k.isascii() and v.isascii()})


VERIFIERS = _verifiers()


@given(headers=HEADERS, body=BODIES, query=QUERY)
def test_verifiers_never_raise_and_never_accept_a_guess(headers, body, query):
    # Every verifier sees every example (one generated input, eleven checks: generation is the cost).
    refused = {name: check(headers, body, query) for name, check in VERIFIERS.items()}
    assert all(refused.values()), refused


READERS = [(platform, reader) for platform in PROVIDERS for reader in ("generic", "adapter")]


@given(body=BODIES, headers=HEADERS)
def test_parsers_return_events_or_the_typed_rejection(body, headers):
    for platform, reader in READERS:
        adapter = parser_adapter(platform) if reader == "adapter" else None
        try:
            events = parse.parse(platform, headers, body, adapter)
        except parse.MalformedDelivery:
            continue
        assert all(isinstance(event, WebhookEvent) for event in events), (platform, reader)


@pytest.mark.parametrize("adapters", [False, True], ids=["generic", "adapter"])
@FIXTURE_OK
@given(platform=st.sampled_from(PROVIDERS), body=BODIES)
def test_signed_deliveries_get_200_or_400_and_a_400_stores_nothing(adapters, platform, body):
    receiver = _receiver(adapters)
    before = stored(receiver)
    reply = post(receiver, platform, signed(platform, body), body)
    assert reply.status in (200, 400), reply
    if reply.status == 400:
        assert stored(receiver) == before


@FIXTURE_OK
@given(method=st.sampled_from(["GET", "POST", "PUT", "HEAD", "DELETE"]) | st.text(max_size=6),
       path=st.sampled_from([f"/webhooks/{p}" for p in PROVIDERS]) | st.text(max_size=30),
       headers=HEADERS, query=QUERY, body=st.none() | BODIES, length=st.integers(-2, 2**40))
def test_unsigned_requests_are_4xx_and_store_nothing(method, path, headers, query, body, length):
    receiver = _receiver(False)
    before = stored(receiver)
    reply = receiver.handle(method, path, headers, query, body, length)
    x_crc = method == "GET" and path.strip("/") == "webhooks/x" and query.get("crc_token")
    assert 400 <= reply.status < 500 or (x_crc and reply.status == 200), reply  # X's CRC answers anyone, by design
    assert stored(receiver) == before


_RECEIVERS: dict[tuple[str, bool], object] = {}


def _receiver(adapters: bool):
    """One receiver per test (per isolated home), reused across its examples."""
    import os

    key = (os.environ["PSN_HOME"], adapters)
    if key not in _RECEIVERS:
        _RECEIVERS.clear()
        _RECEIVERS[key] = make_receiver(adapters)
    return _RECEIVERS[key]


# -- the HTTP server ----------------------------------------------------------------------------

TOKEN = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), min_size=1,
                max_size=12)
LATIN1 = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\r\n"), max_size=60)


@pytest.fixture
def server_port():
    receiver = make_receiver()
    server = make_server(receiver, port=0, read_timeout=2.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], receiver
    server.shutdown()
    server.server_close()


@FIXTURE_OK
@given(method=st.sampled_from(["GET", "POST", "PUT"]) | TOKEN,
       path=st.sampled_from([f"/webhooks/{p}" for p in PROVIDERS]) | TOKEN.map(lambda t: "/" + t),
       headers=st.lists(st.tuples(TOKEN | HEADER_NAMES, LATIN1), max_size=5), body=st.binary(max_size=300),
       sign_as=st.none() | st.sampled_from(PROVIDERS))
def test_the_server_never_answers_5xx(server_port, method, path, headers, body, sign_as):
    port, receiver = server_port
    before = stored(receiver)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers if name.lower() != "content-length"]
    if sign_as:
        lines += [f"{k}: {v}" for k, v in signed(sign_as, body).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall("\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    assert status < 500, answer[:200]
    if status != 200:
        assert stored(receiver) == before

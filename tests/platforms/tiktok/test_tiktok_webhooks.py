"""TikTok-Signature verification and event parsing (contracts B4)."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest

from psn.platforms.tiktok import webhooks

SECRET = "client-secret-for-hooks"
NOW = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
BODY = json.dumps({
    "client_key": "awomwh5h2fju7zt3", "event": "post.publish.publicly_available", "create_time": 1770210873,
    "user_openid": "-000YSS_OTWKQzsQ",
    "content": "{\"publish_id\":\"v_pub_file~v2-1.7602997070760331285\",\"publish_type\":\"DIRECT_PUBLISH\","
               "\"post_id\":7602997517160123666}",
}).encode()


def header(body=BODY, at=NOW, secret=SECRET):
    stamp = int(at.timestamp())
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"TikTok-Signature": f"t={stamp},s={mac}"}


def test_a_good_signature_verifies():
    assert webhooks.verify(header(), BODY, SECRET, NOW)


def test_the_header_name_is_case_insensitive():
    headers = {"tiktok-signature": header()["TikTok-Signature"]}
    assert webhooks.verify(headers, BODY, SECRET, NOW)


@pytest.mark.parametrize("headers, body, secret", [
    (header(), BODY + b" ", SECRET),                                   # body changed
    (header(secret="another-secret"), BODY, SECRET),                   # wrong key
    ({"TikTok-Signature": "t=abc,s=123"}, BODY, SECRET),               # malformed timestamp
    ({"TikTok-Signature": "garbage"}, BODY, SECRET),                   # no parts at all
    ({}, BODY, SECRET),                                                # no header
    (header(), BODY, ""),                                              # no secret configured
])
def test_bad_deliveries_are_refused(headers, body, secret):
    assert not webhooks.verify(headers, body, secret, NOW)


@pytest.mark.parametrize("skew, accepted", [(299, True), (301, False), (-301, False)])
def test_timestamp_tolerance(skew, accepted):
    signed_at = NOW - timedelta(seconds=skew)
    assert webhooks.verify(header(at=signed_at), BODY, SECRET, NOW, tolerance=300) is accepted


def test_publicly_available_parses_content_from_its_json_string():
    (event,) = webhooks.parse(BODY)
    assert event.kind == "publish_status" and event.object_id == "v_pub_file~v2-1.7602997070760331285"
    assert event.data["status"] == "public" and event.data["post_id"] == "7602997517160123666"  # exact int64
    assert event.data["publish_type"] == "DIRECT_PUBLISH" and event.data["event"] == "post.publish.publicly_available"
    assert event.occurred_at == datetime.fromtimestamp(1770210873, UTC)
    assert event.delivery_id == webhooks.parse(BODY)[0].delivery_id  # stable, to de-duplicate redeliveries


@pytest.mark.parametrize("name, status", [
    ("post.publish.failed", "failed"), ("post.publish.complete", "published"),
    ("post.publish.inbox_delivered", "draft"), ("post.publish.no_longer_publicaly_available", "no_longer_public"),
])
def test_publish_events(name, status):
    content = {"publish_id": "p1", "publish_type": "INBOX_SHARE", "reason": "spam_risk_text"}
    (event,) = webhooks.parse(json.dumps({"event": name, "create_time": 1, "content": json.dumps(content)}).encode())
    assert (event.kind, event.data["status"], event.data["reason"]) == ("publish_status", status, "spam_risk_text")


def test_authorization_removed_names_the_reason():
    body = json.dumps({"event": "authorization.removed", "user_openid": "u1", "create_time": 5,
                       "content": "{\"reason\": 5}"}).encode()
    (event,) = webhooks.parse(body)
    assert (event.kind, event.object_id, event.data["reason"]) == ("authorization_removed", "u1", 5)
    assert event.data["why"] == "the developer revoked access"


def test_other_events_pass_through():
    body = json.dumps({"event": "video.upload.failed", "content": "{\"share_id\": \"s1\"}"}).encode()
    (event,) = webhooks.parse(body)
    assert event.kind == "video.upload.failed" and event.data["share_id"] == "s1"

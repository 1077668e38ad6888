"""Meta webhooks: the GET verification, X-Hub-Signature-256 over the raw body, and parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from psn.platforms.instagram import webhooks
from psn.platforms.instagram.spec import make_adapter

from .helpers import APP, deps

SECRET = APP["client_secret"]
COMMENT = {
    "object": "instagram",
    "entry": [{"id": "17841441696714445", "time": 1758466800, "changes": [{"field": "comments", "value": {
        "id": "17919697626119712", "text": "price? 🙂", "parent_id": "17919697626110000",
        "from": {"id": "2105722729836161", "username": "fan1", "self_ig_scoped_id": "2105722729836161"},
        "media": {"id": "18172143295349192", "media_product_type": "FEED"}}}]}],
}


def raw(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=True).encode()  # Meta's escaped-unicode rendering


def test_verification_get():
    adapter = make_adapter(deps())
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": APP["webhook_verify_token"]}
    assert webhooks.subscription_challenge(query, APP["webhook_verify_token"]) == "1158201444"
    assert adapter.verify_webhook({}, b"", query)
    assert not adapter.verify_webhook({}, b"", {**query, "hub.verify_token": "wrong"})
    assert not adapter.verify_webhook({}, b"", {**query, "hub.mode": "unsubscribe"})
    assert webhooks.subscription_challenge(query, "") is None


def test_signature_over_the_raw_bytes_only():
    adapter = make_adapter(deps())
    body = raw(COMMENT)
    headers = {"X-Hub-Signature-256": webhooks.sign(body, SECRET)}
    assert adapter.verify_webhook(headers, body, {})
    reserialised = json.dumps(json.loads(body), ensure_ascii=False).encode()
    assert reserialised != body and not adapter.verify_webhook(headers, reserialised, {})
    assert not adapter.verify_webhook({"X-Hub-Signature-256": webhooks.sign(body, "other")}, body, {})
    assert not adapter.verify_webhook({}, body, {})
    upper = {"x-hub-signature-256": "sha256=" + headers["X-Hub-Signature-256"][7:].upper()}
    assert adapter.verify_webhook(upper, body, {})


def test_comments_parse_from_changes():
    [event] = make_adapter(deps()).parse_webhook({}, raw(COMMENT))
    assert (event.platform, event.kind, event.object_id) == ("instagram", "comment", "17919697626119712")
    assert event.occurred_at == datetime.fromtimestamp(1758466800, UTC)
    assert event.data["text"] == "price? 🙂" and event.data["username"] == "fan1"
    assert event.data["media_id"] == "18172143295349192" and event.data["parent_id"] == "17919697626110000"
    assert event.delivery_id == "17841441696714445:comments:17919697626119712:1758466800"


def test_entry_level_field_value_shape_is_accepted():
    flat = {"object": "instagram", "entry": [{"id": "1", "time": 1758466800, "field": "mentions",
                                              "value": {"media_id": "m1", "comment_id": "c1"}}]}
    [event] = webhooks.parse(raw(flat))
    assert (event.kind, event.object_id, event.data["media_id"]) == ("mention", "c1", "m1")


def test_messages_and_unknown_fields():
    payload = {"object": "instagram", "entry": [
        {"id": "1", "time": 1758466800, "messaging": [
            {"sender": {"id": "s1"}, "recipient": {"id": "1"}, "timestamp": 1758466800123,
             "message": {"mid": "mid.1", "text": "hello"}}],
         "changes": [{"field": "story_insights", "value": {"media_id": "st1", "reach": 5}}]}]}
    events = webhooks.parse(raw(payload))
    assert [e.kind for e in events] == ["story_insights", "message"]
    assert events[1].data == {"text": "hello", "sender_id": "s1", "account_id": "1"}
    assert webhooks.parse(raw({"object": "whatsapp_business_account", "entry": []})) == []

"""Webhook channel: exact bodies for each template, failures without the (secret) URL."""

import json
from datetime import UTC, datetime

import httpx
import pytest

from psn.notify.channels import DeliveryFailed
from psn.notify.channels.webhook import WebhookChannel, build
from psn.notify.message import Message

URL = "https://hooks.example.test/services/T000/B000/sEcReTtOkEn123"
MESSAGE = Message(kind="publish.failed", title="A post failed", body='X said "duplicate" <again>',
                  priority="push", created_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))

UNIVERSAL = b"""{
  "topic": "psn-alerts",
  "title": "A post failed",
  "message": "X said \\"duplicate\\" <again>",
  "priority": 4,
  "tags": ["publish.failed"],
  "text": "A post failed\\nX said \\"duplicate\\" <again>",
  "content": "A post failed\\nX said \\"duplicate\\" <again>"
}"""


def test_universal_body_is_exact_and_carries_ntfy_slack_and_discord_fields(httpx_mock):
    httpx_mock.add_response(url=URL, method="POST", match_content=UNIVERSAL,
                            match_headers={"Content-Type": "application/json"})
    WebhookChannel(URL, "universal", topic="psn-alerts").send(MESSAGE)
    body = json.loads(httpx_mock.get_requests()[0].content)
    assert body["text"] and body["content"] and body["topic"] and body["message"]  # Slack, Discord, ntfy


def test_universal_without_topic_leaves_it_out(httpx_mock):
    httpx_mock.add_response(url=URL, method="POST")
    WebhookChannel(URL).send(Message(kind="digest", title="psn daily digest", priority="digest"))
    body = json.loads(httpx_mock.get_requests()[0].content)
    assert "topic" not in body
    assert body == {"title": "psn daily digest", "message": "", "priority": 3, "tags": ["digest"],
                    "text": "psn daily digest", "content": "psn daily digest"}


@pytest.mark.parametrize(("template", "expected"), [
    ("slack", {"text": 'A post failed\nX said "duplicate" <again>'}),
    ("discord", {"content": 'A post failed\nX said "duplicate" <again>'}),
    ("ntfy", {"topic": "psn-alerts", "title": "A post failed", "message": 'X said "duplicate" <again>',
              "priority": 4, "tags": ["publish.failed"]}),
])
def test_presets(httpx_mock, template, expected):
    httpx_mock.add_response(url=URL, method="POST", match_json=expected)
    WebhookChannel(URL, template, topic="psn-alerts").send(MESSAGE)


def test_discord_content_is_cut_to_its_limit(httpx_mock):
    httpx_mock.add_response(url=URL, method="POST")
    WebhookChannel(URL, "discord").send(Message(kind="k", title="t", body="x" * 5000))
    assert len(json.loads(httpx_mock.get_requests()[0].content)["content"]) == 2000


def test_custom_template_file(httpx_mock, tmp_path):
    template = tmp_path / "hook.json.j2"
    template.write_text('{"event": {{ kind | json }}, "headline": {{ title | json }}, "at": {{ created_at | json }}}')
    httpx_mock.add_response(url=URL, method="POST", match_content=(
        b'{"event": "publish.failed", "headline": "A post failed", "at": "2026-12-01T09:00:00+00:00"}'))
    WebhookChannel(URL, str(template)).send(MESSAGE)


def test_template_that_is_not_json_or_is_missing_fails_before_any_request(tmp_path):
    broken = tmp_path / "broken.j2"
    broken.write_text('{"title": {{ title }}}')  # unquoted: not JSON
    with pytest.raises(DeliveryFailed, match="did not produce JSON"):
        WebhookChannel(URL, str(broken)).send(MESSAGE)
    with pytest.raises(DeliveryFailed, match="cannot be read"):
        WebhookChannel(URL, str(tmp_path / "absent.j2")).send(MESSAGE)
    undefined = tmp_path / "undefined.j2"
    undefined.write_text('{"x": {{ nope | json }}}')
    with pytest.raises(DeliveryFailed, match="template error"):
        WebhookChannel(URL, str(undefined)).send(MESSAGE)


def test_errors_never_show_the_url(httpx_mock):
    httpx_mock.add_response(url=URL, method="POST", status_code=404)
    with pytest.raises(DeliveryFailed) as err:
        WebhookChannel(URL).send(MESSAGE)
    assert str(err.value) == "webhook answered HTTP 404"
    httpx_mock.add_exception(httpx.ConnectError(f"cannot connect to {URL}"), url=URL)
    with pytest.raises(DeliveryFailed) as err:
        WebhookChannel(URL).send(MESSAGE)
    assert "sEcReTtOkEn123" not in str(err.value)


def test_problems_name_the_fix():
    assert WebhookChannel(None).problem().reason == "no webhook URL: run `psn notify secret webhook-url`"
    assert WebhookChannel(URL, "ntfy").problem().outcome == "not_configured"
    assert WebhookChannel(URL).problem() is None


def test_built_from_the_keyring_and_settings(app):
    app.secrets.set("notify.webhook_url", URL)
    app.settings.notify.webhook_template = "slack"
    channel = build(app)
    assert (channel.url, channel.template) == (URL, "slack")

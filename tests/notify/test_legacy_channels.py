"""Homes set up before `psn notify add`: the `webhook` and `email` channels of notify.channels,
with their secrets from `psn notify secret`, keep delivering, now through Apprise."""

from __future__ import annotations

import io
import sys

import pytest
from notify_receivers import SMTP_PASSWORD, SMTP_USER

from psn.core.sections.notify import NotifySettings
from psn.notify.channels import email, webhook


def store_secret(cli, monkeypatch, name: str, value: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(value + "\n"))
    assert cli("notify", "secret", name).exit_code == 0


def test_old_webhook_settings_deliver_through_apprise(cli, receiver, monkeypatch):
    store_secret(cli, monkeypatch, "webhook-url", f"http://127.0.0.1:{receiver.port}/hook/t0ken-123456")
    cli("config", "set", "notify.channels", '["webhook"]')
    assert cli("notify", "test").exit_code == 0
    [plain] = receiver.requests
    assert plain.path == "/hook/t0ken-123456" and plain.json()["title"] == "psn test notification"

    store_secret(cli, monkeypatch, "webhook-url", f"http://127.0.0.1:{receiver.port}")
    cli("config", "set", "notify.webhook_template", "ntfy")
    cli("config", "set", "notify.webhook_topic", "psn-alerts")
    assert cli("notify", "test").exit_code == 0
    assert receiver.requests[1].json()["topic"] == "psn-alerts"


def test_old_email_settings_deliver_through_apprise(cli, smtp, monkeypatch):
    for key, value in (("email_host", "127.0.0.1"), ("email_port", str(smtp.port)), ("email_security", "none"),
                       ("email_user", SMTP_USER), ("email_to", "me@example.test")):
        assert cli("config", "set", f"notify.{key}", value).exit_code == 0
    store_secret(cli, monkeypatch, "smtp-password", SMTP_PASSWORD)
    cli("config", "set", "notify.channels", '["email"]')
    result = cli("--json", "notify", "test")
    assert result.exit_code == 0, result.stderr
    [mail] = smtp.mailbox.messages
    assert (mail["Subject"], mail["To"], mail["From"]) == ("psn test notification", "me@example.test",
                                                          "me@example.test")  # from defaults to the recipient
    assert smtp.mailbox.logins == [(SMTP_USER, SMTP_PASSWORD)]


@pytest.mark.parametrize(("url", "template", "expected"), [
    ("https://discord.com/api/webhooks/123/abcDEF", "universal", "https://discord.com/api/webhooks/123/abcDEF"),
    ("https://hooks.slack.com/services/T1/B1/XYZXYZXYZXYZ", "slack",
     "https://hooks.slack.com/services/T1/B1/XYZXYZXYZXYZ"),
    ("https://example.test/hook", "universal", "jsons://example.test/hook"),
    ("https://ntfy.example.test", "ntfy", "ntfys://ntfy.example.test/alerts"),
])
def test_webhook_urls_map_to_apprise_urls(url, template, expected):
    assert webhook.apprise_url(url, template, "alerts") == expected


@pytest.mark.parametrize(("security", "expected"), [
    ("starttls", "mailtos://me%40x.test:p%40ss@smtp.x.test:587?to=me%40x.test&from=me%40x.test&mode=starttls"),
    ("ssl", "mailtos://me%40x.test:p%40ss@smtp.x.test:587?to=me%40x.test&from=me%40x.test&mode=ssl"),
])
def test_email_settings_map_to_mailto_urls(security, expected):
    settings = NotifySettings(email_host="smtp.x.test", email_user="me@x.test", email_to="me@x.test",
                              email_security=security)
    assert email.apprise_url(settings, "p@ss") == expected

"""`psn notify add|list|test|remove` with Apprise URLs, delivering for real to services on
127.0.0.1: an HTTP receiver (json://, ntfy://) and an SMTP server (aiosmtpd, mailto://)."""

from __future__ import annotations

from notify_receivers import SMTP_PASSWORD, SMTP_USER

TOKEN = "tok-8c1f2e9a7b"


def channel_names(cli) -> list[str]:
    return [c["name"] for c in cli("--json", "notify", "list").json()["data"]]


def test_add_list_test_and_remove_json_and_ntfy_channels(cli, receiver, memory_keyring):
    cli("config", "set", "notify.channels", '["log"]')
    added = cli("--json", "notify", "add", f"json://127.0.0.1:{receiver.port}/hook/{TOKEN}", "--name", "phone")
    assert added.exit_code == 0, added.stderr
    assert added.json()["data"] == {"name": "phone", "kind": "apprise", "service": "JSON",
                                    "url": f"json://127.0.0.1:{receiver.port}/h…/t…", "daily_cap": 20}
    assert cli("notify", "add", f"ntfy://127.0.0.1:{receiver.port}/psn-alerts").exit_code == 0
    twice = cli("notify", "add", f"json://127.0.0.1:{receiver.port}/hook/{TOKEN}")
    assert twice.exit_code == 2 and "already the channel 'phone'" in twice.stderr and TOKEN not in twice.stderr
    listed = cli("notify", "list").stdout
    assert "phone" in listed and f"ntfy://127.0.0.1:{receiver.port}/p…" in listed and TOKEN not in listed
    assert channel_names(cli) == ["log", "phone", "ntfy"]

    one = cli("--json", "notify", "test", "phone")  # only the channel named
    assert one.exit_code == 0, one.stderr
    assert [(d["channel"], d["outcome"]) for d in one.json()["data"]["deliveries"]] == [("phone", "sent")]
    [request] = receiver.requests
    assert (request.method, request.path) == ("POST", f"/hook/{TOKEN}")
    assert request.json()["title"] == "psn test notification"
    assert request.json()["message"] == "If you can read this, psn can reach you here."

    every = cli("--json", "notify", "test").json()["data"]["deliveries"]
    assert {d["channel"]: d["outcome"] for d in every} == {"log": "sent", "phone": "sent", "ntfy": "sent"}
    ntfy = [r.json() for r in receiver.requests if r.path == "/"]
    assert ntfy == [{"topic": "psn-alerts", "title": "psn test notification",
                     "message": "If you can read this, psn can reach you here."}]

    stored = {user: value for (_, user), value in memory_keyring.store.items()}
    assert stored["notify.channel.phone"] == f"json://127.0.0.1:{receiver.port}/hook/{TOKEN}"
    removed = cli("--json", "notify", "remove", "phone")
    assert removed.json()["data"] == {"name": "phone", "removed": True}
    assert "notify.channel.phone" not in {user for (_, user) in memory_keyring.store}  # its secret went too
    assert channel_names(cli) == ["log", "ntfy"]
    again = cli("notify", "remove", "phone")
    assert again.exit_code == 2 and "Channels added with `psn notify add`: ntfy" in again.stderr


def test_refused_urls_store_nothing(cli, memory_keyring):
    unknown = cli("notify", "add", "tgrm://123456:abcdef/42")
    assert unknown.exit_code == 2 and "no service with the scheme tgrm://" in unknown.stderr
    half = cli("notify", "add", "mailto://user:password@127.0.0.1:2525")
    assert half.exit_code == 2 and "?from=ADDRESS&to=ADDRESS" in half.stderr
    assert "password" not in half.stderr  # Apprise's complaint quotes the URL: psn scrubs its secret parts
    assert memory_keyring.store == {} and channel_names(cli) == ["log", "desktop"]


def test_email_reaches_a_local_smtp_server(cli, smtp, quiet_desktop):
    url = (f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{smtp.port}"
           "?from=psn@example.test&to=me@example.test")
    added = cli("--json", "notify", "add", url, "--name", "inbox")
    assert added.json()["data"]["url"] == f"mailto://***:****@127.0.0.1:{smtp.port}/m…"
    result = cli("--json", "notify", "test", "inbox")
    assert result.exit_code == 0, result.stderr
    [mail] = smtp.mailbox.messages
    assert (mail["Subject"], mail["To"]) == ("psn test notification", "me@example.test")
    assert "If you can read this, psn can reach you here." in mail.as_string()
    assert smtp.mailbox.logins == [(SMTP_USER, SMTP_PASSWORD)]  # it logged in with the URL's account


DOCUMENTED = [  # docs/notifications.md's table of example URLs, with made-up values
    ("ntfys://ntfy.sh/my-secret-topic", "ntfy"), ("ntfy://127.0.0.1:8080/alerts", "ntfy"),
    ("tgram://123456789:AAbbCCddEEff/987654", "Telegram"), ("signal://127.0.0.1:8080/+15551234567/+15557654321",
                                                            "Signal API"),
    ("matrixs://me:pass123@matrix.example.test/#psn", "Matrix"), ("pover://uUserKey123@aAppToken456", "Pushover"),
    ("gotifys://gotify.example.test/AbCdEf123", "Gotify"),
    ("https://discord.com/api/webhooks/123/abcDEF", "Discord"),
    ("https://hooks.slack.com/services/T1/B1/XYZXYZXYZXYZ", "Slack"),
    ("mailtos://me:pass123@smtp.example.test?from=me@example.test&to=me@example.test", "E-Mail"),
    ("jsons://example.test/hook", "JSON"),
]


def test_the_documented_urls_are_accepted_without_sending(cli, memory_keyring):
    from psn.notify.apprise_url import check_url

    assert [check_url(url)[0].service for url, _ in DOCUMENTED] == [service for _, service in DOCUMENTED]
    assert cli("notify", "add", "jsons://example.test/hook").exit_code == 0  # nothing listens there: not contacted
    assert cli("notify", "add", "jsons://example.test/other").exit_code == 0
    assert channel_names(cli)[-2:] == ["jsons", "jsons-2"]

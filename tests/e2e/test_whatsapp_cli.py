"""The real CLI against the Cloud API emulator: connect, contacts with opt-in, a template to two
contacts, statuses applied from webhooks, every refusal (no opt-in, wrong variable count, outside
the window) sending nothing, and a process killed mid-broadcast then retried."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ANA, BO, CY = "447700900001", "447700900002", "447700900003"
SEND = ("whatsapp", "send", "--template", "psn_new_post", "--var", "Ana", "--var", "New post", "--yes")


def sent() -> list[dict]:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.whatsapp import sent_messages

    current().sandbox = True
    return sent_messages(sandbox_world(ctx()))


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    result = cli("--sandbox", "--json", "setup", "whatsapp")  # the sandbox fills every field itself
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["data"]["handle"] == "15550783881"
    for number, name, source in ((ANA, "Ana", "newsletter"), (BO, "Bo", "QR code at a talk"), (CY, "Cy", "")):
        args = ["--opt-in", source] if source else []
        assert cli("--sandbox", "whatsapp", "contacts", "add", "+" + number, "--name", name, *args).exit_code == 0
    return cli


def test_template_to_opted_in_contacts_then_statuses(connected):
    result = connected("--sandbox", "--json", *SEND)
    assert result.exit_code == 0, result.stdout
    key = result.json()["data"]["idempotency_key"]
    assert sorted(m["to"] for m in sent()) == [ANA, BO]  # Cy has no opt-in
    before = connected("--sandbox", "--json", "whatsapp", "deliveries", "--key", key).json()["data"]
    assert {d["status"] for d in before} == {"accepted"}
    applied = connected("--sandbox", "--json", "whatsapp", "webhook", "--from-sandbox").json()["data"]
    assert applied["statuses"] + applied["ignored_as_stale"] == 6
    after = connected("--sandbox", "--json", "whatsapp", "deliveries", "--key", key).json()["data"]
    assert {d["wa_id"]: d["status"] for d in after} == {ANA: "read", BO: "read"}


@pytest.mark.parametrize(("args", "fragment"), [
    (("whatsapp", "send", "--template", "psn_new_post", "--var", "a", "--var", "b", "--to", CY, "--yes"),
     "No recorded opt-in"),
    (("whatsapp", "send", "--template", "psn_new_post", "--var", "only one", "--yes"), "takes 2 body variable"),
    (("whatsapp", "send", "--template", "psn_new_post", "--language", "de", "--var", "a", "--var", "b", "--yes"),
     "no 'de' translation"),
    (("whatsapp", "send", "--text", "Free text outside the window", "--yes"), "only allows a template"),
    (("whatsapp", "send", "--template", "x", "--named", "oops", "--yes"), "NAME=VALUE"),
    (("post", "-p", "whatsapp", "-t", "hi", "--yes"), "psn whatsapp send"),
])
def test_refusals_exit_2_and_send_nothing(connected, args, fragment):
    result = connected("--sandbox", "--json", *args)
    assert result.exit_code == 2, result.stdout
    assert fragment in result.json()["error"]["message"] + result.json()["error"].get("hint", "")
    assert sent() == []


def test_text_inside_the_window_after_the_contact_wrote(connected):
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx
    from psn.sandbox.whatsapp import user_writes

    user_writes(sandbox_world(ctx()), ANA, "any news?", name="Ana")
    assert connected("--sandbox", "whatsapp", "webhook", "--from-sandbox").exit_code == 0
    result = connected("--sandbox", "--json", "whatsapp", "send", "--text", "Yes! New post up.", "--in-window-only",
                       "--yes")
    assert result.exit_code == 0, result.stdout
    assert [(m["to"], m["type"]) for m in sent()] == [(ANA, "text")]


def test_killed_mid_broadcast_then_retry_messages_each_contact_once(connected):
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": f"to:{ANA}"}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", *SEND], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 137, proc.stderr
    assert [m["to"] for m in sent()] == [ANA]
    [row] = connected("--sandbox", "--json", "post", "list").json()["data"]
    result = connected("--sandbox", "--json", "post", "retry", str(row["id"]))
    assert result.exit_code == 0, result.stdout
    assert sorted(m["to"] for m in sent()) == [ANA, BO]
    records = connected("--sandbox", "--json", "whatsapp", "deliveries").json()["data"]
    assert sorted(d["wa_id"] for d in records) == [ANA, BO]


def test_notification_to_self(connected):
    assert connected("--sandbox", "config", "set", "whatsapp.notify_to", "+447700900009").exit_code == 0
    assert connected("--sandbox", "config", "set", "whatsapp.notify_template", "psn_notify").exit_code == 0
    result = connected("--sandbox", "--json", "whatsapp", "notify", "3 replies are waiting")
    assert result.exit_code == 0, result.stdout
    [message] = sent()
    assert message["to"] == "447700900009" and message["body"]["template"]["name"] == "psn_notify"


def test_whatsapp_is_a_notification_channel(connected):
    assert connected("--sandbox", "config", "set", "notify.channels", '["log", "whatsapp"]').exit_code == 0
    not_ready = connected("--sandbox", "--json", "notify", "test")
    assert not_ready.exit_code == 6 and "whatsapp.notify_to" in not_ready.json()["error"]["message"]
    assert connected("--sandbox", "config", "set", "whatsapp.notify_to", "+447700900009").exit_code == 0
    assert connected("--sandbox", "config", "set", "whatsapp.notify_template", "psn_notify").exit_code == 0
    result = connected("--sandbox", "--json", "notify", "test")
    assert result.exit_code == 0, result.stdout
    [message] = sent()
    assert message["to"] == "447700900009" and message["body"]["template"]["name"] == "psn_notify"


def test_image_video_and_document_inside_the_window(connected, tmp_path):
    """Each media format WhatsApp declares goes out through `psn whatsapp send --media` to a contact
    inside their 24-hour window, with the caption given."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx
    from psn.platforms.instagram.probe import make_jpeg
    from psn.sandbox.whatsapp import user_writes

    files = {"image": tmp_path / "pot.jpg", "video": tmp_path / "clip.mp4", "document": tmp_path / "glazes.pdf"}
    files["image"].write_bytes(make_jpeg(640, 640))
    files["video"].write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096)
    files["document"].write_bytes(b"%PDF-1.7\n" + b"\x00" * 500)
    user_writes(sandbox_world(ctx()), ANA, "send me the glaze notes?", name="Ana")
    assert connected("--sandbox", "whatsapp", "webhook", "--from-sandbox").exit_code == 0
    for kind, path in files.items():
        result = connected("--sandbox", "--json", "whatsapp", "send", "--media", str(path), "--text", f"Your {kind}",
                           "--in-window-only", "--yes")
        assert result.exit_code == 0, result.stdout + result.stderr
    assert [(m["to"], m["type"]) for m in sent()] == [(ANA, "image"), (ANA, "video"), (ANA, "document")]
    assert [m["body"][m["type"]].get("caption") for m in sent()] == ["Your image", "Your video", "Your document"]

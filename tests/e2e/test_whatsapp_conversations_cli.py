"""A contact writes to the creator's WhatsApp number (issue 16): the webhook `psn webhooks serve`
receives becomes an opportunity, and `psn engage reply ID --text … --approve` answers in that
thread — a reply quoting the contact's message (`context.message_id`) with exactly the approved
text — while their 24-hour window is open; after it, psn refuses (exit 4) and sends nothing."""

from __future__ import annotations

import json
import threading

import httpx

S = "--sandbox"
NOW = "2026-11-21T12:00:00+00:00"


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def deliver_inbound(body: bytes) -> dict:
    """POST the delivery, signed as Meta signs it, to the receiver `psn webhooks serve` runs."""
    import hashlib
    import hmac

    from psn.cli.commands.webhooks import _adapters, _conversations
    from psn.cli.state import ctx
    from psn.webhooks import keys
    from psn.webhooks.receiver import Receiver
    from psn.webhooks.server import make_server

    secret = keys.read(ctx().secrets, "whatsapp")
    server = make_server(Receiver(ctx(), _adapters(ctx()), _conversations(ctx())), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        answer = httpx.post(f"http://127.0.0.1:{server.server_address[1]}/webhooks/whatsapp", content=body,
                            headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"}, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert answer.status_code == 200, answer.text
    return answer.json()


def sent_messages() -> list[dict]:
    return list(world().read("whatsapp").get("messages", {}).values())


def test_an_inbound_message_is_answered_in_its_thread_within_the_window(cli, monkeypatch):
    from psn.sandbox.whatsapp import user_writes

    monkeypatch.setenv("PSN_NOW", NOW)
    assert cli(S, "setup", "whatsapp").exit_code == 0
    wamid = user_writes(world(), "15550001111", "Do you ship to Lisbon?", name="Rita")
    [envelope] = [e for e in world().read("whatsapp")["outbox"] if "messages" in json.dumps(e)]
    stored = deliver_inbound(json.dumps(envelope).encode())
    assert len(stored.get("opportunities", [])) == 1

    [row] = [r for r in cli(S, "--json", "engage", "list").json()["data"] if r["platform"] == "whatsapp"]
    assert row["text"] == "Do you ship to Lisbon?" and row["on_your_post"]
    answer = "Yes, 3–5 days to Lisbon, tracked."
    sent = cli(S, "--json", "engage", "reply", str(row["id"]), "--text", answer, "--approve")
    assert sent.exit_code == 0, sent.stdout
    assert sent.json()["data"]["delivery"] == "api"
    [message] = sent_messages()
    assert message["body"]["context"] == {"message_id": wamid}
    assert (message["to"], message["body"]["text"]["body"]) == ("15550001111", answer)

    later = user_writes(world(), "15550002222", "And to Porto?")
    envelope = next(e for e in world().read("whatsapp")["outbox"] if later in json.dumps(e))
    deliver_inbound(json.dumps(envelope).encode())
    [porto] = [r for r in cli(S, "--json", "engage", "list").json()["data"] if r["text"] == "And to Porto?"]
    monkeypatch.setenv("PSN_NOW", "2026-11-22T12:30:00+00:00")  # 24.5 hours on: only a template may go
    late = cli(S, "--json", "engage", "reply", str(porto["id"]), "--text", "Yes!", "--approve")
    assert late.exit_code == 4 and "24 h ago" in late.json()["error"]["message"]
    assert "psn whatsapp send --template" in late.json()["error"]["hint"]
    assert len(sent_messages()) == 1  # nothing sent, and the approval is not used up
    assert cli(S, "--json", "engage", "queue").exit_code == 0

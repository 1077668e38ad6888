"""The adapter against the Cloud API emulator, every exchange checked against the spec: connect,
broadcast, asynchronous statuses in any order applied to delivery records, the window, errors."""

from __future__ import annotations

import pytest
from wa_support import MemoryCheckpoint

from psn.audience import contacts
from psn.audience.deliveries import DatabaseRecipients, apply_events, ingest_webhook, list_deliveries
from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.errors import AuthExpired, RateLimitedError, Rejected
from psn.platforms.whatsapp.client import template_message, text_message
from psn.platforms.whatsapp.spec import WhatsAppConnector
from psn.sandbox import whatsapp as emu
from psn.store.db import open_database

ANA, BO = "447700900001", "447700900002"


@pytest.fixture
def db(tmp_path):  # type: ignore[no-untyped-def]
    return open_database(tmp_path / "psn.db")


@pytest.fixture
def audience(db, clock):  # type: ignore[no-untyped-def]
    contacts.add_contact(db, clock, "+44 7700 900001", name="Ana", opt_in_source="newsletter")
    contacts.add_contact(db, clock, "+44 7700 900002", name="Bo", opt_in_source="QR code")
    contacts.add_contact(db, clock, "+44 7700 900003", name="Cy")  # no opt-in
    return DatabaseRecipients(db)


def broadcast(adapter, audience, **template) -> object:  # type: ignore[no-untyped-def]
    adapter.audience = audience
    spec = {"name": "psn_new_post", "language": "en_US", "body": ["Ana", "My post"], **template}
    return adapter.publish(PublishRequest(platform="whatsapp", format="template", idempotency_key="send-1",
                                          options={"template": spec}), MemoryCheckpoint())


@pytest.mark.parametrize(("phone", "waba", "token"), [
    (emu.PHONE_NUMBER_ID, emu.WABA_ID, emu.TOKEN),
    (emu.PLACEHOLDER_PHONE, emu.PLACEHOLDER_WABA, emu.PLACEHOLDER_TOKEN),  # `psn --sandbox setup whatsapp`
])
def test_connect_checks_ids_and_token(sandbox_deps, phone, waba, token):
    tokens = WhatsAppConnector(sandbox_deps).connect({"phone_number_id": phone, "waba_id": waba,
                                                      "access_token": token})
    assert tokens.extra == {"phone_number_id": phone, "waba_id": waba}


def test_connect_refuses_a_bad_token_and_a_phone_number_for_an_id(sandbox_deps):
    with pytest.raises(AuthExpired):
        WhatsAppConnector(sandbox_deps).connect({"phone_number_id": emu.PHONE_NUMBER_ID, "waba_id": emu.WABA_ID,
                                                 "access_token": "EAAGwrong"})
    with pytest.raises(BadInput) as caught:
        WhatsAppConnector(sandbox_deps).connect({"phone_number_id": "+1 555 0100", "waba_id": emu.WABA_ID,
                                                 "access_token": emu.TOKEN})
    assert "not the phone number" in (caught.value.hint or "")


def test_broadcast_reaches_opted_in_contacts_and_statuses_land_in_any_order(sandbox_adapter, audience, db, world,
                                                                            clock, spec_transport):
    result = broadcast(sandbox_adapter, audience)
    assert set(result.raw["recipients"]) == {ANA, BO}
    assert [m["to"] for m in emu.sent_messages(world)] == [ANA, BO]
    records = {d.wa_id: d.status for d in list_deliveries(db)}
    assert records == {ANA: "accepted", BO: "accepted"}
    for headers, body in emu.drain_outbox(world):  # each status arrives as its own delivery
        ingest_webhook(db, sandbox_adapter, headers, body, clock.now())
    assert {d.wa_id: d.status for d in list_deliveries(db, publish_key="send-1")} == {ANA: "read", BO: "read"}
    assert "POST /v26.0/106540352242922/messages" in spec_transport.checked


def test_free_text_outside_the_window_fails_later_with_131047(sandbox_adapter, db, world, clock):
    contacts.add_contact(db, clock, ANA, opt_in_source="form")
    # psn's own check would refuse this; pretend the window looked open to see what Meta does
    stale = [{"wa_id": ANA, "opted_in": True, "last_inbound_at": clock.now().isoformat()}]
    sandbox_adapter.publish(PublishRequest(platform="whatsapp", format="text", text="hi",
                                           options={"recipients": stale}), MemoryCheckpoint())
    events = [e for h, b in emu.drain_outbox(world) for e in sandbox_adapter.parse_webhook(h, b)]
    assert [(e.data["status"], e.data["error_code"]) for e in events] == [("failed", 131047)]
    apply_events(db, events, clock.now())
    [record] = list_deliveries(db)
    assert record.status == "failed" and "24 hours" in (record.error or "")


def test_inbound_message_opens_the_window(sandbox_adapter, audience, db, world, clock):
    emu.user_writes(world, ANA, "Hi! Any news?", name="Ana")
    for headers, body in emu.drain_outbox(world):
        assert ingest_webhook(db, sandbox_adapter, headers, body, clock.now()).inbound == 1
    sandbox_adapter.audience = audience
    result = sandbox_adapter.publish(PublishRequest(platform="whatsapp", format="text", text="Yes: new post!",
                                                    options={"in_window_only": True}), MemoryCheckpoint())
    assert list(result.raw["recipients"]) == [ANA]
    statuses = [e.data["status"] for h, b in emu.drain_outbox(world) for e in sandbox_adapter.parse_webhook(h, b)]
    assert sorted(statuses) == ["delivered", "read", "sent"]


def test_image_template_and_media(sandbox_adapter, audience, world, tmp_path):
    photo = tmp_path / "drop.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    sandbox_adapter.audience = audience
    sandbox_adapter.publish(PublishRequest(platform="whatsapp", format="template", media=[
        MediaItem(kind="image", path=photo)], options={"template": {"name": "psn_photo_drop", "language": "en_US",
                                                                    "body": ["New photo"]}}), MemoryCheckpoint())
    header = emu.sent_messages(world)[0]["body"]["template"]["components"][0]
    assert header["parameters"][0]["image"]["id"] in world.read("whatsapp")["media"]


def test_the_emulator_enforces_variable_counts_and_names(sandbox_adapter):
    client = sandbox_adapter.client
    with pytest.raises(Rejected, match="132000"):
        client.send(template_message(ANA, "psn_new_post", "en_US", []))
    with pytest.raises(Rejected, match="132001"):
        client.send(template_message(ANA, "psn_new_post", "de", []))


def test_unknown_number_fails_asynchronously(sandbox_adapter, world):
    client = sandbox_adapter.client
    client.send(template_message("15550001234", "hello_world", "en_US", []))
    [event] = [e for h, b in emu.drain_outbox(world) for e in sandbox_adapter.parse_webhook(h, b)]
    assert event.data["error_code"] == 131026


def test_pair_rate_limit(sandbox_deps, world):
    from psn.platforms.whatsapp.spec import make_adapter

    emu.user_writes(world, ANA, "hi")
    client = make_adapter(sandbox_deps).client
    client.http.policy.attempts = 1
    for _ in range(emu.PAIR_BURST):
        client.send(text_message(ANA, "ping"))
    with pytest.raises(RateLimitedError, match="131056"):
        client.send(text_message(ANA, "one too many"))


def test_wrong_webhook_signature_is_refused(sandbox_adapter, db, clock, world):
    emu.user_writes(world, ANA, "hi")
    [(headers, body)] = emu.drain_outbox(world, app_secret="someone-else")
    with pytest.raises(BadInput, match="signature"):
        ingest_webhook(db, sandbox_adapter, headers, body, clock.now())

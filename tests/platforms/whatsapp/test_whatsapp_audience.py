"""psn.audience: contacts with opt-in, CSV import all-or-nothing, the opt-in check, delivery
records that only move forward (whatever order webhooks arrive in), and the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wa_support import NOW

from psn.audience import contacts
from psn.audience.deliveries import DatabaseRecipients, apply_events, list_deliveries
from psn.core.errors import BadInput
from psn.platforms.base import WebhookEvent
from psn.platforms.whatsapp.events import INBOUND, STATUS
from psn.platforms.whatsapp.rules import STATUS_RANK
from psn.store.db import open_database
from tests.examples import scaled


@pytest.fixture
def db(tmp_path):  # type: ignore[no-untyped-def]
    return open_database(tmp_path / "psn.db")


def status(wamid: str, value: str, at_minute: int = 0, wa_id: str = "447700900001", code: int | None = None):
    data = {"status": value, "recipient_id": wa_id, "error_code": code, "error": f"error {code}" if code else None}
    return WebhookEvent(platform="whatsapp", kind=STATUS, object_id=wamid,
                        occurred_at=NOW + timedelta(minutes=at_minute), data=data)


def test_add_records_the_opt_in_date_and_source(db, clock):
    contact = contacts.add_contact(db, clock, "+44 7700 900001", name="Ana", opt_in_source="newsletter form",
                                   opted_in_at="2026-10-01")
    assert (contact.wa_id, contact.opted_in, contact.opt_in_source) == ("447700900001", True, "newsletter form")
    assert contact.opted_in_at.date().isoformat() == "2026-10-01"
    later = contacts.add_contact(db, clock, "447700900001", name="Ana B.")
    assert later.opted_in and later.name == "Ana B."  # adding again without a source keeps the opt-in


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"number": "hello"}, "not a phone number"),
    ({"number": "+447700900001", "opted_in_at": "2026-10-01"}, "needs its source"),
    ({"number": "+447700900001", "opt_in_source": "form", "opted_in_at": "2027-01-01"}, "in the future"),
    ({"number": "+447700900001", "opt_in_source": "form", "opted_in_at": "yesterday"}, "not a date"),
])
def test_bad_contacts_are_refused(db, clock, kwargs, fragment):
    with pytest.raises(BadInput, match=fragment):
        contacts.add_contact(db, clock, **kwargs)
    assert contacts.list_contacts(db) == []


def test_the_opt_in_check(db, clock):
    contacts.add_contact(db, clock, "447700900001", opt_in_source="form")
    contacts.add_contact(db, clock, "447700900002")
    assert contacts.not_opted_in(db, ["+44 7700 900001", "447700900002", "447700900009"]) == [
        "447700900002", "447700900009"]


def test_import_is_all_or_nothing(db, clock, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("Phone,Name,opt_in_source,opted_in_at\n+44 7700 900001,Ana,,2026-09-01\n"
                    "447700900002,Bo,QR code,\n447700900003,Cy,,\n")
    report = contacts.import_contacts(db, clock, good, default_source="event signup")
    assert (report.added, report.opted_in, report.without_opt_in) == (3, 3, [])
    listed = {c.wa_id: c.opt_in_source for c in contacts.list_contacts(db)}
    assert listed == {"447700900001": "event signup", "447700900002": "QR code", "447700900003": "event signup"}
    bad = tmp_path / "bad.csv"
    bad.write_text("number\n447700900004\nnot-a-number\n")
    with pytest.raises(BadInput) as caught:
        contacts.import_contacts(db, clock, bad)
    assert "line 3" in (caught.value.hint or "")
    assert len(contacts.list_contacts(db)) == 3


def test_remove_forgets_the_contact_but_not_the_history(db, clock):
    contacts.add_contact(db, clock, "447700900001", opt_in_source="form")
    DatabaseRecipients(db).record_sent("447700900001", "wamid.1", "template", "k", NOW)
    contacts.remove_contact(db, "+44 7700 900001")
    assert contacts.list_contacts(db) == [] and len(list_deliveries(db)) == 1
    with pytest.raises(BadInput, match="not in your WhatsApp contacts"):
        contacts.remove_contact(db, "447700900001")


@settings(max_examples=scaled(40), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["sent", "delivered", "read"]), st.booleans())
def test_delivery_records_never_move_backwards(tmp_path_factory, order, recorded_first):
    db = open_database(tmp_path_factory.mktemp("d") / "psn.db")
    book = DatabaseRecipients(db)
    if recorded_first:
        book.record_sent("447700900001", "wamid.X", "template", "key", NOW)
    for minute, value in enumerate(order):
        apply_events(db, [status("wamid.X", value, minute)], NOW)
    if not recorded_first:  # the webhooks beat psn's own record of the send
        book.record_sent("447700900001", "wamid.X", "template", "key", NOW)
    [record] = list_deliveries(db)
    assert record.status == "read" and (record.kind, record.publish_key) == ("template", "key")


def test_a_late_failure_does_not_undo_delivery_and_failures_keep_their_reason(db):
    apply_events(db, [status("wamid.A", "delivered"), status("wamid.A", "failed", code=131026)], NOW)
    apply_events(db, [status("wamid.B", "sent"), status("wamid.B", "failed", 1, code=131047)], NOW)
    records = {d.message_id: d for d in list_deliveries(db)}
    assert records["wamid.A"].status == "delivered" and records["wamid.A"].error is None
    assert (records["wamid.B"].status, records["wamid.B"].error_code) == ("failed", 131047)
    assert STATUS_RANK["read"] > STATUS_RANK["failed"]


def test_inbound_updates_only_known_contacts_and_only_forward(db, clock):
    contacts.add_contact(db, clock, "447700900001", opt_in_source="form")

    def inbound(wa_id: str, minute: int) -> WebhookEvent:
        return WebhookEvent(platform="whatsapp", kind=INBOUND, object_id=f"wamid.in{minute}",
                            occurred_at=NOW + timedelta(minutes=minute), data={"from": wa_id, "name": "Ana"})

    applied = apply_events(db, [inbound("447700900001", 5), inbound("447700900001", 2), inbound("15550009999", 1)],
                           NOW)
    assert applied.inbound == 2
    [ana] = contacts.list_contacts(db)
    assert ana.last_inbound_at == NOW + timedelta(minutes=5) and ana.name == "Ana"
    assert len(contacts.list_contacts(db)) == 1  # writing to you is not an opt-in


# -- CLI -------------------------------------------------------------------------------------------


def test_cli_contacts(cli, tmp_path):
    added = cli("--json", "whatsapp", "contacts", "add", "+44 7700 900001", "--name", "Ana", "--opt-in", "newsletter")
    assert added.exit_code == 0, added.stdout
    assert added.json()["data"]["opted_in"] is True
    assert cli("whatsapp", "contacts", "add", "+44 7700 900002").exit_code == 0
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("phone,name\n+447700900003,Cy\n")
    imported = cli("--json", "whatsapp", "contacts", "import", str(csv_file), "--opt-in", "talk")
    assert imported.json()["data"]["added"] == 1
    listed = cli("--json", "whatsapp", "contacts", "list", "--opted-in").json()["data"]
    assert sorted(c["wa_id"] for c in listed) == ["447700900001", "447700900003"]
    removed = cli("--json", "whatsapp", "contacts", "remove", "447700900003")
    assert removed.exit_code == 0 and removed.json()["data"]["name"] == "Cy"
    assert cli("--json", "whatsapp", "deliveries").json()["data"] == []


def test_cli_bad_input_exits_2_and_stores_nothing(cli, tmp_path):
    bad = cli("--json", "whatsapp", "contacts", "add", "not a number")
    assert bad.exit_code == 2 and bad.json()["error"]["kind"] == "bad_input"
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text("name\nAna\n")
    assert cli("whatsapp", "contacts", "import", str(csv_file)).exit_code == 2
    assert cli("--json", "whatsapp", "contacts", "list").json()["data"] == []

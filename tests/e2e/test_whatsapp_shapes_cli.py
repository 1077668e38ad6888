"""The real CLI against the Cloud API emulator answering the odd shapes contract §4.2 allows (issue
17): a send answer without contacts, and template sends Meta holds or pauses. psn must say what Meta
said, never count a paused template as on its way."""

from __future__ import annotations

import pytest

ANA = "447700900001"
SEND = ("whatsapp", "send", "--template", "psn_new_post", "--var", "Ana", "--var", "New post", "--yes")


def set_shapes(*shapes: str) -> None:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    sandbox_world(ctx()).set_shapes("whatsapp", *shapes)


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "--json", "setup", "whatsapp").exit_code == 0
    added = cli("--sandbox", "whatsapp", "contacts", "add", "+" + ANA, "--name", "Ana", "--opt-in", "form")
    assert added.exit_code == 0
    return cli


def deliveries(cli, key: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "whatsapp", "deliveries", "--key", key).json()["data"]


def test_a_send_answer_without_contacts_is_still_recorded(connected):
    set_shapes("no_contacts")
    result = connected("--sandbox", "--json", *SEND)
    assert result.exit_code == 0, result.stdout
    [delivery] = deliveries(connected, result.json()["data"]["idempotency_key"])
    assert delivery["status"] == "accepted"


@pytest.mark.parametrize(("shape", "status"), [("held_templates", "held_for_quality_assessment"),
                                               ("paused_templates", "paused")])
def test_deliveries_show_what_meta_said_of_a_template_send(connected, shape, status):
    set_shapes(shape)
    result = connected("--sandbox", "--json", *SEND)
    assert result.exit_code in (0, 4, 6), result.stdout
    [delivery] = deliveries(connected, result.json()["data"]["idempotency_key"])
    assert delivery["status"] == status

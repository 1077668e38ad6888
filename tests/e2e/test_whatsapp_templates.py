"""`psn whatsapp send` with a NAMED template that has a header variable (issue 17): reachable from
the CLI, sent with the right parameter names, and the template looked up once per send."""

from __future__ import annotations

import pytest

ANA = "447700900001"


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "setup", "whatsapp").exit_code == 0
    assert cli("--sandbox", "whatsapp", "contacts", "add", "+" + ANA, "--name", "Ana", "--opt-in",
               "newsletter").exit_code == 0
    return cli


def test_named_template_with_a_header_variable_is_sent_once_looked_up_once(connected):
    from psn.sandbox.whatsapp import sent_messages

    log = world().root / "requests.log"
    log.unlink(missing_ok=True)
    result = connected("--sandbox", "--json", "whatsapp", "send", "--template", "psn_welcome",
                       "--header-var", "first_name=Alice", "--named", "plan=Pro", "--named", "day=Monday", "--yes")
    assert result.exit_code == 0, result.stdout + result.stderr
    [message] = sent_messages(world())
    components = {c["type"]: c["parameters"] for c in message["body"]["template"]["components"]}
    assert components["header"] == [{"type": "text", "parameter_name": "first_name", "text": "Alice"}]
    assert {p["parameter_name"]: p["text"] for p in components["body"]} == {"plan": "Pro", "day": "Monday"}
    lookups = [line for line in log.read_text().splitlines() if "message_templates" in line]
    assert len(lookups) == 1, lookups


def test_a_named_header_variable_with_the_wrong_name_is_refused(connected):
    from psn.sandbox.whatsapp import sent_messages

    result = connected("--sandbox", "--json", "whatsapp", "send", "--template", "psn_welcome",
                       "--header-var", "name=Alice", "--named", "plan=Pro", "--named", "day=Monday", "--yes")
    assert result.exit_code == 2 and "first_name" in result.json()["error"]["message"]
    assert sent_messages(world()) == []

"""Fixtures for the notification delivery tests: local services Apprise really delivers to."""

from __future__ import annotations

import pytest
from notify_receivers import SMTP_PASSWORD, SMTP_USER, HttpReceiver, SmtpServer


@pytest.fixture
def receiver():
    server = HttpReceiver()
    yield server
    server.close()


@pytest.fixture
def smtp():
    server = SmtpServer(SMTP_USER, SMTP_PASSWORD)
    yield server
    server.close()


@pytest.fixture
def quiet_desktop(monkeypatch):
    for variable in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)  # never pop up on a developer's desktop

"""Desktop notifications without a desktop: commands built as argument lists, problems named.

(Email and webhooks go through Apprise now: tests/notify/.)"""

import pytest

from psn.notify.channels import DeliveryFailed
from psn.notify.channels.desktop import DesktopChannel
from psn.notify.message import Message

MESSAGE = Message(kind="post.missed", title="A scheduled post was missed", body="It was due at 09:00.")


def desktop(platform, tool="/usr/bin/tool", env=None, run=None):
    return DesktopChannel(platform=platform, which=lambda name: tool, run=run or (lambda *a, **k: None),
                          environ=env if env is not None else {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"})


def test_linux_uses_notify_send_with_arguments_not_shell():
    seen = []
    desktop("linux", run=lambda cmd, **kw: seen.append((cmd, kw))).send(
        Message(kind="k", title="-rf title", body="body $(x)"))
    [(command, options)] = seen
    assert command == ["/usr/bin/tool", "--app-name=psn", "--urgency=normal", "--", "-rf title", "body $(x)"]
    assert options["check"] is True and options["timeout"] == 10


def test_macos_passes_text_as_osascript_arguments():
    command = desktop("darwin").command(Message(kind="k", title='say "hi"', body="it's"))
    assert command[-2:] == ['say "hi"', "it's"]
    assert "display notification (item 2 of argv) with title (item 1 of argv)" in command


def test_desktop_problems():
    assert desktop("linux", env={}).problem().reason == "no desktop session here"
    assert "notify-send" in desktop("linux", tool=None).problem().reason
    assert desktop("linux").problem() is None
    assert desktop("win32").problem().outcome == "unavailable"


def test_desktop_failure_is_a_delivery_failure():
    import subprocess

    def fail(cmd, **kw):
        raise subprocess.CalledProcessError(1, cmd)

    with pytest.raises(DeliveryFailed):
        desktop("linux", run=fail).send(MESSAGE)

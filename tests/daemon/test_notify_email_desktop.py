"""Email over SMTP against a fake server on 127.0.0.1; desktop commands without a desktop."""

import email
import socketserver
import threading

import pytest

from psn.core.sections.notify import NotifySettings
from psn.notify.channels import DeliveryFailed
from psn.notify.channels.desktop import DesktopChannel
from psn.notify.channels.email import EmailChannel
from psn.notify.message import Message

MESSAGE = Message(kind="post.missed", title="A scheduled post was missed", body="It was due at 09:00.")


class FakeSMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 fake ESMTP")
        while line := self.rfile.readline().decode().strip():
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250 fake")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.server.envelope.append(line)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                data = []
                while (chunk := self.rfile.readline().decode()) != ".\r\n":
                    data.append(chunk)
                self.server.messages.append("".join(data))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeSMTP)
    server.daemon_threads = True
    server.messages, server.envelope = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_email_reaches_a_local_smtp_server(smtp_server):
    settings = NotifySettings(email_host="127.0.0.1", email_port=smtp_server.server_address[1],
                              email_security="none", email_to="me@example.test")
    EmailChannel(settings, password=None).send(MESSAGE)
    [raw] = smtp_server.messages
    sent = email.message_from_string(raw)
    assert sent["Subject"] == "[psn] A scheduled post was missed"
    assert sent["From"] == sent["To"] == "me@example.test"
    assert sent.get_payload().strip() == "It was due at 09:00."
    assert smtp_server.envelope[0].upper().startswith("MAIL FROM:<ME@EXAMPLE.TEST>")


def test_starttls_and_login_are_used_when_configured():
    calls = []

    class Recorder:
        def __init__(self, host, port, timeout):
            calls.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            calls.append(("quit",))

        def starttls(self, context):
            calls.append(("starttls",))

        def login(self, user, password):
            calls.append(("login", user, password))

        def send_message(self, message):
            calls.append(("send", message["To"]))

    settings = NotifySettings(email_host="smtp.example.test", email_user="me", email_to="me@example.test")
    EmailChannel(settings, password="pw-123456", smtp=Recorder).send(MESSAGE)
    assert calls == [("connect", "smtp.example.test", 587), ("starttls",), ("login", "me", "pw-123456"),
                     ("send", "me@example.test"), ("quit",)]


def test_email_failure_is_a_delivery_failure(smtp_server):
    settings = NotifySettings(email_host="127.0.0.1", email_port=1, email_security="none", email_to="me@x.test")
    with pytest.raises(DeliveryFailed, match="email not sent"):
        EmailChannel(settings, password=None).send(MESSAGE)


def test_email_problems():
    assert EmailChannel(NotifySettings(), None).problem().reason == "set notify.email_host and notify.email_to"
    needs_password = NotifySettings(email_host="h", email_to="t", email_user="u")
    assert "smtp-password" in EmailChannel(needs_password, None).problem().reason
    assert EmailChannel(needs_password, "pw").problem() is None


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

"""Email over SMTP (smtplib): STARTTLS on 587 by default, SSL on 465, or plain for a local relay."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from psn.core.sections.notify import NotifySettings
from psn.notify.channels import ChannelProblem, DeliveryFailed
from psn.notify.message import Message

NAME = "email"
SECRET_NAME = "notify.smtp_password"
TIMEOUT_S = 15


class EmailChannel:
    name = NAME

    def __init__(self, settings: NotifySettings, password: str | None,
                 smtp: Callable[..., Any] = smtplib.SMTP, smtp_ssl: Callable[..., Any] = smtplib.SMTP_SSL) -> None:
        self.settings = settings
        self.password = password
        self.smtp = smtp
        self.smtp_ssl = smtp_ssl

    def problem(self) -> ChannelProblem | None:
        s = self.settings
        if not s.email_host or not s.email_to:
            return ChannelProblem("not_configured", "set notify.email_host and notify.email_to")
        if s.email_user and not self.password:
            return ChannelProblem("not_configured", "no SMTP password: run `psn notify secret smtp-password`")
        return None

    def compose(self, message: Message) -> EmailMessage:
        email = EmailMessage()
        email["Subject"] = f"[psn] {message.title}"
        email["From"] = self.settings.email_from or self.settings.email_to
        email["To"] = self.settings.email_to
        email.set_content(message.body or message.title)
        return email

    def send(self, message: Message) -> None:
        s = self.settings
        try:
            if s.email_security == "ssl":
                connection = self.smtp_ssl(s.email_host, s.email_port, timeout=TIMEOUT_S,
                                           context=ssl.create_default_context())
            else:
                connection = self.smtp(s.email_host, s.email_port, timeout=TIMEOUT_S)
            with connection as server:
                if s.email_security == "starttls":
                    server.starttls(context=ssl.create_default_context())
                if s.email_user:
                    server.login(s.email_user, self.password or "")
                server.send_message(self.compose(message))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"email not sent: {type(exc).__name__}: {exc}") from None


def build(app: Any) -> EmailChannel:
    settings = app.settings.notify
    password = app.secrets.get(SECRET_NAME) if settings.email_user else None
    return EmailChannel(settings, password)

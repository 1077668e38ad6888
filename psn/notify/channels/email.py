"""The email channel of `notify.channels`, kept for homes set up before `psn notify add URL`:
the `notify.email_*` settings and the SMTP password become an Apprise `mailto(s)://` URL.

`email_security` maps to Apprise's modes: starttls → mailtos:// mode=starttls, ssl → mailtos://
mode=ssl, none → mailto:// (plain, for a relay on this machine).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from psn.core.sections.notify import NotifySettings
from psn.notify.apprise_channel import AppriseChannel
from psn.notify.channels import ChannelProblem

NAME = "email"
SECRET_NAME = "notify.smtp_password"


def apprise_url(settings: NotifySettings, password: str | None) -> str:
    scheme = "mailto" if settings.email_security == "none" else "mailtos"
    login = f"{quote(settings.email_user, safe='')}:{quote(password or '', safe='')}@" if settings.email_user else ""
    query = {"to": settings.email_to, "from": settings.email_from or settings.email_to}
    if settings.email_security != "none":
        query["mode"] = settings.email_security
    return f"{scheme}://{login}{settings.email_host}:{settings.email_port}?{urlencode(query)}"


def build(app: Any) -> AppriseChannel | ChannelProblem:
    settings = app.settings.notify
    if not settings.email_host or not settings.email_to:
        return ChannelProblem("not_configured", "set notify.email_host and notify.email_to")
    password = app.secrets.get(SECRET_NAME) if settings.email_user else None
    if settings.email_user and not password:
        return ChannelProblem("not_configured", "no SMTP password: run `psn notify secret smtp-password`")
    return AppriseChannel(NAME, apprise_url(settings, password))

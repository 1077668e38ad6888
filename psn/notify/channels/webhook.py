"""The webhook channel of `notify.channels`, kept for homes set up before `psn notify add URL`:
the URL stored with `psn notify secret webhook-url` is delivered through Apprise.

Slack, Discord and ntfy.sh URLs are Apprise URLs as they are (Apprise reads them natively); any
other http(s) URL becomes Apprise's `json(s)://` (a POST of title, message and type), and with
`notify.webhook_template = ntfy` the root URL plus `notify.webhook_topic` becomes `ntfy(s)://`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from psn.notify.apprise_channel import AppriseChannel
from psn.notify.channels import ChannelProblem

NAME = "webhook"
SECRET_NAME = "notify.webhook_url"


def apprise_url(url: str, template: str, topic: str) -> str:
    """The Apprise URL that delivers what this webhook setting delivered."""
    import apprise

    parts = urlsplit(url)
    secure = parts.scheme == "https"
    if template == "ntfy" and topic:
        return f"ntfy{'s' if secure else ''}://{parts.netloc}/{topic}"
    if apprise.Apprise.instantiate(url) is not None:
        return url
    return f"json{'s' if secure else ''}://{url.split('://', 1)[1]}"


def build(app: Any) -> AppriseChannel | ChannelProblem:
    url = app.secrets.get(SECRET_NAME)
    settings = app.settings.notify
    if not url:
        return ChannelProblem("not_configured", "no webhook URL: add the service with `psn notify add` and take "
                                                  "webhook out of notify.channels")
    if settings.webhook_template == "ntfy" and not settings.webhook_topic:
        return ChannelProblem("not_configured", "the ntfy template needs notify.webhook_topic")
    return AppriseChannel(NAME, apprise_url(url, settings.webhook_template, settings.webhook_topic))

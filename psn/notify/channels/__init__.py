"""Notification channels: the built-in ones named in `notify.channels`, one module each here
(`NAME` and `build(app) -> Channel`), then every channel added with `psn notify add URL`, which
delivers through Apprise (psn/notify/apprise_channel.py).

A channel that cannot work here (no desktop session, no SMTP host) says so through `problem()`
instead of failing at send time, so `psn notify test` can tell "not set up" from "broken".
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, NamedTuple, Protocol

from psn.notify.message import Message


class ChannelProblem(NamedTuple):
    outcome: str  # "unavailable" (nothing to fix in psn) or "not_configured" (a setting or secret is missing)
    reason: str


class DeliveryFailed(Exception):
    """A channel tried and failed; the message must say why without any secret in it."""


class Channel(Protocol):
    name: str

    def problem(self) -> ChannelProblem | None: ...

    def send(self, message: Message) -> None: ...


def channel_modules() -> dict[str, Any]:
    modules = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        modules[module.NAME] = module
    return modules


def build_channels(app: Any, only: str | None = None) -> dict[str, Channel | ChannelProblem]:
    """The configured channels, in order (built-in, then added); `only` keeps the one so named."""
    built: dict[str, Channel | ChannelProblem] = {}
    modules = channel_modules()
    for name in app.settings.notify.channels:
        if only not in (None, name):
            continue
        if name not in modules:
            built[name] = ChannelProblem("unavailable", f"the {name} channel is not available in this version")
            continue
        channel = modules[name].build(app)
        built[name] = channel if isinstance(channel, ChannelProblem) else (channel.problem() or channel)
    built.update(_added_channels(app, only))
    return built


def _added_channels(app: Any, only: str | None) -> dict[str, Channel | ChannelProblem]:
    from psn.notify.apprise_channel import AppriseChannel
    from psn.notify.channel_store import channel_url, stored_channels

    added: dict[str, Channel | ChannelProblem] = {}
    for stored in stored_channels(app.db):
        if only not in (None, stored.name):
            continue
        url = channel_url(app, stored)
        added[stored.name] = (AppriseChannel(stored.name, url, stored.daily_cap) if url else ChannelProblem(
            "not_configured", f"its URL is not in the keyring any more: `psn notify remove {stored.name}`, "
                              "then `psn notify add URL` again"))
    return added

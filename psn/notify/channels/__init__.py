"""Notification channels, one module each: `NAME` and `build(app) -> Channel`.

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


def build_channels(app: Any, names: list[str] | None = None) -> dict[str, Channel | ChannelProblem]:
    """The configured channels, in order; a name with no module yet becomes a problem entry."""
    modules = channel_modules()
    chosen = names if names is not None else app.settings.notify.channels
    built: dict[str, Channel | ChannelProblem] = {}
    for name in chosen:
        if name not in modules:
            built[name] = ChannelProblem("unavailable", f"the {name} channel is not available in this version")
            continue
        channel = modules[name].build(app)
        built[name] = channel.problem() or channel
    return built

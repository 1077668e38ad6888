"""A channel is a platform and a format (`x/single`, `linkedin/post`): one prompt template each,
one population of versions, one mode (open, approval, locked)."""

from __future__ import annotations

import difflib

from psn.context import AppContext
from psn.core.errors import BadInput
from psn.generate.formats import FORMATS
from psn.store.learn_tables import LearnChannel

MODES = ("open", "approval", "locked")
CHANNELS = tuple(f"{spec.platform}/{spec.name}" for spec in FORMATS)


def check_channel(channel: str) -> str:
    if channel in CHANNELS:
        return channel
    close = difflib.get_close_matches(channel, CHANNELS, n=3)
    hint = f"Did you mean {', '.join(close)}?" if close else f"Channels: {', '.join(CHANNELS)}."
    raise BadInput(f"There is no channel {channel!r}.", hint=hint)


def template_of(channel: str) -> str:
    platform, name = check_channel(channel).split("/", 1)
    return f"post/{platform}-{name}"


def channel_of_template(name: str) -> str | None:
    if not name.startswith("post/"):
        return None
    platform, _, fmt = name.removeprefix("post/").partition("-")
    channel = f"{platform}/{fmt}"
    return channel if channel in CHANNELS else None


def channel_of_content(platform: str, publish_format: str, template: str | None) -> str | None:
    """The channel of published content: its prompt version's, else its platform and format."""
    if template:
        return channel_of_template(template)
    for spec in FORMATS:
        if spec.platform == platform and spec.publish_format == publish_format:
            return f"{spec.platform}/{spec.name}"
    return None


def get_mode(ctx: AppContext, channel: str) -> str:
    with ctx.db.session() as session:
        row = session.get(LearnChannel, channel)
    if row is not None:
        return row.mode
    return "approval" if ctx.settings.learn.require_approval else "open"


def set_mode(ctx: AppContext, channel: str, mode: str) -> str:
    check_channel(channel)
    if mode not in MODES:
        raise BadInput(f"Unknown mode {mode!r}.", hint=f"Use one of: {', '.join(MODES)}.")
    with ctx.db.session() as session:
        row = session.get(LearnChannel, channel) or LearnChannel(channel=channel)
        row.mode, row.updated_at = mode, ctx.clock.now()
        session.add(row)
    return mode

"""Channels added with `psn notify add URL`: a row with the redacted URL, the URL in the keyring.

Names are what `psn notify test NAME` and `psn notify remove NAME` take; they never collide with
the built-in channels of `notify.channels` (log, desktop, whatsapp, and the old webhook/email).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from psn.core.errors import BadInput
from psn.core.sections.notify import CHANNEL_NAMES
from psn.notify.apprise_url import check_url
from psn.store.notify_tables import NotifyChannel

CHANNELS = NotifyChannel.__table__
SECRET_PREFIX = "notify.channel."
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
DEFAULT_CAP = 20


@dataclass
class StoredChannel:
    name: str
    service: str
    redacted_url: str
    secret_name: str
    daily_cap: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": "apprise", "service": self.service, "url": self.redacted_url,
                "daily_cap": self.daily_cap}


def stored_channels(db: Any) -> list[StoredChannel]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(CHANNELS).order_by(CHANNELS.c.id)).all()
    return [StoredChannel(r.name, r.service, r.redacted_url, r.secret_name, r.daily_cap) for r in rows]


def _checked_name(name: str, taken: set[str]) -> str:
    if not _NAME.match(name):
        raise BadInput(f"{name!r} cannot be a channel name.",
                       hint="Use up to 32 lower-case letters, digits, - or _, e.g. --name phone.")
    if name in CHANNEL_NAMES or name in taken:
        raise BadInput(f"There is already a channel called {name!r}.",
                       hint="Pick another --name, or `psn notify remove NAME` first.")
    return name


def _free_name(base: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9_-]", "", base.lower()) or "channel"
    candidates = (base if i == 1 else f"{base}-{i}" for i in range(1, 1000))
    return next(c for c in candidates if c not in taken and c not in CHANNEL_NAMES)


def add_channel(app: Any, url: str, name: str | None = None, daily_cap: int = DEFAULT_CAP) -> StoredChannel:
    """Check the URL with Apprise (nothing is sent), keep it in the keyring, record the channel."""
    checked, _ = check_url(url)
    existing = stored_channels(app.db)
    same = [c.name for c in existing if channel_url(app, c) == url.strip()]
    if same:  # the same service twice would deliver every notification twice
        raise BadInput(f"That URL is already the channel {same[0]!r}.",
                       hint=f"`psn notify test {same[0]}` tries it; `psn notify remove {same[0]}` forgets it.")
    taken = {c.name for c in existing}
    chosen = _checked_name(name, taken) if name else _free_name(checked.scheme, taken)
    channel = StoredChannel(chosen, checked.service, checked.redacted, SECRET_PREFIX + chosen, daily_cap)
    app.secrets.set(channel.secret_name, url.strip())
    try:
        with app.db.write() as conn:
            conn.execute(insert(CHANNELS).values(
                name=channel.name, service=channel.service, redacted_url=channel.redacted_url,
                secret_name=channel.secret_name, daily_cap=daily_cap, created_at=app.clock.now()))
    except Exception:
        app.secrets.delete(channel.secret_name)  # no secret left behind for a channel that is not there
        raise
    return channel


def remove_channel(app: Any, name: str) -> StoredChannel:
    """Forget the channel and delete its URL from the keyring."""
    found = [c for c in stored_channels(app.db) if c.name == name]
    if not found:
        names = ", ".join(c.name for c in stored_channels(app.db)) or "none yet"
        hint = ("Built-in channels are switched with `psn config set notify.channels`."
                if name in CHANNEL_NAMES else f"Channels added with `psn notify add`: {names}.")
        raise BadInput(f"No channel called {name!r} was added with `psn notify add`.", hint=hint)
    with app.db.write() as conn:
        conn.execute(delete(CHANNELS).where(CHANNELS.c.name == name))
    app.secrets.delete(found[0].secret_name)
    return found[0]


def channel_url(app: Any, channel: StoredChannel) -> str | None:
    return app.secrets.get(channel.secret_name)

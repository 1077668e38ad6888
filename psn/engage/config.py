"""Engagement settings: the effective keyword list, and changes that are validated, written to
config.toml and logged to the event log."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from psn.core.config import set_value
from psn.core.errors import BadInput
from psn.core.sections.engage import EngageSettings
from psn.engage.opportunities import log_config_change
from psn.store.db import Database
from psn.voice.store import current_voice

LIST_KEYS = {"keywords": ("keywords_add", "keywords_remove"), "blocked_authors": ("blocked_authors", None),
             "blocked_keywords": ("blocked_keywords", None), "monitor_platforms": ("monitor_platforms", None)}


def keywords(db: Database, settings: EngageSettings) -> list[str]:
    """Voice pillars + manual additions − removals, lower-cased, in a stable order."""
    stored = current_voice(db)
    pillars = [p.lower() for p in stored.profile.pillars] if stored else []
    removed = set(settings.keywords_remove)
    return [k for k in dict.fromkeys([*pillars, *settings.keywords_add]) if k not in removed]


def require_keywords(db: Database, settings: EngageSettings) -> list[str]:
    found = keywords(db, settings)
    if not found:
        raise BadInput("There are no niche keywords to watch.",
                       hint="Add some with `psn engage config add keywords \"your topic\"` or set voice pillars "
                            "with `psn setup voice`.")
    return found


def set_key(config_file: Path, db: Database, now: datetime, key: str, value: str) -> Any:
    if key.startswith("engage."):
        key = key[len("engage."):]
    if key not in EngageSettings.model_fields:
        raise BadInput(f"Unknown engage setting {key!r}.", hint="See them all with `psn engage config show`.")
    stored = set_value(config_file, f"engage.{key}", value)
    log_config_change(db, now, f"engage.{key}", stored)
    return stored


def change_list(config_file: Path, db: Database, now: datetime, settings: EngageSettings, name: str,
                item: str, add: bool) -> list[str]:
    """Add or remove one entry of a list setting; removing a pillar keyword records the removal."""
    if name not in LIST_KEYS:
        raise BadInput(f"{name!r} is not a list setting.", hint=f"Use one of: {', '.join(LIST_KEYS)}.")
    add_key, remove_key = LIST_KEYS[name]
    item = " ".join(item.split())
    if not item:
        raise BadInput("The value is empty.", hint="Give a word or a handle.")
    if add:
        _write(config_file, db, now, add_key, [*getattr(settings, add_key), item])
        if remove_key:
            _write(config_file, db, now, remove_key, [k for k in getattr(settings, remove_key) if k != item.lower()])
    else:
        current = getattr(settings, add_key)
        _write(config_file, db, now, add_key, [k for k in current if k.lower() != item.lower().lstrip("@")])
        if remove_key:
            _write(config_file, db, now, remove_key, [*getattr(settings, remove_key), item])
    return keywords(db, _reloaded(config_file)) if name == "keywords" else getattr(_reloaded(config_file), add_key)


def _write(config_file: Path, db: Database, now: datetime, key: str, values: list[str]) -> None:
    import json

    set_key(config_file, db, now, key, json.dumps(values))


def _reloaded(config_file: Path) -> EngageSettings:
    from psn.core.config import load_config

    return load_config(config_file).settings.engage


def parse_caps(items: list[str]) -> dict[str, int]:
    """`x=15` → {"cap_x": 15}; only platforms with their own cap (or `other`)."""
    caps: dict[str, int] = {}
    for item in items:
        platform, sep, number = item.partition("=")
        key = f"cap_{platform.strip().lower()}"
        if not sep or key not in EngageSettings.model_fields or not number.strip().isdigit():
            raise BadInput(f"--cap {item!r} is not PLATFORM=N.",
                           hint="e.g. --cap x=20 --cap linkedin=10 (x, linkedin, instagram, tiktok, other).")
        caps[key] = int(number)
    return caps


def apply_changes(config_file: Path, db: Database, now: datetime, settings: EngageSettings,
                  changes: dict[str, Any]) -> EngageSettings:
    """Validate every change together first (nothing is written if one is bad), then write and log each."""
    import json

    from pydantic import ValidationError

    from psn.core.validation import first_problem

    try:
        EngageSettings.model_validate(settings.model_dump() | changes)
    except ValidationError as exc:
        where, why = first_problem(exc)
        raise BadInput(f"{where or 'engage'}: {why}.",
                       hint="Nothing was changed; see `psn engage config show`.") from exc
    for key, value in changes.items():
        if value != getattr(settings, key):
            set_key(config_file, db, now, key, json.dumps(value) if isinstance(value, list | bool) else str(value))
    return _reloaded(config_file)

"""Read `--at` the way people write it: "tomorrow 9am", "fri 18:00", "in 2h", "in 30 minutes",
"2026-12-12 10:00" (the creator's timezone) or an ISO time with an offset.

A small hand-written grammar rather than dateparser: dateparser takes ~0.5 s to import (every
`psn post --at` would pay it), reads dozens of languages and guesses at ambiguous text (it turns
"fri" into last Friday unless told otherwise). A publish time must never be a guess: this reads a
handful of forms exactly and refuses everything else with examples.

Pure: the caller hands in "now" already in the creator's timezone. Times without an offset come
back naive (local wall-clock time) so the caller can check daylight-saving gaps; "in 2h" and ISO
times with an offset come back aware.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

UNITS = {
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "week": 604800, "weeks": 604800,
}
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ALIASES = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
EXAMPLES = '"tomorrow 9am", "fri 18:00", "in 2h", "in 30 minutes", "2026-12-12 10:00", or next-slot'

_RELATIVE = re.compile(r"in\s+(?P<rest>.+)")
_AMOUNT = re.compile(r"(\d+|an?)\s*([a-z]+)")
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>am|pm)?")


class UnreadableTime(ValueError):
    """The text is none of the forms psn reads."""


def read_when(text: str, local_now: datetime) -> datetime:
    """The moment `text` names: naive local time, or aware when the text carries its own offset."""
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise UnreadableTime(text)
    relative = _RELATIVE.fullmatch(cleaned)
    if relative:
        return local_now + _duration(relative["rest"])
    iso = _iso(text.strip())
    if iso is not None:
        return iso
    return _day_and_clock(cleaned, local_now.replace(tzinfo=None))


def _duration(text: str) -> timedelta:
    """ "2h", "30 minutes", "1h 30m", "an hour", "2 days" """
    compact = text.replace(" and ", " ")
    total, position = 0, 0
    for match in _AMOUNT.finditer(compact):
        if compact[position:match.start()].strip() or match[2] not in UNITS:
            raise UnreadableTime(text)
        amount = 1 if match[1] in ("a", "an") else int(match[1])
        total += amount * UNITS[match[2]]
        position = match.end()
    if not total or compact[position:].strip():
        raise UnreadableTime(text)
    return timedelta(seconds=total)


def _iso(text: str) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}[ t]\d", text, re.IGNORECASE):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None  # "2026-12-14 9am": a date and a clock time, read word by word


def _day_and_clock(text: str, now: datetime) -> datetime:
    words = text.split(" ")
    day_words, clock_words = _split_day(words)
    clock = _clock(" ".join(w for w in clock_words if w != "at"))
    day = _day(day_words, now.date(), clock, now)
    return datetime.combine(day, clock)


def _split_day(words: list[str]) -> tuple[list[str], list[str]]:
    if words[0] == "next" and len(words) > 1:
        return words[:2], words[2:]
    if _weekday(words[0]) is not None or words[0] in ("today", "tomorrow", "tonight") or _date(words[0]):
        return words[:1], words[1:]
    return [], words


def _day(words: list[str], today: date, clock: time, now: datetime) -> date:
    if not words or words == ["today"] or words == ["tonight"]:
        return today
    if words == ["tomorrow"]:
        return today + timedelta(days=1)
    if _date(words[0]):
        return _date(words[0])  # type: ignore[return-value]
    weekday = _weekday(words[-1])
    if weekday is None:
        raise UnreadableTime(" ".join(words))
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and (words[0] == "next" or datetime.combine(today, clock) <= now):
        ahead = 7  # "fri 18:00" on a Friday evening means next Friday, never a moment already gone
    return today + timedelta(days=ahead)


def _weekday(word: str) -> int | None:
    if word in _ALIASES:
        return _ALIASES[word]
    for index, full in enumerate(_FULL):
        if len(word) >= 3 and full.startswith(word):
            return index
    return None


def _date(word: str) -> date | None:
    try:
        return date.fromisoformat(word) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word) else None
    except ValueError:
        raise UnreadableTime(word) from None


def _clock(text: str) -> time:
    if text in ("noon", "midday"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _CLOCK.fullmatch(text)
    if not match:
        raise UnreadableTime(text)  # also a bare day ("tomorrow"): psn never guesses the hour
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            raise UnreadableTime(text)
        hour = hour % 12 + (12 if match["half"] == "pm" else 0)
    elif match["minute"] is None:
        raise UnreadableTime(text)  # "tomorrow 9": 9am or 9pm? ask for 9am or 09:00
    if hour > 23 or minute > 59:
        raise UnreadableTime(text)
    return time(hour, minute)

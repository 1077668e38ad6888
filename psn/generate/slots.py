"""When to publish: `--at "2026-12-01 09:00"`, "tomorrow 9am", "in 2h"… in the creator's timezone, or
`--at next-slot`.

Pure functions: the caller hands in the clock's now, the timezone, the slot times and the
moments already taken, so the rules are testable without a database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from psn.core.clock import ensure_utc
from psn.core.errors import BadInput

NEXT_SLOT = "next-slot"
MIN_LEAD = timedelta(minutes=5)  # a slot closer than this is too close to review and schedule safely
SEARCH_DAYS = 60


def parse_slot_time(text: str) -> tuple[int, int]:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or int(hours) > 23 or int(minutes) > 59:
        raise BadInput(f"{text!r} is not a posting time.", hint='Use 24-hour HH:MM, e.g. "09:00" or "17:30".')
    return int(hours), int(minutes)


def parse_when(text: str, timezone: str, now: datetime) -> datetime:
    """What people type (psn.generate.when_text), in the creator's timezone, as UTC; it must be
    in the future."""
    from psn.generate.when_text import EXAMPLES, UnreadableTime, read_when

    zone = ZoneInfo(timezone)
    local_now = ensure_utc(now).astimezone(zone)
    try:
        moment = read_when(text, local_now)
    except UnreadableTime:
        raise BadInput(f"Cannot read the time {text!r}.",
                       hint=f"Try {EXAMPLES} (times are in your timezone, {timezone}).") from None
    if moment.tzinfo is None:
        local = moment.replace(tzinfo=zone)
        if ensure_utc(local).astimezone(zone).replace(tzinfo=None) != moment:
            raise BadInput(f"{text} does not exist in {timezone}: the clocks skip that hour.",
                           hint="Give a time outside the daylight-saving change.")
        moment = local
    moment = ensure_utc(moment)
    if moment <= ensure_utc(now):
        raise BadInput(f"{text} ({moment.astimezone(zone):%Y-%m-%d %H:%M %Z}) is in the past.",
                       hint=f"It is {local_now:%a %Y-%m-%d %H:%M %Z} now; try {EXAMPLES}.")
    return moment


def next_slot(now: datetime, timezone: str, times: list[str], taken: list[datetime]) -> datetime:
    """The first slot at least MIN_LEAD from now whose minute is not already taken on this platform."""
    if not times:
        raise BadInput("No posting times are configured.",
                       hint='Set them: psn config set generation.posting_times \'["09:00", "17:30"]\'')
    zone = ZoneInfo(timezone)
    earliest = ensure_utc(now) + MIN_LEAD
    busy = {ensure_utc(t).replace(second=0, microsecond=0) for t in taken}
    clock_times = sorted(parse_slot_time(t) for t in times)
    day = earliest.astimezone(zone).date()
    for offset in range(SEARCH_DAYS):
        date = day + timedelta(days=offset)
        for hour, minute in clock_times:
            slot = ensure_utc(datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone))
            if slot >= earliest and slot not in busy:
                return slot
    raise BadInput(f"Every posting slot in the next {SEARCH_DAYS} days is taken.",
                   hint="Add posting times, or give --at a date and time.")


def resolve_when(text: str, *, timezone: str, now: datetime, times: list[str], taken: list[datetime]) -> datetime:
    if text.strip().lower() == NEXT_SLOT:
        return next_slot(now, timezone, times, taken)
    return parse_when(text, timezone, now)

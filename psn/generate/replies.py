"""How long a reply is, as its platform counts it. Reply options themselves are drafted by
`psn.engage.drafting` (the one path `psn engage` and `engage add`/`monitor` use)."""

from __future__ import annotations

from psn.generate.counting import x_weighted_length
from psn.generate.limits import MEASURES


def reply_length(platform: str, text: str) -> int:
    """A reply's length as its platform counts it: X weighs CJK and emoji double and any URL as 23;
    the others count UTF-16 units (an emoji outside the BMP is 2), which is never less than theirs."""
    return x_weighted_length(text) if platform == "x" else MEASURES["utf16"](text)

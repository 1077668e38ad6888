"""How the LinkedIn emulator reads post commentary: its own little-text parser, written apart
from psn's escaper so the tests check one against the other.

Like LinkedIn, it shows escaped characters as themselves, hashtag templates and bare `#tag`
elements as `#tag`, mentions as their name, and silently truncates the text at the first
reserved character it cannot parse.
"""

from __future__ import annotations

import re

RESERVED = frozenset("\\|{}@[]()<>#*_~")
_TEMPLATE = re.compile(r"\{hashtag\|\\#\|([^{}|\\]+)\}")
_MENTION = re.compile(r"@\[([^\[\]]+)\]\(urn:li:(?:person|organization):[A-Za-z0-9_-]+\)")
_BARE_HASHTAG = re.compile(r"#([^\W_]+)")


def render(commentary: str) -> tuple[str, bool]:
    """(the text readers see, whether LinkedIn truncated it)."""
    out: list[str] = []
    pos = 0
    while pos < len(commentary):
        char = commentary[pos]
        if char == "\\" and pos + 1 < len(commentary):
            out.append(commentary[pos + 1])
            pos += 2
            continue
        if char not in RESERVED:
            out.append(char)
            pos += 1
            continue
        element = _element(commentary, pos)
        if element is None:
            return "".join(out), True
        shown, pos = element
        out.append(shown)
    return "".join(out), False


def _element(commentary: str, pos: int) -> tuple[str, int] | None:
    for pattern, shown in ((_TEMPLATE, "#{}"), (_MENTION, "{}"), (_BARE_HASHTAG, "#{}")):
        match = pattern.match(commentary, pos)
        if match:
            return shown.format(match.group(1)), match.end()
    return None

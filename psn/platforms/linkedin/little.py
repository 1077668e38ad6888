"""LinkedIn's "little text" format for post commentary.

Reserved characters (\\ | { } @ [ ] ( ) < > # * _ ~) must be backslash-escaped, or LinkedIn
silently truncates the post at the first one it cannot parse. Two things keep their meaning:

- `#tag` (a `#` not preceded by a letter, digit or backslash, followed by letters/digits with at
  least one letter) becomes the documented hashtag template `{hashtag|\\#|tag}`. psn uses the
  template rather than a bare `#tag` so the hashtag ends exactly where psn says it does, whatever
  LinkedIn's parser thinks of the next character. `C#`, `#1` and a lone `#` stay plain text.
- `@[Name](urn:li:person:…)` / `@[Name](urn:li:organization:…)` mentions pass through unchanged.

Comments (socialActions) are plain text, not little text: they are never escaped.
"""

from __future__ import annotations

import re

from psn.platforms.linkedin.rules import MENTION_RE

RESERVED = frozenset("\\|{}@[]()<>#*_~")
HASHTAG_RE = re.compile(r"(?<![\w\\])#((?=[^\W_]*[^\W\d_])[^\W_]+)")


def escape_plain(text: str) -> str:
    return "".join("\\" + char if char in RESERVED else char for char in text)


def hashtag(tag: str) -> str:
    return "{hashtag|\\#|" + tag + "}"


def _escape_segment(segment: str) -> str:
    out, last = [], 0
    for match in HASHTAG_RE.finditer(segment):
        out.append(escape_plain(segment[last : match.start()]))
        out.append(hashtag(match.group(1)))
        last = match.end()
    out.append(escape_plain(segment[last:]))
    return "".join(out)


def escape_commentary(text: str) -> str:
    """Plain text as the creator wrote it → commentary LinkedIn shows exactly as written."""
    out, last = [], 0
    for match in MENTION_RE.finditer(text):
        out.append(_escape_segment(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_segment(text[last:]))
    return "".join(out)

"""WordPress rules as data, and the checks psn runs before any call (contracts §5.3–§5.5)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from psn.core.errors import BadInput

STATUSES = ("publish", "future", "draft", "pending", "private")
FUTURE_MIN = timedelta(minutes=1)  # WordPress stores a date ≥ 1 min ahead as `future`
TITLE_MAX = 255  # psn's cap for a readable title; WordPress itself stores more
FEATURED_TYPES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
FEATURED_MAX_BYTES = 100 * 1024 * 1024  # psn's cap (each host sets its own): the upload is read whole
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_status(status: str, scheduled: datetime | None, now: datetime) -> str:
    """The status to send: a scheduled post is `future`, and its date must be ahead of now."""
    if status not in STATUSES:
        raise BadInput(f"WordPress has no post status {status!r}.", hint=f"Use one of: {', '.join(STATUSES)}.")
    if scheduled is None:
        if status == "future":
            raise BadInput("A scheduled (future) post needs its date.", hint="Give --at 2026-12-01T09:00:00Z.")
        return status
    if scheduled <= now:
        raise BadInput(f"The scheduled time {scheduled.isoformat()} is in the past; WordPress would publish it "
                       "at once.", hint="Give a future time, or publish now without one.", value=scheduled.isoformat())
    if scheduled < now + FUTURE_MIN:
        raise BadInput("WordPress schedules at least a minute ahead.", hint="Give a later time.")
    if status not in ("publish", "future"):
        raise BadInput(f"A {status} post cannot be scheduled.", hint="Schedule with status publish or future.")
    return "future"


def date_gmt(moment: datetime) -> str:
    """ISO 8601 without an offset, in UTC, as `date_gmt` wants it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def title_and_body(title: str | None, text: str) -> tuple[str, str]:
    """The title given, or the first line of a multi-line text (`# Heading` or plain) and the rest."""
    if title and title.strip():
        return title.strip(), text
    lines = text.strip().splitlines()
    if len(lines) >= 2 and lines[0].strip():
        # Only a Markdown heading marker ("# ", "## ") goes: "#1 tip for bloggers" keeps its "#".
        return HEADING_MARKER.sub("", lines[0].strip()).strip(), "\n".join(lines[1:]).strip()
    return "", text


def check_title(title: str | None) -> str:
    text = (title or "").strip()
    if not text:
        raise BadInput("A WordPress post needs a title.",
                       hint="Give --title (`psn article`), or make the first line of the text the title.")
    if len(text) > TITLE_MAX:
        raise BadInput(f"The title is {len(text)} characters; psn keeps them under {TITLE_MAX}.",
                       hint="Shorten it.", limit=TITLE_MAX, value=len(text))
    return text


def check_slug(slug: str | None) -> None:
    if slug and not SLUG.fullmatch(slug):  # not .match: its `$` lets a trailing newline through
        raise BadInput(f"{slug!r} is not a slug.", hint="Use lowercase letters, digits and hyphens, e.g. launch-notes.")


def split_terms(values: list[str | int]) -> tuple[list[int], list[str]]:
    """(ids, names): numbers are term ids, anything else a name to look up or create."""
    ids: list[int] = []
    names: list[str] = []
    for value in values:
        text = str(value).strip().lstrip("#")
        if not text:
            continue
        if text.isascii() and text.isdigit():  # "¹" is a digit to Python, not an id
            ids.append(int(text))
        elif text.lower() not in (n.lower() for n in names):
            names.append(text)
    return ids, names


BLOCK_MARKUP = "<!-- wp:"
HEADING_MARKER = re.compile(r"^#{1,6}[ \t]+")


def blocks(text: str) -> str:
    """The text is Markdown (CommonMark, plus tables and ~~strikethrough~~): it becomes HTML, with
    paragraphs and headings as editor blocks. HTML typed in it is escaped and shows as text, so a
    `3 < 5` or a pasted `<script>` can never reach the page as markup. The one exception is text
    that already is WordPress block markup (it starts with `<!-- wp:`, as the editor's code view
    writes it): that is sent as written."""
    if text.lstrip().startswith(BLOCK_MARKUP):
        return text
    md = _markdown()
    tokens = md.parse(text)
    return "\n\n".join(_as_block(md.renderer.render(group, md.options, {}), group[0]) for group in _top_level(tokens))


def _markdown():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    # html=False escapes raw HTML; breaks=True keeps a single line break a line break, as before.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["table", "strikethrough"])


def _top_level(tokens: list) -> list[list]:  # type: ignore[type-arg]
    """Tokens grouped by top-level block (a paragraph, a heading, a whole list…)."""
    groups: list[list] = []  # type: ignore[type-arg]
    current: list = []  # type: ignore[type-arg]
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            groups.append(current)
            current = []
    return groups + ([current] if current else [])


def _as_block(html: str, first) -> str:  # type: ignore[no-untyped-def]
    html = html.strip()
    if first.type == "paragraph_open":
        return f"<!-- wp:paragraph -->\n{html}\n<!-- /wp:paragraph -->"
    if first.type == "heading_open":
        level = int(first.tag[1])
        attrs = "" if level == 2 else f' {{"level":{level}}}'
        return f"<!-- wp:heading{attrs} -->\n{html}\n<!-- /wp:heading -->"
    return html  # lists, quotes, code, tables: classic HTML, which the editor shows as it is

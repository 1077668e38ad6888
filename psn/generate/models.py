"""What generation produces: per-platform drafts with their checks, as plain data."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class Script(BaseModel):
    """For video formats: the creator records from this."""

    hook: str = ""
    beats: list[str] = []
    on_screen_text: list[str] = []
    caption: str = ""


class DraftBody(BaseModel):
    text: str = ""
    """Exactly what is published (the first post of a thread; the caption of media)."""
    parts: list[str] = []
    """The posts after the first, for a thread."""
    slides: list[str] = []
    """The words for each carousel slide (the creator designs the images)."""
    title: str | None = None
    hashtags: list[str] = []
    script: Script | None = None

    def all_posts(self) -> list[str]:
        return [self.text, *self.parts]


class Issue(BaseModel):
    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    fixes: list[str] = []
    """Automatic fixes that resolve it: shorten, split_into_thread, trim_hashtags, drop_caption."""


class DuplicateMatch(BaseModel):
    platform: str
    text: str
    similarity: float
    published_at: datetime | None = None
    ref: str | None = None
    """The earlier post's id or URL, to show next to the warning."""


class RecentPost(BaseModel):
    """A post already published (supplied by the publishing pipeline)."""

    platform: str
    text: str
    published_at: datetime | None = None
    ref: str | None = None


class PlatformDraft(BaseModel):
    platform: str
    format: str
    format_reason: str
    body: DraftBody
    prompt_name: str
    prompt_version_id: int
    provider: str
    model: str
    offline: bool
    note: str | None = None
    """Set by the offline composer, and shown wherever the draft is."""
    issues: list[Issue] = []
    duplicates: list[DuplicateMatch] = []
    counts: dict[str, int] = {}
    applied_fixes: list[str] = []
    awaiting_media: bool = False
    """A video format with no video yet: the script waits for the recording."""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def fixes_available(self) -> list[str]:
        return list(dict.fromkeys(fix for issue in self.issues for fix in issue.fixes))

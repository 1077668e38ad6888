"""Instagram's response objects, typed at the boundary (ids stay strings even when Meta sends numbers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class IGModel(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True, extra="ignore", populate_by_name=True)


class IGAccount(IGModel):
    id: str = ""
    """App-scoped id: never use it in paths."""
    user_id: str = ""
    """The professional account id (`<IG_ID>`) every `/{ig-user-id}/…` path takes."""
    username: str = ""
    name: str = ""
    account_type: str = ""
    profile_picture_url: str = ""
    followers_count: int | None = None
    follows_count: int | None = None
    media_count: int | None = None


class Container(IGModel):
    id: str
    uri: str | None = None
    """The rupload URL of a resumable container, to be used verbatim."""


class ContainerStatus(IGModel):
    id: str = ""
    status_code: str = ""
    """IN_PROGRESS, FINISHED, PUBLISHED, ERROR or EXPIRED."""
    status: str = ""

    @property
    def error_subcode(self) -> int | None:
        """`Error: Media upload has failed with error code 2207026` → 2207026."""
        digits = "".join(c if c.isdigit() else " " for c in self.status).split()
        codes = [int(d) for d in digits if len(d) == 7 and d.startswith("22070")]
        return codes[-1] if codes else None


class PublishingQuota(IGModel):
    quota_usage: int = 0
    quota_total: int | None = None
    quota_duration: int | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.quota_total is None else max(self.quota_total - self.quota_usage, 0)


class IGMedia(IGModel):
    id: str
    caption: str | None = None
    media_type: str = ""
    media_product_type: str = ""
    media_url: str | None = None
    thumbnail_url: str | None = None
    permalink: str | None = None
    shortcode: str | None = None
    timestamp: str | None = None
    like_count: int | None = None
    comments_count: int | None = None
    username: str | None = None


class MediaPage(IGModel):
    items: list[IGMedia] = []
    after: str | None = None
    """Cursor of the next page; None on the last page."""


class InsightValue(IGModel):
    name: str
    period: str = ""
    values: list[dict[str, Any]] = []
    total_value: dict[str, Any] | None = None
    title: str = ""

    @property
    def value(self) -> float | int | None:
        """The single figure of a lifetime / total_value metric."""
        if self.total_value is not None:
            return self.total_value.get("value")
        if self.values:
            return self.values[-1].get("value")
        return None


class IGCommentAuthor(IGModel):
    id: str = ""
    username: str = ""


class IGComment(IGModel):
    id: str
    text: str = ""
    timestamp: str | None = None
    username: str = ""
    from_: IGCommentAuthor | None = Field(default=None, alias="from")
    like_count: int = 0
    hidden: bool = False
    parent_id: str | None = None
    media_id: str = ""
    """Filled in by the client (the listing endpoint is per media)."""


class CommentPage(IGModel):
    items: list[IGComment] = []
    after: str | None = None


class FacebookPage(IGModel):
    id: str
    name: str = ""
    instagram_user_id: str = ""


def graph_time(value: str | None) -> datetime | None:
    """Meta's `2026-09-20T14:03:11+0000` (no colon in the offset) → an aware datetime."""
    if not value:
        return None
    from psn.core.clock import parse_iso

    text = value
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        return parse_iso(text)
    except ValueError:
        return None

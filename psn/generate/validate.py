"""Check a draft against its platform's limits and the creator's voice; say which fixes apply."""

from __future__ import annotations

from psn.generate.counting import hashtags_in, mentions_in
from psn.generate.limits import Limits
from psn.generate.models import DraftBody, Issue

UNIT_LABELS = {"weighted": "characters as X counts them", "utf16": "characters", "chars": "characters"}


def measure_counts(body: DraftBody, limits: Limits) -> dict[str, int]:
    posts = [p for p in body.all_posts() if p]
    counts = {
        "length": limits.measure(body.text),
        "hashtags": sum(len(hashtags_in(p)) for p in posts),
        "mentions": sum(len(mentions_in(p)) for p in posts),
    }
    if body.parts:
        counts["posts"] = len(posts)
        counts["longest_post"] = max(limits.measure(p) for p in posts)
    if body.title is not None:
        counts["title_length"] = limits.measure(body.title)
    if limits.text_max is not None:
        counts["limit"] = limits.text_max
    return counts


def check_body(
    body: DraftBody, limits: Limits, *, platform: str, format: str, personal_max: int | None = None,
    avoid_words: list[str] | None = None,
) -> list[Issue]:
    issues = _length_issues(body, limits, platform, format, personal_max)
    issues += _tag_issues(body, limits)
    if not limits.caption_allowed and body.text.strip():
        issues.append(Issue(
            code="caption_not_supported", severity="warning", fixes=["drop_caption"],
            message="This format takes no caption; put the words on the image or video instead.",
        ))
    if limits.caption_allowed and not body.text.strip():
        issues.append(Issue(code="empty", severity="error", message="The draft has no text."))
    used = _avoided_words_used(body, avoid_words or [])
    if used:
        issues.append(Issue(
            code="avoided_words", severity="warning",
            message=f"The draft uses words your voice profile avoids: {', '.join(used)}.",
        ))
    return issues


def _length_issues(
    body: DraftBody, limits: Limits, platform: str, format: str, personal_max: int | None
) -> list[Issue]:
    unit = UNIT_LABELS[limits.unit]
    issues: list[Issue] = []
    cap = limits.part_max if body.parts else limits.text_max
    for index, post in enumerate(body.all_posts(), start=1):
        length = limits.measure(post)
        where = f"Post {index} of the thread" if body.parts else "The text"
        if cap is not None and length > cap:
            fixes = ["shorten"] + (["split_into_thread"] if (platform, format) == ("x", "single") else [])
            issues.append(Issue(code="too_long", severity="error", fixes=fixes,
                                message=f"{where} is {length} {unit}; the limit is {cap}."))
        elif personal_max is not None and length > personal_max and (cap is None or personal_max < cap):
            issues.append(Issue(code="longer_than_usual", severity="warning", fixes=["shorten"],
                                message=f"{where} is {length} {unit}; your profile caps it at {personal_max}."))
    if limits.max_parts is not None and len(body.all_posts()) > limits.max_parts:
        issues.append(Issue(code="too_many_posts", severity="error",
                            message=f"The thread has {len(body.all_posts())} posts; the limit is {limits.max_parts}."))
    title_length = limits.measure(body.title) if body.title is not None else 0
    if limits.title_max is not None and title_length > limits.title_max:
        issues.append(Issue(code="title_too_long", severity="error", fixes=["shorten"],
                            message=f"The title is {title_length} {unit}; the limit is {limits.title_max}."))
    return issues


def _tag_issues(body: DraftBody, limits: Limits) -> list[Issue]:
    posts = body.all_posts()
    tags = sum(len(hashtags_in(p)) for p in posts)
    mentions = sum(len(mentions_in(p)) for p in posts)
    issues: list[Issue] = []
    if limits.max_hashtags is not None and tags > limits.max_hashtags:
        issues.append(Issue(code="too_many_hashtags", severity="error", fixes=["trim_hashtags"],
                            message=f"{tags} hashtags; the limit is {limits.max_hashtags}."))
    elif limits.soft_max_hashtags is not None and tags > limits.soft_max_hashtags:
        issues.append(Issue(code="many_hashtags", severity="warning", fixes=["trim_hashtags"],
                            message=f"{tags} hashtags; the app has shown at most {limits.soft_max_hashtags} lately."))
    if limits.max_mentions is not None and mentions > limits.max_mentions:
        issues.append(Issue(code="too_many_mentions", severity="error",
                            message=f"{mentions} @mentions; the limit is {limits.max_mentions}. Edit some out."))
    return issues


def _avoided_words_used(body: DraftBody, avoid_words: list[str]) -> list[str]:
    import re

    text = "\n".join([*body.all_posts(), body.title or "", *body.slides]).lower()
    return [w for w in avoid_words if re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", text)]

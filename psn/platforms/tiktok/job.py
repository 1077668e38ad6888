"""A publish request turned into a TikTok job, with every limit checked locally before any
network call: format, media, text lengths (UTF-16), chunk plan, URLs, privacy and audit rules.

Audit rules (contracts B2.12): an unaudited app may only post SELF_ONLY to a private account. So
without an explicit privacy psn uploads to the creator's TikTok inbox (a draft they finish in the
app), or posts SELF_ONLY when `tiktok.unaudited_mode = "self_only"`; anything more public is
refused with the way to get audited. Audited apps post directly only with a privacy the creator
chose (TikTok's UX rules forbid a default); without one psn still uploads a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.tiktok import rules
from psn.platforms.tiktok.errors import AUDIT_HINT
from psn.platforms.tiktok.media import video_duration, video_mime

Mode = Literal["direct", "inbox"]
DRAFT_NOTE = ("Uploaded to your TikTok inbox as a draft: open TikTok and finish the post there (you choose "
              "who sees it).")


@dataclass(frozen=True)
class PublishPolicy:
    """The [tiktok] settings that shape a publish."""

    audited: bool = False
    unaudited_mode: str = "inbox"
    chunk_size: int = rules.MAX_CHUNK
    verified_url_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Target:
    mode: Mode
    privacy: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostOptions:
    allow_comment: bool = False
    allow_duet: bool = False
    allow_stitch: bool = False
    brand_content: bool = False
    brand_organic: bool = False
    ai_generated: bool = False
    auto_add_music: bool = True
    cover_timestamp_ms: int | None = None
    cover_index: int = 0


@dataclass
class Job:
    kind: Literal["video", "photo"]
    target: Target
    options: PostOptions
    caption: str = ""
    title: str = ""
    path: Path | None = None
    url: str | None = None
    photo_urls: list[str] = field(default_factory=list)
    plan: rules.ChunkPlan | None = None
    mime: str = ""
    duration: float | None = None

    @property
    def file_upload(self) -> bool:
        return self.kind == "video" and self.path is not None


def choose_target(options: dict[str, Any], policy: PublishPolicy) -> Target:
    mode = str(options.get("mode") or "").lower()
    if mode not in ("", "direct", "inbox", "draft"):
        raise BadInput(f"Unknown TikTok mode {mode!r}.", hint="Use mode=direct or mode=inbox (a draft).")
    raw_privacy = options.get("privacy")
    if mode in ("inbox", "draft"):
        if raw_privacy:
            raise BadInput("A TikTok draft takes no privacy: you choose it in the app when you finish the post.",
                           hint="Drop the privacy, or use mode=direct.")
        return Target("inbox", None, (DRAFT_NOTE,))
    privacy = rules.privacy_level(str(raw_privacy)) if raw_privacy else None
    if not policy.audited:
        return _unaudited_target(privacy, mode, policy)
    if privacy is None:
        if mode == "direct":
            raise BadInput("TikTok requires you to choose who can see a direct post; psn sets no default.",
                           hint="Pass privacy=public, friends, followers or private.")
        return Target("inbox", None, (DRAFT_NOTE + " Pass privacy=… to post directly.",))
    return Target("direct", privacy)


def _unaudited_target(privacy: str | None, mode: str, policy: PublishPolicy) -> Target:
    if privacy not in (None, "SELF_ONLY"):
        raise BadInput(f"TikTok refuses {privacy} posts from unaudited apps.", hint=AUDIT_HINT)
    why = ("Your TikTok app is unaudited, so TikTok only allows private posts; after TikTok audits the app, "
           "run `psn config set tiktok.audited true` to post publicly.")
    if privacy is None and mode != "direct" and policy.unaudited_mode == "inbox":
        return Target("inbox", None, (DRAFT_NOTE, why))
    return Target("direct", "SELF_ONLY", ("Posted as SELF_ONLY (only you can see it). " + why,))


def post_options(options: dict[str, Any]) -> PostOptions:
    def flag(name: str, default: bool = False) -> bool:
        value = options.get(name, default)
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def number(name: str) -> int | None:
        value = options.get(name)
        if value is None or value == "":
            return None
        try:
            parsed = int(value)
        except (TypeError, ValueError):
            raise BadInput(f"TikTok option {name} must be a whole number, not {value!r}.") from None
        if parsed < 0:
            raise BadInput(f"TikTok option {name} cannot be negative.", limit=0, value=parsed)
        return parsed

    return PostOptions(
        allow_comment=flag("allow_comment"), allow_duet=flag("allow_duet"), allow_stitch=flag("allow_stitch"),
        brand_content=flag("brand_content"), brand_organic=flag("brand_organic"),
        ai_generated=flag("ai_generated"), auto_add_music=flag("auto_add_music", True),
        cover_timestamp_ms=number("cover_timestamp_ms"), cover_index=number("cover_index") or 0,
    )


def build_job(request: PublishRequest, policy: PublishPolicy) -> Job:
    """Validate everything that can be checked without TikTok; BadInput names the limit and the value."""
    kind = _kind(request)
    target = choose_target(request.options, policy)
    options = post_options(request.options)
    if options.brand_content and target.privacy == "SELF_ONLY":
        raise BadInput("TikTok does not allow branded content to be private (SELF_ONLY).",
                       hint="Choose another privacy, or drop brand_content.")
    if kind == "photo":
        return _photo_job(request, target, options, policy)
    return _video_job(request, target, options, policy)


def _kind(request: PublishRequest) -> Literal["video", "photo"]:
    if request.format in ("video", "photo"):
        return request.format  # type: ignore[return-value]
    kinds = {m.kind for m in request.media}
    if request.format in ("text", "") and kinds == {"video"}:
        return "video"
    if request.format in ("text", "", "carousel", "image") and kinds == {"image"}:
        return "photo"
    raise BadInput(f"TikTok posts are videos or photos; {request.format!r} with "
                   f"{', '.join(sorted(kinds)) or 'no media'} cannot be posted there.",
                   hint="Attach one video, or 1–35 images hosted on your verified domain.")


def _video_job(request: PublishRequest, target: Target, options: PostOptions, policy: PublishPolicy) -> Job:
    videos = [m for m in request.media if m.kind == "video"]
    if len(videos) != 1 or len(request.media) != 1:
        raise BadInput(f"A TikTok video post takes exactly one video; got {len(request.media)} media.",
                       hint="Attach one video file or URL.")
    rules.check_title(request.text, rules.VIDEO_TITLE_MAX, "caption")
    item = videos[0]
    job = Job("video", target, options, caption=request.text)
    if item.path is not None:
        _local_video(job, item, policy)
    elif item.url:
        job.url = _checked_url(item.url, policy, "video")
    else:
        raise BadInput("The video has neither a file nor a URL.", hint="Give a path or an https URL.")
    return job


def _local_video(job: Job, item: MediaItem, policy: PublishPolicy) -> None:
    path = item.path
    assert path is not None
    if not path.is_file():
        raise BadInput(f"Video file not found: {path}.", hint="Check the path.")
    job.path, job.mime = path, video_mime(path)
    job.plan = rules.plan_chunks(path.stat().st_size, policy.chunk_size)
    job.duration = video_duration(path)
    if job.duration is not None and job.duration > rules.API_MAX_DURATION_SEC:
        raise BadInput(f"The video lasts {job.duration:.0f} s; TikTok's API accepts at most "
                       f"{rules.API_MAX_DURATION_SEC} s.", hint="Trim it.", limit=rules.API_MAX_DURATION_SEC,
                       value=round(job.duration))


def _photo_job(request: PublishRequest, target: Target, options: PostOptions, policy: PublishPolicy) -> Job:
    images = request.media
    if not images or any(m.kind != "image" for m in images):
        raise BadInput("A TikTok photo post takes images only.", hint="Attach 1–35 image URLs.")
    if len(images) > rules.MAX_PHOTOS:
        raise BadInput(f"TikTok takes at most {rules.MAX_PHOTOS} photos per post; got {len(images)}.",
                       hint="Drop some.", limit=rules.MAX_PHOTOS, value=len(images))
    if any(m.url is None for m in images):
        raise BadInput("TikTok pulls photos from URLs on your verified domain; it cannot take local files.",
                       hint="Host the images on your verified domain and pass their https URLs.")
    title = request.title or ""
    rules.check_title(title, rules.PHOTO_TITLE_MAX, "photo title")
    rules.check_title(request.text, rules.PHOTO_DESCRIPTION_MAX, "description")
    if options.cover_index >= len(images):
        raise BadInput(f"cover_index {options.cover_index} is past the last of {len(images)} photos.",
                       hint=f"Use 0 to {len(images) - 1}.", limit=len(images) - 1, value=options.cover_index)
    urls = [_checked_url(m.url or "", policy, "photo") for m in images]
    return Job("photo", target, options, caption=request.text, title=title, photo_urls=urls)


def _checked_url(url: str, policy: PublishPolicy, what: str) -> str:
    if not url.lower().startswith("https://"):
        raise BadInput(f"TikTok only pulls {what}s over https: {url}.", hint="Use an https URL.")
    if what == "photo":
        suffix = Path(url.split("?", 1)[0]).suffix.lower()
        if suffix and suffix not in rules.PHOTO_EXTENSIONS:
            raise BadInput(f"TikTok photos must be JPEG or WebP: {url}.", hint="Convert the image.")
    prefixes = policy.verified_url_prefixes
    if prefixes and not any(url.startswith(p) for p in prefixes):
        raise BadInput(f"{url} is not under a URL prefix verified for your TikTok app.",
                       hint=f"Verified: {', '.join(prefixes)}. Verify the domain in the developer portal and add it "
                            "to `tiktok.verified_url_prefixes`.")
    return url

"""What the creator info allows (contracts B2.2, B2.12), applied to a job, and the init body built
from it: privacy must be one TikTok offers, the video may not outlast the creator's maximum,
interactions the creator disabled stay disabled, and an unaudited app may not post to a public
account at all.
"""

from __future__ import annotations

from typing import Any

from psn.core.errors import BadInput
from psn.platforms.tiktok.client import CreatorInfo
from psn.platforms.tiktok.errors import AUDIT_HINT
from psn.platforms.tiktok.job import Job

PLURALS = {"comment": "Comments", "duet": "Duets", "stitch": "Stitches"}


def check_creator(job: Job, info: CreatorInfo | None, audited: bool, notes: list[str]) -> dict[str, Any]:
    """Raise BadInput when TikTok would refuse; otherwise the init body. `notes` gets what psn changed."""
    if info is not None:
        _check_privacy(job, info, audited)
        _check_duration(job, info)
    if job.kind == "photo":
        return _photo_body(job, info, notes)
    return _video_body(job, info, notes)


def _check_privacy(job: Job, info: CreatorInfo, audited: bool) -> None:
    if job.target.mode != "direct":
        return
    if not audited and not info.account_is_private:
        raise BadInput(
            f"@{info.creator_username or 'your account'} is a public TikTok account, and unaudited apps may only "
            "post to private accounts.",
            hint="Make the account private in TikTok, post a draft to your inbox instead (mode=inbox), or "
                 "get the app audited. " + AUDIT_HINT)
    if job.target.privacy not in info.privacy_level_options:
        offered = ", ".join(info.privacy_level_options) or "none"
        raise BadInput(f"TikTok does not offer {job.target.privacy} for this account (it offers {offered}).",
                       hint="Choose one of those privacy levels.")


def _check_duration(job: Job, info: CreatorInfo) -> None:
    limit = info.max_video_post_duration_sec
    if job.duration is not None and limit and job.duration > limit:
        raise BadInput(f"The video lasts {job.duration:.0f} s; @{info.creator_username or 'your account'} may "
                       f"post at most {limit} s.", hint="Trim it.", limit=limit, value=round(job.duration))


def _interactions(job: Job, info: CreatorInfo | None, notes: list[str]) -> dict[str, bool]:
    """disable_* flags: off unless the creator asked, and forced on where TikTok disabled them."""
    wanted = {"comment": job.options.allow_comment, "duet": job.options.allow_duet,
              "stitch": job.options.allow_stitch}
    if job.kind == "photo":
        wanted = {"comment": wanted["comment"]}
    flags = {}
    for name, allow in wanted.items():
        blocked = bool(info and getattr(info, f"{name}_disabled"))
        if allow and blocked:
            notes.append(f"{PLURALS[name]} are turned off in your TikTok settings, so psn left them off.")
        flags[f"disable_{name}"] = blocked or not allow
    return flags


def _video_body(job: Job, info: CreatorInfo | None, notes: list[str]) -> dict[str, Any]:
    if job.path is not None:
        assert job.plan is not None
        source: dict[str, Any] = {"source": "FILE_UPLOAD", "video_size": job.plan.video_size,
                                  "chunk_size": job.plan.chunk_size,
                                  "total_chunk_count": job.plan.total_chunk_count}
    else:
        source = {"source": "PULL_FROM_URL", "video_url": job.url}
    if job.target.mode == "inbox":
        return {"source_info": source}
    post: dict[str, Any] = {"privacy_level": job.target.privacy, "title": job.caption,
                            **_interactions(job, info, notes),
                            "brand_content_toggle": job.options.brand_content,
                            "brand_organic_toggle": job.options.brand_organic,
                            "is_aigc": job.options.ai_generated}
    if job.options.cover_timestamp_ms is not None:
        post["video_cover_timestamp_ms"] = job.options.cover_timestamp_ms
    return {"post_info": post, "source_info": source}


def _photo_body(job: Job, info: CreatorInfo | None, notes: list[str]) -> dict[str, Any]:
    post: dict[str, Any] = {"title": job.title, "description": job.caption}
    if job.target.mode == "direct":
        post.update(privacy_level=job.target.privacy, **_interactions(job, info, notes),
                    auto_add_music=job.options.auto_add_music,
                    brand_content_toggle=job.options.brand_content, brand_organic_toggle=job.options.brand_organic)
    body: dict[str, Any] = {
        "media_type": "PHOTO",
        "post_mode": "DIRECT_POST" if job.target.mode == "direct" else "MEDIA_UPLOAD",
        "post_info": post,
        "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": job.options.cover_index,
                        "photo_images": job.photo_urls},
    }
    if job.options.ai_generated:
        body["is_aigc"] = True  # top level for photos in the Sept 2026 reference (contracts C-25)
    return body

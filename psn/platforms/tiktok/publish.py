"""One TikTok publish, crash-safe: creator info → init → (upload) → poll status.

Checkpoint steps (each written once): `publish:N` is the publish id of attempt N, saved the moment
TikTok returns it; `uploaded:N` marks that TikTok holds the whole video (or pulls it itself);
`result` holds the final answer. Why a rerun never posts twice:

- a FILE_UPLOAD publish posts nothing until its last byte arrives, so an attempt whose upload did
  not finish (crash, expired URL, an init whose answer was lost) is abandoned and a new one started;
- an attempt whose upload finished, or a PULL_FROM_URL attempt, is only ever polled, never redone,
  unless TikTok says it FAILED; a PULL_FROM_URL init that was begun but never answered is
  *uncertain* and psn stops (UncertainOutcome) rather than guess.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psn.platforms.base import Checkpoint, PublishResult, PublishStatus
from psn.platforms.errors import PermissionDenied, Rejected, UncertainOutcome
from psn.platforms.tiktok.client import CreatorInfo, InitResult, PostStatus, TikTokClient
from psn.platforms.tiktok.creator import check_creator
from psn.platforms.tiktok.errors import RECONNECT, UploadExpired, fail_reason_error
from psn.platforms.tiktok.job import Job
from psn.platforms.tiktok.upload import ChunkedUpload, ProgressCallback

TERMINAL = {"PUBLISH_COMPLETE": PublishStatus.PUBLISHED, "SEND_TO_USER_INBOX": PublishStatus.DRAFT}


@dataclass
class Publisher:
    client: TikTokClient
    sleep: Callable[[float], None] = time.sleep
    poll_interval: float = 5.0
    poll_timeout: float = 600.0
    max_restarts: int = 2
    audited: bool = False
    granted_scopes: frozenset[str] = frozenset()
    handle: str = ""
    progress: ProgressCallback | None = None
    monotonic: Callable[[], float] = time.monotonic
    notes: list[str] = field(default_factory=list)

    def publish(self, job: Job, checkpoint: Checkpoint) -> PublishResult:
        self.notes = list(job.target.notes)
        saved = checkpoint.get("result")
        if saved:
            return PublishResult(**json.loads(saved))
        attempt, publish_id = self._resume(job, checkpoint)
        if publish_id is None:
            self._check_scopes(job)
            info = self._creator_info(job)
            body = check_creator(job, info, self.audited, self.notes)
            publish_id = self._start(job, body, checkpoint, attempt)
        return self._await(job, publish_id, checkpoint)

    # resuming ----------------------------------------------------------------------------------

    def _resume(self, job: Job, checkpoint: Checkpoint) -> tuple[int, str | None]:
        """(the next attempt number, a publish id worth polling or None to start a new attempt)."""
        attempt, latest = 1, None
        while (found := checkpoint.get(f"publish:{attempt}")) is not None:
            latest, attempt = found, attempt + 1
        if checkpoint.in_flight(f"publish:{attempt}") and not job.file_upload:
            raise UncertainOutcome(
                "TikTok: psn asked TikTok to fetch your media but crashed before the answer; the post may exist.",
                "Check your TikTok profile and inbox. If it is missing, `psn post retry ID --force-step` "
                "posts it again.", platform="tiktok")
        if latest is None:
            return attempt, None
        uploaded = checkpoint.get(f"uploaded:{attempt - 1}") is not None
        return attempt, latest if self._worth_polling(job, latest, uploaded) else None

    def _worth_polling(self, job: Job, publish_id: str, uploaded: bool) -> bool:
        try:
            status = self.client.status(publish_id)
        except Rejected as exc:
            if exc.code != "invalid_publish_id":
                raise
            if uploaded or not job.file_upload:
                raise UncertainOutcome(
                    f"TikTok no longer knows publish {publish_id}, whose media it had received.",
                    "Check your TikTok profile and inbox before retrying.", platform="tiktok") from None
            return False
        if status.status == "FAILED":
            return False  # a failed publish posted nothing: this rerun is the retry
        complete = uploaded or not job.file_upload or (
            job.plan is not None and (status.uploaded_bytes or 0) >= job.plan.video_size)
        return complete or status.status != "PROCESSING_UPLOAD"

    # starting ----------------------------------------------------------------------------------

    def _check_scopes(self, job: Job) -> None:
        needed = "video.publish" if job.target.mode == "direct" else "video.upload"
        if self.granted_scopes and needed not in self.granted_scopes:
            raise PermissionDenied(f"The TikTok connection lacks the {needed} permission this post needs.",
                                   "Approve it on TikTok's screen: " + RECONNECT, platform="tiktok")

    def _creator_info(self, job: Job) -> CreatorInfo | None:
        """Always asked before a post; drafts skip it only when the token lacks video.publish."""
        if job.target.mode == "inbox" and self.granted_scopes and "video.publish" not in self.granted_scopes:
            return None
        return self.client.creator_info()

    def _start(self, job: Job, body: dict[str, Any], checkpoint: Checkpoint, attempt: int) -> str:
        for restart in range(self.max_restarts + 1):
            step = f"publish:{attempt + restart}"
            checkpoint.begin(step)
            init = self._init(job, body)
            checkpoint.save(step, init.publish_id)
            if not job.file_upload:
                checkpoint.save(f"uploaded:{attempt + restart}", "pulled")
                return init.publish_id
            try:
                self._upload(job, init)
            except UploadExpired:
                if restart == self.max_restarts:
                    raise
                self.notes.append("TikTok's upload URL expired mid-upload; psn started a new upload.")
                continue
            checkpoint.save(f"uploaded:{attempt + restart}", "complete")
            return init.publish_id
        raise AssertionError("unreachable: the loop returns or raises")

    def _init(self, job: Job, body: dict[str, Any]) -> InitResult:
        if job.kind == "photo":
            return self.client.init_photo(body)
        if job.target.mode == "inbox":
            return self.client.init_inbox_video(body["source_info"])
        return self.client.init_direct_video(body["post_info"], body["source_info"])

    def _upload(self, job: Job, init: InitResult) -> None:
        assert job.path is not None and job.plan is not None
        if not init.upload_url:
            raise Rejected("TikTok returned no upload URL for a file upload.", platform="tiktok")
        ChunkedUpload(self.client, job.path, job.plan, job.mime, self.progress, self.monotonic).run(init.upload_url)

    # waiting -----------------------------------------------------------------------------------

    def _await(self, job: Job, publish_id: str, checkpoint: Checkpoint) -> PublishResult:
        polls = max(1, int(self.poll_timeout // self.poll_interval))
        status = self.client.status(publish_id)
        for _ in range(polls):
            if status.status == "FAILED":
                raise fail_reason_error(status.fail_reason, publish_id)
            if status.status in TERMINAL:
                result = self._result(job, publish_id, status, TERMINAL[status.status])
                checkpoint.save("result", result.model_dump_json())
                return result
            self.sleep(self.poll_interval)
            status = self.client.status(publish_id)
        self.notes.append(f"TikTok is still processing ({status.status}); psn checks again later.")
        return self._result(job, publish_id, status, PublishStatus.PROCESSING)

    def _result(self, job: Job, publish_id: str, status: PostStatus, state: PublishStatus) -> PublishResult:
        post_id = status.post_ids[0] if status.post_ids else None
        url = None
        if post_id and self.handle:
            url = f"https://www.tiktok.com/@{self.handle}/{'photo' if job.kind == 'photo' else 'video'}/{post_id}"
        raw = {"publish_id": publish_id, "tiktok_status": status.status, "mode": job.target.mode,
               "privacy": job.target.privacy, "notes": list(self.notes)}
        private = job.target.mode == "inbox" or job.target.privacy == "SELF_ONLY"  # TikTok shares no metrics
        return PublishResult(platform_post_id=post_id or publish_id, url=url, status=state, raw=raw,
                             measurable=not private)

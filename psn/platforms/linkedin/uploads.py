"""Uploading images, documents and videos to LinkedIn, one checkpoint per uploaded asset.

Images and documents: initializeUpload, then one PUT of the bytes. Videos: initializeUpload
with the file size; LinkedIn answers with upload instructions (one URL per byte range), each
range is PUT to its own URL, the ETags are collected in order and sent to finalizeUpload.

An asset's URN is saved once its bytes are all up. An upload interrupted before that starts
over on the next run: uploads publish nothing, so redoing one is harmless, and psn keeps no
short-lived signed upload URLs in its database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from psn.platforms.base import Checkpoint
from psn.platforms.errors import PermissionDenied, PlatformError, Rejected, Unavailable
from psn.platforms.linkedin import rules
from psn.platforms.linkedin.client import LinkedInClient

log = logging.getLogger("psn.linkedin")

API_KIND = {"image": "images", "document": "documents", "video": "videos"}
GRACE_SECONDS = 3.0
"""When LinkedIn refuses to show a personal account its media status, wait this long instead."""
MAX_POLL_DELAY = 30.0


@dataclass
class MediaUploader:
    client: LinkedInClient
    sleep: Callable[[float], None]
    max_wait: float = 600.0

    def upload(self, path: Path, kind: str, owner: str, step: str, checkpoint: Checkpoint) -> str:
        """The asset's URN, uploaded now or found in the checkpoint, and ready to be posted."""
        urn = checkpoint.get(step)
        if not urn:
            urn = self._video(path, owner) if kind == "video" else self._single(path, kind, owner)
            checkpoint.save(step, urn)
        self.wait_until_available(kind, urn, path.name)
        return urn

    def _single(self, path: Path, kind: str, owner: str) -> str:
        ticket = self.client.initialize_upload(API_KIND[kind], owner)
        self.client.upload(ticket.upload_url, path.read_bytes(), rules.mime_type(path))
        return ticket.urn

    def _video(self, path: Path, owner: str) -> str:
        ticket = self.client.initialize_video_upload(owner, path.stat().st_size)
        etags = []
        with path.open("rb") as handle:
            for number, part in enumerate(ticket.parts, start=1):
                handle.seek(part.first_byte)
                chunk = handle.read(part.last_byte - part.first_byte + 1)
                etag = self.client.upload(part.upload_url, chunk, "application/octet-stream")
                if not etag:
                    raise PlatformError(f"LinkedIn did not acknowledge part {number} of {path.name} (no ETag).",
                                        "Try again; the upload starts over.", platform="linkedin")
                etags.append(etag)
        self.client.finalize_video(ticket.urn, ticket.upload_token, etags)
        return ticket.urn

    def wait_until_available(self, kind: str, urn: str, name: str) -> None:
        """Poll the asset until LinkedIn has processed it (posting it earlier fails)."""
        waited, delay = 0.0, 1.0
        while True:
            try:
                state = self.client.media_status(API_KIND[kind], urn)
            except PermissionDenied:
                log.info("linkedin: cannot read the status of %s; waiting %ss instead", urn, GRACE_SECONDS)
                self.sleep(GRACE_SECONDS)
                return
            if state.status == "AVAILABLE":
                return
            if state.status == "PROCESSING_FAILED":
                reason = state.failure_reason or "no reason given"
                raise Rejected(f"LinkedIn could not process {name}: {reason}.",
                               "Check the file (format, size, length) and post it again.", platform="linkedin")
            if waited >= self.max_wait:
                raise Unavailable(f"LinkedIn is still processing {name} after {int(waited)} s.",
                                  "Its upload is kept: run `psn post retry` later to post it.", platform="linkedin")
            self.sleep(delay)
            waited += delay
            delay = min(delay * 2, MAX_POLL_DELAY)

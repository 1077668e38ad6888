"""The LinkedIn emulator's Images, Documents and Videos APIs (contracts §2.5).

initializeUpload answers in a `value{…}` envelope with upload URLs on the emulator itself
(built from `req.external_base`, so they work in-process and over loopback); the PUT needs the
bearer token; video parts must match their byte ranges and each answers with an ETag that
finalizeUpload must list in order. Processing is asynchronous: an asset becomes AVAILABLE after
a status read or a few seconds of world time, so a client that posts without waiting fails.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from typing import Any
from urllib.parse import unquote

import httpx

from psn.sandbox.emulator import EmuRequest, empty_response, json_response

PART_BYTES = 4 * 1024 * 1024
MIN_VIDEO_BYTES = 75 * 1024
MAX_VIDEO_BYTES = 500 * 1024 * 1024
UPLOAD_URL_MS = 24 * 3600 * 1000
PROCESSING_MS = 5000
URN_PREFIX = {"images": "urn:li:image:C4E10SBX", "documents": "urn:li:document:D4D10SBX",
              "videos": "urn:li:video:C5F10SBX"}
FIELD = {"images": "image", "documents": "document", "videos": "video"}


def error(status: int, message: str, code: str | None = None, service: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {"status": status, "message": message}
    if code:
        body["code"] = code
    if service is not None:
        body["serviceErrorCode"] = service
    return json_response(status, body)


class LinkedInMediaMixin:
    """Mixed into LinkedInEmulator; uses its `now_ms`, `next_id`, `world` and token lookup."""

    def media_action(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        kind, action = req.params["kind"], req.query.get("action")
        if action == "initializeUpload":
            return self._initialize(req, s, who, kind)
        if action == "finalizeUpload" and kind == "videos":
            return self._finalize(req, s, who)
        return error(400, f"Unsupported action {action!r} on /rest/{kind}", "ILLEGAL_ARGUMENT")

    def _initialize(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any], kind: str) -> httpx.Response:
        request = (req.json() or {}).get("initializeUploadRequest") or {}
        if request.get("owner") != who["urn"]:
            return error(403, "Not enough permissions: owner must be the authenticated member", "ACCESS_DENIED", 100)
        size = request.get("fileSizeBytes")
        if kind == "videos" and not (isinstance(size, int) and MIN_VIDEO_BYTES <= size <= MAX_VIDEO_BYTES):
            return error(400, f"fileSizeBytes must be between {MIN_VIDEO_BYTES} and {MAX_VIDEO_BYTES}",
                         "ILLEGAL_ARGUMENT")
        urn = f"{URN_PREFIX[kind]}{self.next_id(s, kind):08d}"
        asset, sig = secrets.token_hex(8), self.mint("", secrets.token_hex(12))
        expires = self.now_ms() + UPLOAD_URL_MS
        url = f"{req.external_base}/dms-uploads/{asset}"
        record: dict[str, Any] = {"kind": kind, "owner": who["urn"], "status": "WAITING_UPLOAD", "sig": sig,
                                  "expires_ms": expires, "size": size, "reads": 0}
        value: dict[str, Any] = {FIELD[kind]: urn}
        if kind == "videos":
            parts = [(n * PART_BYTES, min((n + 1) * PART_BYTES, size) - 1) for n in range(math.ceil(size / PART_BYTES))]
            record["parts"] = [{"first": a, "last": b, "etag": None} for a, b in parts]
            value.update(uploadUrlsExpireAt=expires, uploadToken="", uploadInstructions=[
                {"uploadUrl": f"{url}/part/{n}?sig={sig}", "firstByte": a, "lastByte": b}
                for n, (a, b) in enumerate(parts)])
        else:
            value.update(uploadUrlExpiresAt=expires, uploadUrl=f"{url}?sig={sig}")
        s.setdefault("media", {})[urn] = record
        s.setdefault("assets", {})[asset] = urn
        return json_response(200, {"value": value})

    def upload(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("linkedin") as s:  # type: ignore[attr-defined]
            who = self.member_for(req, s)  # type: ignore[attr-defined]
            if isinstance(who, httpx.Response):
                return who
            urn = s.get("assets", {}).get(req.params["asset"])
            record = s.get("media", {}).get(urn or "")
            if record is None or req.query.get("sig") != record["sig"]:
                return error(403, "Upload URL is not valid", "ACCESS_DENIED")
            if self.now_ms() > record["expires_ms"]:
                return error(403, "Upload URL has expired", "ACCESS_DENIED")
            if record["owner"] != who["urn"]:
                return error(403, "Not the owner of this upload", "ACCESS_DENIED")
            if record["kind"] != "videos":
                record.update(status="PROCESSING", uploaded_ms=self.now_ms(), size=len(req.body))
                return empty_response(201)
            return self._video_part(req, record)

    def _video_part(self, req: EmuRequest, record: dict[str, Any]) -> httpx.Response:
        number = int(req.params.get("part") or -1)
        if not 0 <= number < len(record["parts"]):
            return error(400, "No such upload part", "ILLEGAL_ARGUMENT")
        part = record["parts"][number]
        expected = part["last"] - part["first"] + 1
        if len(req.body) != expected:
            return error(400, f"Part {number} must be {expected} bytes, got {len(req.body)}", "ILLEGAL_ARGUMENT")
        part["etag"] = "/sbx/" + hashlib.sha256(req.body).hexdigest()[:32]
        return empty_response(200, {"ETag": part["etag"]})

    def _finalize(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        request = (req.json() or {}).get("finalizeUploadRequest") or {}
        record = s.get("media", {}).get(request.get("video") or "")
        if record is None or record["kind"] != "videos":
            return error(404, "No such video upload", "NOT_FOUND")
        if record["owner"] != who["urn"]:
            return error(403, "Not the owner of this video", "ACCESS_DENIED", 100)
        etags = [p["etag"] for p in record["parts"]]
        if None in etags or request.get("uploadedPartIds") != etags:
            return error(400, "uploadedPartIds do not match the uploaded parts (all parts, in order)",
                         "ILLEGAL_ARGUMENT")
        if record["status"] == "WAITING_UPLOAD":
            failure = s.get("settings", {}).pop("fail_next_video", None)
            record.update(status="PROCESSING", uploaded_ms=self.now_ms(), failure=failure)
        return empty_response(200)

    def media_get(self, req: EmuRequest, s: dict[str, Any], who: dict[str, Any]) -> httpx.Response:
        urn = unquote(req.params["urn"])
        record = s.get("media", {}).get(urn)
        if record is None or record["kind"] != req.params["kind"]:
            return error(404, f"{urn} not found", "NOT_FOUND")
        if record["owner"] != who["urn"]:
            return error(403, "Accessing this resource is forbidden", "ACCESS_DENIED", 100)
        body: dict[str, Any] = {"id": urn, "owner": record["owner"], "status": self.advance_media(record)}
        if body["status"] == "PROCESSING_FAILED":
            body["processingFailureReason"] = record.get("failure")
        record["reads"] += 1
        return json_response(200, body)

    def advance_media(self, record: dict[str, Any]) -> str:
        """PROCESSING turns AVAILABLE after one status read or a few seconds of world time."""
        if record["status"] == "PROCESSING":
            if record.get("failure"):
                record["status"] = "PROCESSING_FAILED"
            elif record["reads"] > 0 or self.now_ms() - record["uploaded_ms"] >= PROCESSING_MS:
                record["status"] = "AVAILABLE"
        return record["status"]

"""What psn can learn about a local video without reading it whole: its MIME type and, for MP4 and
MOV files, its duration (from the `moov/mvhd` box, found by seeking past the media data).

The duration lets psn refuse a video longer than the creator may post before uploading a byte.
WebM (EBML) is not parsed: its duration is left for TikTok to check.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from psn.core.errors import BadInput
from psn.platforms.tiktok.rules import VIDEO_TYPES

MAX_BOXES = 10_000  # a guard against a corrupt file that loops


def video_mime(path: Path) -> str:
    mime = VIDEO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise BadInput(f"TikTok does not accept {path.name!r} as a video.",
                       hint=f"Use one of: {', '.join(sorted(VIDEO_TYPES))} (MP4 with H.264 is safest).")
    return mime


def _boxes(handle: BinaryIO, start: int, end: int):  # type: ignore[no-untyped-def]
    """(type, payload start, payload end) of each box between start and end."""
    offset = start
    for _ in range(MAX_BOXES):
        if offset + 8 > end:
            return
        handle.seek(offset)
        header = handle.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        payload = offset + 8
        if size == 1:
            large = handle.read(8)
            if len(large) < 8:
                return
            size = struct.unpack(">Q", large)[0]
            payload += 8
        elif size == 0:
            size = end - offset
        if size < payload - offset:
            return
        yield kind, payload, min(offset + size, end)
        offset += size


def _mvhd_seconds(handle: BinaryIO, payload: int) -> float | None:
    handle.seek(payload)
    head = handle.read(32)
    if len(head) < 20:
        return None
    if head[0] == 1:
        if len(head) < 32:
            return None
        timescale, duration = struct.unpack(">IQ", head[20:32])
    else:
        timescale, duration = struct.unpack(">II", head[12:20])
    return duration / timescale if timescale else None


def video_duration(path: Path) -> float | None:
    """Seconds, for MP4/MOV files with a readable movie header; None when unknown."""
    if path.suffix.lower() not in (".mp4", ".mov"):
        return None
    size = path.stat().st_size
    with path.open("rb") as handle:
        for kind, start, end in _boxes(handle, 0, size):
            if kind != b"moov":
                continue
            for inner, payload, _ in _boxes(handle, start, end):
                if inner == b"mvhd":
                    return _mvhd_seconds(handle, payload)
    return None

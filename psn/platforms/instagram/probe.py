"""Read what Instagram checks from a local file's header, without image or video libraries.

Images: the format from the magic bytes, and the pixel size from a JPEG's SOF segment (or a
PNG's IHDR, to say clearly what size the refused file had). A JPEG carrying an MPF (APP2)
segment is an MPO, which Instagram refuses. Videos: the container brand from `ftyp` and the
duration from `moov/mvhd` (version 0 or 1); whether `moov` precedes `mdat` ("fast start").
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    """jpeg, mpo, png, gif, webp, heic, or unknown"""
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class VideoInfo:
    format: str
    """mp4, mov, or unknown"""
    duration_seconds: float | None = None
    moov_first: bool | None = None


def image_format(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "heic" if head[8:12] != b"avif" else "avif"
    return "unknown"


def probe_image(path: Path) -> ImageInfo:
    with path.open("rb") as handle:
        head = handle.read(32)
        fmt = image_format(head)
        if fmt == "png" and len(head) >= 24:
            width, height = struct.unpack(">II", head[16:24])
            return ImageInfo("png", width, height)
        if fmt != "jpeg":
            return ImageInfo(fmt)
        handle.seek(2)
        return _jpeg(handle)


def _jpeg(handle: BinaryIO) -> ImageInfo:
    """Walk the JPEG segments up to the first SOF; note an MPF APP2 segment on the way."""
    fmt = "jpeg"
    while True:
        byte = handle.read(1)
        if not byte:
            return ImageInfo(fmt)
        if byte != b"\xff":
            continue
        marker = handle.read(1)
        while marker == b"\xff":  # fill bytes
            marker = handle.read(1)
        if not marker:
            return ImageInfo(fmt)
        code = marker[0]
        if code in _STANDALONE or code == 0x00:
            continue
        if code in (0xD9, 0xDA):  # end of image / start of scan: no SOF before it
            return ImageInfo(fmt)
        length_bytes = handle.read(2)
        if len(length_bytes) < 2:
            return ImageInfo(fmt)
        length = struct.unpack(">H", length_bytes)[0]
        payload = handle.read(max(length - 2, 0))
        if code == 0xE2 and payload.startswith(b"MPF\x00"):
            fmt = "mpo"
        if code in _SOF_MARKERS and len(payload) >= 5:
            height, width = struct.unpack(">HH", payload[1:5])
            return ImageInfo(fmt, width, height)


def _boxes(handle: BinaryIO, end: int):  # type: ignore[no-untyped-def]
    """(type, payload offset, payload size) of each ISO-BMFF box until `end`."""
    while handle.tell() + 8 <= end:
        start = handle.tell()
        header = handle.read(8)
        size, kind = struct.unpack(">I4s", header)
        header_size = 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            header_size = 16
        elif size == 0:
            size = end - start
        if size < header_size:
            return
        yield kind.decode("latin-1"), start + header_size, size - header_size
        handle.seek(start + size)


def probe_video(path: Path) -> VideoInfo:
    with path.open("rb") as handle:
        return video_info(handle, path.stat().st_size)


def video_info(handle: BinaryIO, size: int) -> VideoInfo:
    """Brand, duration and box order of an ISO-BMFF stream of `size` bytes (a file or BytesIO)."""
    fmt = "unknown"
    duration = None
    seen_mdat = False
    moov_first = None
    try:
        for kind, offset, length in _boxes(handle, size):
            if kind == "ftyp":
                handle.seek(offset)
                fmt = "mov" if handle.read(4) == b"qt  " else "mp4"
            elif kind == "mdat":
                seen_mdat = True
            elif kind == "moov":
                moov_first = not seen_mdat
                duration = _mvhd_duration(handle, offset, offset + length)
    except struct.error:  # a truncated box: report what was read
        pass
    return VideoInfo(fmt, duration, moov_first)


def _mvhd_duration(handle: BinaryIO, start: int, end: int) -> float | None:
    handle.seek(start)
    for kind, offset, _ in _boxes(handle, end):
        if kind != "mvhd":
            continue
        handle.seek(offset)
        version = handle.read(4)[0]
        if version == 1:
            _, _, timescale, duration = struct.unpack(">QQIQ", handle.read(28))
        else:
            _, _, timescale, duration = struct.unpack(">IIII", handle.read(16))
        return duration / timescale if timescale else None
    return None


# --- Builders for tests and the sandbox: the smallest files these readers accept -------------


def make_jpeg(width: int, height: int, mpo: bool = False, padding: int = 0) -> bytes:
    """A minimal JPEG header (SOI, optional MPF APP2, SOF0, EOI) with the given pixel size."""
    parts = [b"\xff\xd8", b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"]
    if mpo:
        parts.append(b"\xff\xe2" + struct.pack(">H", 8) + b"MPF\x00\x00\x00")
    if padding:
        parts.append(b"\xff\xfe" + struct.pack(">H", 2 + min(padding, 65533)) + b"\x00" * min(padding, 65533))
    parts.append(b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00")
    parts.append(b"\xff\xd9")
    return b"".join(parts)


def make_mp4(duration_seconds: float, timescale: int = 1000, moov_first: bool = True, version: int = 0,
             brand: bytes = b"isom", mdat_bytes: int = 8) -> bytes:
    """A minimal MP4 (ftyp, moov/mvhd, mdat) whose mvhd says `duration_seconds`."""
    ticks = round(duration_seconds * timescale)
    if version == 1:
        body = struct.pack(">B3xQQIQ", 1, 0, 0, timescale, ticks) + b"\x00" * 80
    else:
        body = struct.pack(">B3xIIII", 0, 0, 0, timescale, ticks) + b"\x00" * 80
    mvhd = struct.pack(">I4s", 8 + len(body), b"mvhd") + body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    ftyp = struct.pack(">I4s", 16, b"ftyp") + brand + b"\x00\x00\x02\x00"
    mdat = struct.pack(">I4s", 8 + mdat_bytes, b"mdat") + b"\x00" * mdat_bytes
    return ftyp + (moov + mdat if moov_first else mdat + moov)

"""Read just enough of a local file to check LinkedIn's limits before uploading it.

Image dimensions (PNG, GIF, JPEG), GIF frame count and MP4 duration come from the file headers;
a file psn cannot read answers None and the check is left to LinkedIn.
"""

from __future__ import annotations

import struct
from pathlib import Path

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_dimensions(path: Path) -> tuple[int, int] | None:
    with path.open("rb") as handle:
        head = handle.read(26)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            return width, height
        if head[:6] in (b"GIF87a", b"GIF89a"):
            width, height = struct.unpack("<HH", head[6:10])
            return width, height
        if head.startswith(b"\xff\xd8"):
            handle.seek(2)
            return _jpeg_dimensions(handle)
    return None


def _jpeg_dimensions(handle) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    while True:
        byte = handle.read(1)
        while byte and byte != b"\xff":
            byte = handle.read(1)
        while byte == b"\xff":  # fill bytes
            byte = handle.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            continue  # markers without a length
        length_bytes = handle.read(2)
        if len(length_bytes) < 2:
            return None
        length = struct.unpack(">H", length_bytes)[0]
        if marker in _JPEG_SOF:
            data = handle.read(5)
            if len(data) < 5:
                return None
            height, width = struct.unpack(">HH", data[1:5])
            return width, height
        handle.seek(length - 2, 1)


def gif_frames(path: Path) -> int | None:
    """Image descriptors in a GIF (its frames), walking the block structure."""
    data = path.read_bytes()
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return None
    pos = 13 + _color_table(data[10])
    frames = 0
    try:
        while pos < len(data):
            block = data[pos]
            if block == 0x3B:  # trailer
                return frames
            if block == 0x21:  # extension: label, then sub-blocks
                pos = _skip_sub_blocks(data, pos + 2)
            elif block == 0x2C:  # image descriptor, optional local table, LZW size, sub-blocks
                frames += 1
                pos = _skip_sub_blocks(data, pos + 10 + _color_table(data[pos + 9]) + 1)
            else:
                return frames
    except IndexError:
        return frames
    return frames


def _color_table(packed: int) -> int:
    return 3 * (2 ** ((packed & 0x07) + 1)) if packed & 0x80 else 0


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1


def mp4_duration(path: Path) -> float | None:
    """Seconds, from moov/mvhd; the walk seeks past `mdat`, so a large video is not read."""
    with path.open("rb") as handle:
        end = path.stat().st_size
        moov = _find_box(handle, 0, end, b"moov")
        if moov is None:
            return None
        mvhd = _find_box(handle, moov[0], moov[1], b"mvhd")
        if mvhd is None:
            return None
        handle.seek(mvhd[0])
        version = handle.read(1)
        if not version:
            return None
        if version[0] == 1:
            handle.seek(mvhd[0] + 4 + 16)
            timescale, duration = struct.unpack(">IQ", handle.read(12))
        else:
            handle.seek(mvhd[0] + 4 + 8)
            timescale, duration = struct.unpack(">II", handle.read(8))
        return duration / timescale if timescale else None


def _find_box(handle, start: int, end: int, kind: bytes) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """(payload start, payload end) of the first box of `kind` between start and end."""
    pos = start
    while pos + 8 <= end:
        handle.seek(pos)
        header = handle.read(8)
        if len(header) < 8:
            return None
        size, name = struct.unpack(">I4s", header)
        payload = pos + 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            payload += 8
        elif size == 0:
            size = end - pos
        if size < payload - pos:
            return None
        if name == kind:
            return payload, pos + size
        pos += size
    return None

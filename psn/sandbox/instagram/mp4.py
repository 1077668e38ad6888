"""What Meta's video fetcher learns from uploaded bytes (contract A2.5 → A2.7): the container
(MOV when the `ftyp` major brand is QuickTime's `qt  `, MP4 otherwise) and the duration from
`moov/mvhd`. Written for the emulator from the ISO-BMFF layout itself, not from psn's probe, so a
file psn's probe misreads is still judged as Meta would judge it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Video:
    format: str
    """mp4, mov, or unknown (no `ftyp` box first: not an ISO-BMFF file)"""
    duration: float | None


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box in data[start:end]; stops at a broken box."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1 and at + 16 <= end:  # 64-bit size follows the type
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:  # the box runs to the end
            size = end - at
        if size < header or at + size > end:
            return
        yield kind, at + header, at + size
        at += size


def _mvhd_duration(data: bytes, start: int, end: int) -> float | None:
    for kind, payload, stop in _boxes(data, start, end):
        if kind != b"mvhd" or stop - payload < 20:
            continue
        if data[payload] == 1 and stop - payload >= 32:  # version 1: 64-bit times and duration
            timescale, duration = struct.unpack_from(">IQ", data, payload + 20)
        else:
            timescale, duration = struct.unpack_from(">II", data, payload + 12)
        return duration / timescale if timescale else None
    return None


def read_video(data: bytes) -> Video:
    fmt, duration = "unknown", None
    for index, (kind, payload, stop) in enumerate(_boxes(data, 0, len(data))):
        if kind == b"ftyp" and index == 0:
            fmt = "mov" if data[payload:payload + 4] == b"qt  " else "mp4"
        elif kind == b"moov":
            duration = _mvhd_duration(data, payload, stop)
    return Video(fmt, duration)

"""FILE_UPLOAD in constant memory: sequential PUTs of one chunk each, streamed from disk one
piece (512 KiB) at a time, so a 4 GB video costs the same memory as a 4 MB one.

Each chunk body is a re-iterable file slice: when the HTTP layer retries a chunk after a 5xx or a
dropped connection, it reads the same bytes from disk again. A 416 (TikTok holds a different
amount than psn sent) resyncs to the chunk TikTok expects; an expired or unknown upload URL
raises UploadExpired for the caller to re-initialise.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from psn.platforms.errors import Rejected
from psn.platforms.tiktok.client import TikTokClient
from psn.platforms.tiktok.errors import UploadExpired, UploadOutOfSync
from psn.platforms.tiktok.rules import ChunkPlan

PIECE_BYTES = 512 * 1024
MAX_RESYNCS = 3


@dataclass(frozen=True)
class UploadProgress:
    """What a progress bar shows: bytes sent of total, the rate in this session, time left."""

    sent: int
    total: int
    rate: float
    """Bytes per second since this upload session started."""
    eta: float | None
    """Seconds left at the current rate (None until a rate is known)."""
    chunk: int
    chunks: int


ProgressCallback = Callable[[UploadProgress], None]


@dataclass
class ProgressMeter:
    total: int
    chunks: int
    callback: ProgressCallback | None = None
    monotonic: Callable[[], float] = time.monotonic
    confirmed: int = 0
    in_flight: int = 0
    chunk: int = 0
    _started: float | None = None
    _sent_in_session: int = 0

    def start_chunk(self, index: int, first_byte: int) -> None:
        if self._started is None:
            self._started = self.monotonic()
        self.chunk, self.confirmed, self.in_flight = index, first_byte, 0

    def add(self, count: int) -> None:
        self.in_flight += count
        self._sent_in_session += count
        self.report()

    def confirm(self, received: int) -> None:
        self.confirmed, self.in_flight = received, 0
        self.report()

    def report(self) -> None:
        if self.callback is None:
            return
        sent = min(self.confirmed + self.in_flight, self.total)
        now = self.monotonic()
        elapsed = now - (now if self._started is None else self._started)
        rate = self._sent_in_session / elapsed if elapsed > 0 else 0.0
        eta = (self.total - sent) / rate if rate > 0 else None
        self.callback(UploadProgress(sent, self.total, rate, eta, self.chunk + 1, self.chunks))


@dataclass
class FileSlice:
    """Bytes first..last (inclusive) of a file, read one piece at a time, every time it is iterated."""

    path: Path
    first: int
    last: int
    on_piece: Callable[[int], None] | None = None
    piece: int = PIECE_BYTES

    def __iter__(self) -> Iterator[bytes]:
        remaining = self.last - self.first + 1
        with self.path.open("rb") as handle:
            handle.seek(self.first)
            while remaining > 0:
                data = handle.read(min(self.piece, remaining))
                if not data:
                    raise OSError(f"{self.path.name} became shorter while it was being uploaded")
                remaining -= len(data)
                if self.on_piece:
                    self.on_piece(len(data))
                yield data


@dataclass
class ChunkedUpload:
    client: TikTokClient
    path: Path
    plan: ChunkPlan
    mime: str
    progress: ProgressCallback | None = None
    monotonic: Callable[[], float] = time.monotonic
    meter: ProgressMeter = field(init=False)

    def __post_init__(self) -> None:
        self.meter = ProgressMeter(self.plan.video_size, self.plan.total_chunk_count, self.progress, self.monotonic)

    def run(self, upload_url: str) -> None:
        """Send every chunk in order; returns once TikTok answered 201 for the whole video."""
        index, resyncs = 0, 0
        while True:
            first, last = self.plan.span(index)
            self.meter.start_chunk(index, first)
            try:
                response = self.client.upload_chunk(
                    upload_url, FileSlice(self.path, first, last, self.meter.add), first, last,
                    self.plan.video_size, self.mime)
            except UploadOutOfSync as exc:
                resyncs += 1
                resumed = self._resync(exc, resyncs)
                if resumed is None:
                    return  # TikTok already holds every byte
                index = resumed
                continue
            self.meter.confirm(last + 1)
            if response.status_code == 201:
                if index != self.plan.total_chunk_count - 1:
                    raise Rejected("TikTok closed the upload before the last chunk.", platform="tiktok",
                                   status=201)
                return
            if index == self.plan.total_chunk_count - 1:
                raise Rejected(f"TikTok answered HTTP {response.status_code} to the last chunk instead of 201.",
                               "Retry the post; psn starts a new upload.", platform="tiktok",
                               status=response.status_code)
            index += 1

    def _resync(self, exc: UploadOutOfSync, attempt: int) -> int | None:
        """The chunk to continue from, given how many bytes TikTok says it has."""
        received = exc.received
        if received == self.plan.video_size:
            self.meter.confirm(received)
            return None
        index = self.plan.index_of(received) if received is not None else None
        if index is None or attempt > MAX_RESYNCS:
            raise UploadExpired("TikTok and psn disagree about the upload's progress.",
                                "psn starts the upload again with a fresh URL.", platform="tiktok", status=416)
        return index

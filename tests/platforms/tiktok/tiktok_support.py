"""Helpers shared by the TikTok tests (imported by name: the tests folders are not packages)."""

from __future__ import annotations

import struct
from pathlib import Path

import httpx

from psn.core.sections.tiktok import TikTokSettings
from psn.platforms.base import TokenSet
from psn.platforms.oauth import code_from_redirect
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.spec import TikTokConnector
from tests.checkpoints import Crash, MemoryCheckpoint  # noqa: F401 - shared by the TikTok tests

APP = {"client_key": "aw-test-client-key", "client_secret": "test-client-secret-42"}
REDIRECT = "http://127.0.0.1:8766/callback"


def settings(**changes: object) -> dict[str, object]:
    return TikTokSettings(**changes).model_dump()


def urls_of(values: dict[str, object]) -> dict[str, str]:
    return {k[:-4]: str(v) for k, v in values.items() if k.endswith("_url")}


def connect(deps: AdapterDeps, transport: httpx.BaseTransport) -> TokenSet:
    """The Login Kit flow as psn's accounts layer runs it in the sandbox (no browser)."""
    connector = TikTokConnector(deps)
    request = connector.authorize(REDIRECT)
    location = httpx.Client(transport=transport).get(request.url).headers["location"]
    return connector.exchange(request, code_from_redirect(location, request.state))


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` zero bytes that costs no disk (the emulator only counts bytes)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def mp4_with_duration(path: Path, seconds: int, padding: int = 0) -> Path:
    """A minimal MP4: ftyp, a large mdat, then moov/mvhd (version 0, timescale 1000)."""
    mvhd_payload = bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_payload), b"mvhd") + mvhd_payload
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    ftyp = struct.pack(">I4s", 16, b"ftyp") + b"isom" + bytes(4)
    mdat = struct.pack(">I4s", 8 + padding, b"mdat") + bytes(padding)
    path.write_bytes(ftyp + mdat + moov)
    return path

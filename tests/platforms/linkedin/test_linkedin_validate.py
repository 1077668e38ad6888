"""Every LinkedIn limit is checked locally, before any request (pytest-httpx fails on any request)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.linkedin import media
from psn.platforms.linkedin.validate import check_comment, plan_post


def png(path: Path, width: int = 10, height: int = 10) -> Path:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk + b"\x00" * 16)
    return path


def gif(path: Path, frames: int, width: int = 4, height: int = 4) -> Path:
    out = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00" * 6
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # an application extension
    for _ in range(frames):
        out += b"\x21\xf9\x04\x00\x0a\x00\x00\x00"  # graphic control extension
        out += b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00" + b"\x02\x02\x4c\x01\x00"
    path.write_bytes(out + b"\x3b")
    return path


def jpeg(path: Path, width: int, height: int) -> Path:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    path.write_bytes(b"\xff\xd8" + app0 + sof + b"\xff\xd9")
    return path


def mp4(path: Path, seconds: float, size: int = 80 * 1024, version: int = 0) -> Path:
    timescale = 1000
    if version == 1:
        fields = struct.pack(">BxxxQQIQ", 1, 0, 0, timescale, int(seconds * timescale))
    else:
        fields = struct.pack(">BxxxIIII", 0, 0, 0, timescale, int(seconds * timescale))
    mvhd = fields + b"\x00" * 80
    moov = struct.pack(">I4s", 8 + 8 + len(mvhd), b"moov") + struct.pack(">I4s", 8 + len(mvhd), b"mvhd") + mvhd
    ftyp = struct.pack(">I4s", 16, b"ftyp") + b"isom\x00\x00\x02\x00"
    padding = max(size - len(ftyp) - len(moov) - 8, 0)
    mdat = struct.pack(">I4s", 8 + padding, b"mdat") + b"\x00" * padding
    path.write_bytes(ftyp + mdat + moov)  # moov after mdat, as cameras write it
    return path


def request(*paths: Path, **fields) -> PublishRequest:
    return PublishRequest(platform="linkedin", text=fields.pop("text", "caption"),
                          media=[MediaItem(kind="image", path=p) for p in paths], **fields)


def test_header_readers(tmp_path):
    assert media.image_dimensions(png(tmp_path / "a.png", 1200, 627)) == (1200, 627)
    assert media.image_dimensions(gif(tmp_path / "a.gif", 2, 320, 200)) == (320, 200)
    assert media.image_dimensions(jpeg(tmp_path / "a.jpg", 4000, 3000)) == (4000, 3000)
    assert media.gif_frames(gif(tmp_path / "b.gif", 3)) == 3
    assert media.mp4_duration(mp4(tmp_path / "a.mp4", 12.5)) == 12.5
    assert media.mp4_duration(mp4(tmp_path / "b.mp4", 61, version=1)) == 61
    (tmp_path / "junk.png").write_bytes(b"not an image")
    assert media.image_dimensions(tmp_path / "junk.png") is None
    assert media.mp4_duration(tmp_path / "junk.png") is None


def test_plans(tmp_path):
    one, two = png(tmp_path / "1.png"), png(tmp_path / "2.png")
    assert plan_post(request()).kind == "text"
    assert plan_post(request(one)).kind == "image"
    assert plan_post(request(one, two)).kind == "multi_image"
    assert plan_post(request(one, two, format="carousel")).kind == "multi_image"
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(b"%PDF-1.7\n")
    assert plan_post(request(deck, format="carousel")).kind == "document"
    assert plan_post(request(mp4(tmp_path / "v.mp4", 10))).kind == "video"
    article = plan_post(request(one, format="article", link="https://blog.example.com/p", title="How"))
    assert article.kind == "article"
    assert plan_post(request(options={"visibility": "connections"})).visibility == "CONNECTIONS"


def test_the_files_decide_when_the_format_only_names_a_file_kind(tmp_path):
    """`psn post --media deck.pdf` arrives as format "image", a GIF as format "gif"."""
    deck = tmp_path / "deck.pdf"
    deck.write_bytes(b"%PDF-1.7\n")
    assert plan_post(request(deck, format="image")).kind == "document"
    assert plan_post(request(gif(tmp_path / "a.gif", 2), format="gif")).kind == "image"
    assert plan_post(request(png(tmp_path / "1.png"), png(tmp_path / "2.png"), format="image")).kind == "multi_image"


@pytest.mark.parametrize("build, fragment", [
    (lambda d: request(text=" "), "Nothing to post"),
    (lambda d: request(parts=["two"]), "no threads"),
    (lambda d: request(format="reel"), "format 'reel'"),
    (lambda d: request(format="image"), "needs a file"),
    (lambda d: request(*[png(d / f"{n}.png") for n in range(21)]), "at most 20 images"),
    (lambda d: request(png(d / "1.png"), format="carousel"), "2 to 20 images"),
    (lambda d: request(png(d / "1.png"), mp4(d / "v.mp4", 10)), "not a mix"),
    (lambda d: request(mp4(d / "v.mp4", 10), mp4(d / "w.mp4", 10)), "one video"),
    (lambda d: request(d / "missing.png"), "not found"),
    (lambda d: request(mp4(d / "v.mp4", 10), format="carousel"), "not a video"),
    (lambda d: request(format="article", title="T"), "needs a link"),
    (lambda d: request(format="article", link="https://x.example"), "needs a title"),
    (lambda d: request(title="t" * 401), "keeps LinkedIn titles to 400"),
    (lambda d: request(options={"visibility": "friends"}), "not a LinkedIn visibility"),
])
def test_refusals_name_the_problem(tmp_path, build, fragment):
    with pytest.raises(BadInput) as err:
        plan_post(build(tmp_path))
    assert fragment in err.value.message


def test_url_only_media_needs_a_local_file():
    with pytest.raises(BadInput) as err:
        plan_post(PublishRequest(platform="linkedin", media=[MediaItem(kind="image", url="https://x.example/a.png")]))
    assert "psn uploads it" in err.value.message


@pytest.mark.parametrize("make, limit", [
    (lambda d: png(d / "huge.png", 10_000, 4_000), 36_152_320),
    (lambda d: jpeg(d / "huge.jpg", 8_000, 6_000), 36_152_320),
    (lambda d: gif(d / "long.gif", 251), 250),
    (lambda d: mp4(d / "short.mp4", 2), 1800),
    (lambda d: mp4(d / "long.mp4", 31 * 60), 1800),
    (lambda d: mp4(d / "tiny.mp4", 10, size=70 * 1024), 500 * 1024 * 1024),
])
def test_media_limits(tmp_path, make, limit):
    with pytest.raises(BadInput) as err:
        plan_post(request(make(tmp_path)))
    assert err.value.details["limit"] == limit


def test_documents_over_100_mb_are_refused(tmp_path):
    deck = tmp_path / "big.pdf"
    with deck.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024 + 1)  # sparse: no 100 MB written
    with pytest.raises(BadInput) as err:
        plan_post(request(deck))
    assert err.value.details["limit"] == 100 * 1024 * 1024


def test_comment_limits():
    check_comment("x" * 1250)
    with pytest.raises(BadInput) as err:
        check_comment("x" * 1251)
    assert err.value.details == {"limit": 1250, "value": 1251}
    with pytest.raises(BadInput):
        check_comment("   ")

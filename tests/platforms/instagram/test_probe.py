"""Reading image sizes and video durations from file headers, without image libraries."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.platforms.instagram.probe import image_format, make_jpeg, make_mp4, probe_image, probe_video


@given(st.integers(1, 65535), st.integers(1, 65535))
def test_jpeg_dimensions_come_from_the_sof_segment(tmp_path_factory, width, height):
    path = tmp_path_factory.mktemp("img") / "a.jpg"
    path.write_bytes(make_jpeg(width, height, padding=300))
    info = probe_image(path)
    assert (info.format, info.width, info.height) == ("jpeg", width, height)


def test_mpo_is_told_apart_from_jpeg(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(make_jpeg(1080, 1080, mpo=True))
    assert probe_image(path).format == "mpo"


def test_png_reports_its_size_and_other_formats_are_named(tmp_path):
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", 640, 480) + b"\x08\x02\x00\x00\x00")
    assert (probe_image(png).format, probe_image(png).width, probe_image(png).height) == ("png", 640, 480)
    assert image_format(b"GIF89a....") == "gif"
    assert image_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_format(b"\x00\x00\x00\x18ftypheic") == "heic"
    assert image_format(b"hello") == "unknown"


@pytest.mark.parametrize("version", [0, 1])
@pytest.mark.parametrize("moov_first", [True, False])
def test_mp4_duration_from_mvhd(tmp_path, version, moov_first):
    path = tmp_path / "a.mp4"
    path.write_bytes(make_mp4(42.5, timescale=600, version=version, moov_first=moov_first))
    info = probe_video(path)
    assert info.format == "mp4" and info.duration_seconds == pytest.approx(42.5)
    assert info.moov_first is moov_first


def test_quicktime_brand_and_garbage(tmp_path):
    mov = tmp_path / "a.mov"
    mov.write_bytes(make_mp4(5, brand=b"qt  "))
    assert probe_video(mov).format == "mov"
    junk = tmp_path / "b.mp4"
    junk.write_bytes(b"not a video at all, just text")
    assert probe_video(junk).format == "unknown"
    assert probe_video(junk).duration_seconds is None

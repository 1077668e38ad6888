"""Every TikTok limit is checked locally, before any network call (pytest-httpx fails on a stray
request), and the audit rules pick a draft, SELF_ONLY or a direct post."""

import struct

import pytest
from tiktok_support import APP, mp4_with_duration, sparse_file

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.job import PublishPolicy, build_job, choose_target
from psn.platforms.tiktok.media import video_duration
from psn.platforms.tiktok.spec import DEFAULT_URLS, make_adapter


class NoCheckpoint:
    def get(self, step):
        return None

    def save(self, step, value):
        raise AssertionError("nothing may be saved for an invalid request")

    def begin(self, step):
        raise AssertionError("nothing may be begun for an invalid request")

    def in_flight(self, step):
        return False


def video(path):
    return MediaItem(kind="video", path=path)


def photos(count, base="https://media.example.com/p"):
    return [MediaItem(kind="image", url=f"{base}{i}.jpg") for i in range(count)]


@pytest.fixture
def clip(tmp_path):
    return sparse_file(tmp_path / "clip.mp4", 1000)


def refused(request, **settings):
    """Publish through a real adapter with no network allowed; return the BadInput."""
    deps = AdapterDeps(urls=dict(DEFAULT_URLS), settings=settings, app=dict(APP))
    with pytest.raises(BadInput) as caught:
        make_adapter(deps).publish(request, NoCheckpoint())
    return caught.value


def post(**kw):
    return PublishRequest(platform="tiktok", **kw)


def test_video_caption_over_2200_utf16_units(httpx_mock, clip):
    error = refused(post(format="video", text="😀" * 1101, media=[video(clip)]))
    assert (error.details["limit"], error.details["value"]) == (2200, 2202)
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("request_kwargs, fragment", [
    ({"format": "photo", "title": "t" * 91, "media": photos(1)}, "photo title"),
    ({"format": "photo", "text": "d" * 4001, "media": photos(1)}, "description"),
    ({"format": "photo", "media": photos(36)}, "at most 35"),
    ({"format": "photo", "media": photos(2), "options": {"cover_index": 2}}, "cover_index"),
    ({"format": "photo", "media": [MediaItem(kind="image", path="/tmp/x.jpg")]}, "cannot take local files"),
    ({"format": "photo", "media": photos(1, "http://media.example.com/")}, "https"),
    ({"format": "photo", "media": [MediaItem(kind="image", url="https://media.example.com/a.png")]}, "JPEG or WebP"),
    ({"format": "video", "media": [MediaItem(kind="video", url="http://media.example.com/v.mp4")]}, "https"),
    ({"format": "video", "media": []}, "exactly one video"),
    ({"format": "text", "text": "hello"}, "videos or photos"),
    ({"format": "video", "media": [MediaItem(kind="video", path="/nope/missing.mp4")]}, "not found"),
])
def test_photo_and_video_limits(httpx_mock, request_kwargs, fragment):
    error = refused(post(**request_kwargs))
    assert fragment in error.message
    assert httpx_mock.get_requests() == []


def test_only_tiktok_video_containers(httpx_mock, tmp_path):
    error = refused(post(format="video", media=[video(sparse_file(tmp_path / "clip.avi", 10))]))
    assert ".mp4" in error.hint


def test_an_empty_video(httpx_mock, tmp_path):
    assert "empty" in refused(post(format="video", media=[video(sparse_file(tmp_path / "e.mp4", 0))])).message


def test_a_video_longer_than_the_api_allows(httpx_mock, tmp_path):
    error = refused(post(format="video", media=[video(mp4_with_duration(tmp_path / "long.mp4", 601))]))
    assert error.details["limit"] == 600


def test_urls_outside_the_verified_prefixes(httpx_mock):
    error = refused(post(format="photo", media=photos(1, "https://elsewhere.example.org/")),
                    verified_url_prefixes=["https://media.example.com/"])
    assert "verified" in error.message and "https://media.example.com/" in error.hint


def test_unaudited_apps_cannot_ask_for_public(httpx_mock, clip):
    error = refused(post(format="video", media=[video(clip)], options={"privacy": "public"}))
    assert "unaudited" in error.message
    assert "psn config set tiktok.audited true" in error.hint and "audit" in error.hint


def test_audited_direct_posts_need_a_chosen_privacy(httpx_mock, clip):
    error = refused(post(format="video", media=[video(clip)], options={"mode": "direct"}), audited=True)
    assert "no default" in error.message


@pytest.mark.parametrize("options, fragment", [
    ({"mode": "inbox", "privacy": "private"}, "draft takes no privacy"),
    ({"mode": "later"}, "Unknown TikTok mode"),
    ({"privacy": "private", "brand_content": True}, "branded content"),
    ({"cover_timestamp_ms": -5}, "negative"),
    ({"cover_timestamp_ms": "soon"}, "whole number"),
])
def test_option_mistakes(httpx_mock, clip, options, fragment):
    assert fragment in refused(post(format="video", media=[video(clip)], options=options), audited=True).message


@pytest.mark.parametrize("options, policy, expected", [
    ({}, PublishPolicy(), ("inbox", None)),
    ({}, PublishPolicy(unaudited_mode="self_only"), ("direct", "SELF_ONLY")),
    ({"mode": "direct"}, PublishPolicy(), ("direct", "SELF_ONLY")),
    ({"privacy": "private"}, PublishPolicy(), ("direct", "SELF_ONLY")),
    ({"mode": "draft"}, PublishPolicy(audited=True), ("inbox", None)),
    ({}, PublishPolicy(audited=True), ("inbox", None)),
    ({"privacy": "public"}, PublishPolicy(audited=True), ("direct", "PUBLIC_TO_EVERYONE")),
    ({"privacy": "followers", "mode": "direct"}, PublishPolicy(audited=True), ("direct", "FOLLOWER_OF_CREATOR")),
])
def test_where_a_post_goes(options, policy, expected):
    target = choose_target(options, policy)
    assert (target.mode, target.privacy) == expected


def test_unaudited_drafts_explain_why_and_how_to_get_audited():
    notes = " ".join(choose_target({}, PublishPolicy()).notes)
    assert "inbox" in notes and "unaudited" in notes and "tiktok.audited true" in notes


def test_photos_are_inferred_from_images_and_options_parse_text(clip):
    job = build_job(post(format="carousel", title="Look", text="Autumn #ootd", media=photos(3),
                         options={"allow_comment": "yes", "cover_index": "2", "privacy": "public"}),
                    PublishPolicy(audited=True))
    assert (job.kind, job.title, job.caption, job.options.cover_index) == ("photo", "Look", "Autumn #ootd", 2)
    assert job.options.allow_comment and not job.options.allow_duet


def test_mp4_duration_is_read_without_reading_the_media(tmp_path):
    path = mp4_with_duration(tmp_path / "clip.mp4", 42, padding=3_000_000)
    assert video_duration(path) == 42


def test_mp4_duration_with_64_bit_boxes_and_version_1_headers(tmp_path):
    payload = bytes([1]) + bytes(3) + struct.pack(">QQIQ", 0, 0, 600, 600 * 95) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(payload), b"mvhd") + payload
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    big_mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + 100) + bytes(100)
    path = tmp_path / "v1.mov"
    path.write_bytes(big_mdat + moov)
    assert video_duration(path) == 95


@pytest.mark.parametrize("content", [b"", b"not an mp4 at all", b"\x00\x00\x00\x01mdat"])
def test_unreadable_durations_are_unknown(tmp_path, content):
    path = tmp_path / "odd.mp4"
    path.write_bytes(content)
    assert video_duration(path) is None


def test_webm_durations_are_left_to_tiktok(tmp_path):
    assert video_duration(sparse_file(tmp_path / "clip.webm", 100)) is None

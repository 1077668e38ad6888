"""Every Instagram limit is checked locally: a violation is exit 2 naming the limit and the value."""

from __future__ import annotations

import pytest

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.instagram.probe import make_jpeg, make_mp4
from psn.platforms.instagram.validate import plan


@pytest.fixture
def files(tmp_path):
    def jpeg(name="a.jpg", width=1080, height=1080, **kw):
        path = tmp_path / name
        path.write_bytes(make_jpeg(width, height, **kw))
        return path

    def mp4(name="a.mp4", seconds=12.0, **kw):
        path = tmp_path / name
        path.write_bytes(make_mp4(seconds, **kw))
        return path

    return jpeg, mp4


def request(fmt="", text="", media=(), **options):
    return PublishRequest(platform="instagram", format=fmt, text=text, media=list(media), options=options)


def image(path=None, url=None, **kw):
    return MediaItem(kind="image", path=path, url=url, **kw)


def video(path=None, url=None, **kw):
    return MediaItem(kind="video", path=path, url=url, **kw)


def refused(req) -> BadInput:
    with pytest.raises(BadInput) as err:
        plan(req)
    assert err.value.exit_code == 2
    return err.value


def test_format_is_inferred_from_the_media(files):
    jpeg, mp4 = files
    assert plan(request(media=[image(jpeg())])).format == "image"
    assert plan(request(media=[video(mp4())])).format == "reel"
    assert plan(request(media=[image(jpeg()), video(mp4("b.mp4"))])).format == "carousel"
    assert plan(request("photo", media=[image(jpeg())])).format == "image"
    assert "text alone" in refused(request(text="hello")).message
    assert "format" in refused(request("thread", media=[image(jpeg())])).message


def test_caption_limits_name_the_limit_and_value(files):
    jpeg, _ = files
    long = refused(request(text="x" * 2201, media=[image(jpeg())]))
    assert long.details == {"limit": 2200, "value": 2201}
    tags = refused(request(text=" ".join(f"#t{i}" for i in range(31)), media=[image(jpeg())]))
    assert "31 hashtags" in tags.message and tags.details["limit"] == 30
    mentions = refused(request(text=" ".join(f"@u{i}" for i in range(21)), media=[image(jpeg())]))
    assert "21 @mentions" in mentions.message
    assert plan(request(text="x" * 2200, media=[image(jpeg())])).caption


def test_hashtag_limit_is_configurable_and_more_than_five_warns(files):
    jpeg, _ = files
    text = " ".join(f"#t{i}" for i in range(8))
    assert "8 hashtags" in plan(request(text=text, media=[image(jpeg())])).warnings[0]
    with pytest.raises(BadInput):
        plan(request(text=text, media=[image(jpeg())]), max_hashtags=5)


def test_carousel_size_is_two_to_ten(files):
    jpeg, _ = files
    assert refused(request("carousel", media=[image(jpeg())])).details == {"limit": 10, "value": 1}
    eleven = [image(jpeg(f"{i}.jpg")) for i in range(11)]
    assert "11 items" in refused(request("carousel", media=eleven)).message
    assert len(plan(request("carousel", media=eleven[:10])).items) == 10


def test_images_must_be_plain_jpeg_within_8mb_and_feed_aspect(files, tmp_path):
    jpeg, _ = files
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    assert "PNG" in refused(request(media=[image(png)])).message
    assert "MPO" in refused(request(media=[image(jpeg(mpo=True))])).message
    tall = refused(request(media=[image(jpeg(width=1080, height=1920))]))
    assert "0.56" in tall.message and tall.details["limit"] == "0.80-1.91"
    assert plan(request("story", media=[image(jpeg(width=1080, height=1920))])).format == "story"
    big = jpeg("big.jpg")
    big.write_bytes(make_jpeg(1080, 1080) + b"\x00" * (8 * 1024 * 1024))
    assert "8 MB" in refused(request(media=[image(big)])).message


def test_url_only_media_checks_what_it_declares():
    assert refused(request(media=[image(url="https://cdn.example.com/a.png", mime_type="image/png")])).details[
        "value"] == "image/png"
    assert refused(request(media=[image(url="https://x.example/a.jpg", size_bytes=9 * 1024 * 1024)]))
    assert plan(request(media=[image(url="https://cdn.example.com/a.jpg")])).items[0].url


def test_video_duration_from_mvhd_or_declared(files):
    _, mp4 = files
    short = refused(request("reel", media=[video(mp4(seconds=2))]))
    assert "2.0 s" in short.message and short.details["limit"] == "3-900s"
    assert "15 min" in refused(request("reel", media=[video(mp4(seconds=901))])).message
    assert "60 s" in refused(request("story", media=[video(mp4(seconds=61))])).message
    assert plan(request("reel", media=[video(mp4(seconds=61))])).items[0].duration == pytest.approx(61)
    declared = refused(request("reel", media=[video(url="https://cdn.example.com/r.mp4")], duration_seconds=1000))
    assert declared.details["value"] == 1000
    per_item = plan(request("carousel", media=[video(url="https://c.example/1.mp4"), video(url="https://c.example/2.mp4")],
                            duration_seconds=[10, 20]))
    assert [i.duration for i in per_item.items] == [10, 20]


def test_not_a_video_is_refused(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    assert "ftyp" in refused(request("reel", media=[video(text)])).message
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a")
    assert "MP4" in refused(request("reel", media=[video(gif)])).message


def test_reel_options(files):
    jpeg, mp4 = files
    clip = mp4(seconds=10)
    assert plan(request("reel", media=[video(clip)], thumb_offset=1500, share_to_feed=False)).options["thumb_offset"]
    past = refused(request("reel", media=[video(clip)], thumb_offset=10_000))
    assert past.details == {"limit": 10000, "value": 10000}
    assert "Reels only" in refused(request("image", media=[image(jpeg())], share_to_feed=True)).message
    cover = jpeg("cover.png", width=1080, height=1920)
    cover.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30)
    assert "cover" in refused(request("reel", media=[video(clip)], cover=str(cover))).message


def test_stories_take_no_caption_and_no_collaborators(files):
    jpeg, _ = files
    assert "no caption" in refused(request("story", text="hi", media=[image(jpeg())])).message
    assert "collaborators" in refused(request("story", media=[image(jpeg())], collaborators=["a"])).message
    assert "4 collaborators" in refused(request(media=[image(jpeg())], collaborators=list("abcd"))).message


def test_user_tags(files):
    jpeg, _ = files
    tags = [{"username": f"u{i}", "x": 0.5, "y": 0.5} for i in range(21)]
    assert "21 people" in refused(request(media=[image(jpeg())], user_tags=tags)).message
    assert "x and y" in refused(request(media=[image(jpeg())], user_tags=[{"username": "a"}])).message


def test_alt_text(files):
    jpeg, mp4 = files
    assert "1001 characters" in refused(request(media=[image(jpeg(), alt_text="a" * 1001)])).message
    checked = plan(request("reel", media=[video(mp4(), alt_text="a clip")]))
    assert checked.items[0].alt_text is None and "alt text" in checked.warnings[0]


def test_missing_files_and_kinds(tmp_path):
    assert "not found" in refused(request(media=[image(tmp_path / "nope.jpg")])).message
    doc = MediaItem(kind="document", url="https://x.example/a.pdf")
    assert "document" in refused(request(media=[doc])).message

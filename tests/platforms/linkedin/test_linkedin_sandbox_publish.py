"""The adapter against the in-process emulator: every format, crash and resume, and the
failure cases of issue 3 (duplicate, daily limit, retired version, processing failure)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.errors import (
    DuplicateContent,
    RateLimitedError,
    Rejected,
    Unavailable,
    UncertainOutcome,
    VersionUnsupported,
)
from tests.checkpoints import Crash


def media_records(world) -> dict:
    return world.read("linkedin").get("media", {})


def image(tmp_path: Path, name: str) -> MediaItem:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return MediaItem(kind="image", path=path, alt_text=f"alt {name}")


def video(tmp_path: Path, size: int = 100 * 1024) -> MediaItem:
    path = tmp_path / "clip.mp4"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"\x00" * (size % 256))
    return MediaItem(kind="video", path=path)


def post(text: str = "Hello LinkedIn", **fields) -> PublishRequest:
    return PublishRequest(platform="linkedin", text=text, **fields)


def test_text_post_reads_exactly_as_written(sandbox_adapter, checkpoint, emulator):
    text = "Shipped v2 (finally!) #buildinpublic — thanks @[Ada](urn:li:person:782bbtaQ) *and* C# fans_ ~"
    result = sandbox_adapter().publish(post(text), checkpoint)
    [stored] = emulator.posts()
    assert result.platform_post_id == stored["urn"] == checkpoint.get("post")
    assert result.url == f"https://www.linkedin.com/feed/update/{stored['urn']}"
    assert stored["text"] == text.replace("@[Ada](urn:li:person:782bbtaQ)", "Ada") and not stored["truncated"]
    assert stored["author"] == "urn:li:person:Sbx0Creator" and stored["visibility"] == "PUBLIC"


def test_single_and_multi_image_posts(sandbox_adapter, new_checkpoint, emulator, tmp_path, sleeps):
    adapter = sandbox_adapter(visibility="CONNECTIONS")
    adapter.publish(post("one", media=[image(tmp_path, "a.png")]), new_checkpoint())
    adapter.publish(post("three", media=[image(tmp_path, f"{n}.png") for n in "bcd"]), new_checkpoint())
    single, multi = emulator.posts()
    assert single["content"]["media"]["altText"] == "alt a.png"
    assert [i["altText"] for i in multi["content"]["multiImage"]["images"]] == ["alt b.png", "alt c.png", "alt d.png"]
    assert multi["visibility"] == "CONNECTIONS"
    assert sleeps  # each image was PROCESSING once: psn waited instead of posting too early


def test_document_post_is_titled_after_the_file(sandbox_adapter, checkpoint, emulator, tmp_path):
    deck = tmp_path / "Q3 roadmap.pdf"
    deck.write_bytes(b"%PDF-1.7\n" + b"\x00" * 1000)
    sandbox_adapter().publish(post("Slides", media=[MediaItem(kind="document", path=deck)], format="carousel"),
                              checkpoint)
    [stored] = emulator.posts()
    assert stored["content"]["media"]["title"] == "Q3 roadmap.pdf"
    assert stored["content"]["media"]["id"].startswith("urn:li:document:")


def test_video_is_uploaded_in_parts_and_finalized(sandbox_adapter, checkpoint, emulator, world, tmp_path,
                                                  monkeypatch):
    monkeypatch.setattr("psn.sandbox.linkedin_media.PART_BYTES", 40 * 1024)
    result = sandbox_adapter().publish(post("Demo", media=[video(tmp_path)], title="Demo"), checkpoint)
    [record] = media_records(world).values()
    assert len(record["parts"]) == 3 and all(part["etag"] for part in record["parts"])
    assert record["status"] == "AVAILABLE"
    assert emulator.posts()[0]["content"] == {"media": {"id": result.raw["media"][0], "title": "Demo"}}


def test_article_with_a_thumbnail(sandbox_adapter, checkpoint, emulator, tmp_path):
    request = post("Read this", format="article", link="https://blog.example.com/p", title="How we ship",
                   media=[image(tmp_path, "thumb.png")], options={"description": "A story"})
    sandbox_adapter().publish(request, checkpoint)
    article = emulator.posts()[0]["content"]["article"]
    assert article["source"] == "https://blog.example.com/p" and article["title"] == "How we ship"
    assert article["description"] == "A story" and article["thumbnail"].startswith("urn:li:image:")


@pytest.mark.parametrize("crash_after", ["media:0", "media:1", "post"])
def test_crash_and_rerun_posts_exactly_once(sandbox_adapter, new_checkpoint, emulator, world, tmp_path, crash_after):
    adapter = sandbox_adapter()
    request = post("Carousel", media=[image(tmp_path, f"{n}.png") for n in range(3)])
    checkpoint = new_checkpoint(crash_after=crash_after)
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    result = sandbox_adapter().publish(request, checkpoint)  # a fresh process, the same saved checkpoint
    assert [p["urn"] for p in emulator.posts()] == [result.platform_post_id]
    assert len(media_records(world)) == 3  # saved uploads were reused, not redone


def test_video_crash_after_its_upload_reuses_it(sandbox_adapter, new_checkpoint, emulator, world, tmp_path):
    request = post("Clip", media=[video(tmp_path)])
    checkpoint = new_checkpoint(crash_after="media:0")
    with pytest.raises(Crash):
        sandbox_adapter().publish(request, checkpoint)
    sandbox_adapter().publish(request, checkpoint)
    assert len(emulator.posts()) == 1 and len(media_records(world)) == 1


class LoseAnswerTo(httpx.BaseTransport):
    """Lets the request reach the emulator, then drops the answer (a crash mid-call)."""

    def __init__(self, inner: httpx.BaseTransport, path: str) -> None:
        self.inner, self.path, self.dropped = inner, path, False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == self.path and not self.dropped:
            self.dropped = True
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def test_a_lost_answer_to_the_create_is_never_posted_again(make_deps, sandbox_tokens, transport, checkpoint,
                                                          emulator):
    from psn.platforms.linkedin.spec import make_adapter

    tokens = sandbox_tokens()
    flaky = make_adapter(make_deps(tokens, transport=LoseAnswerTo(transport, "/rest/posts")))
    with pytest.raises(UncertainOutcome):
        flaky.publish(post(), checkpoint)
    assert checkpoint.in_flight("post")
    with pytest.raises(UncertainOutcome) as err:
        make_adapter(make_deps(tokens, transport=transport)).publish(post(), checkpoint)
    assert "--force-step" in err.value.hint
    assert len(emulator.posts()) == 1


def test_a_duplicate_names_the_first_post(sandbox_adapter, new_checkpoint):
    adapter = sandbox_adapter()
    first = adapter.publish(post("Same words"), new_checkpoint())
    with pytest.raises(DuplicateContent) as err:
        adapter.publish(post("Same words"), new_checkpoint())
    assert first.platform_post_id in err.value.message


def test_the_daily_limit_waits_for_utc_midnight(sandbox_adapter, new_checkpoint, emulator):
    emulator.set_daily_post_limit(1)
    adapter = sandbox_adapter()
    adapter.publish(post("one"), new_checkpoint())
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(post("two"), new_checkpoint())
    assert err.value.retry_at == datetime(2026, 11, 21, tzinfo=UTC)


def test_a_retired_version_tells_the_user_what_to_set(sandbox_adapter, checkpoint, emulator):
    with pytest.raises(VersionUnsupported) as err:
        sandbox_adapter(version="202401").publish(post(), checkpoint)
    assert "psn config set linkedin.version 202610" in err.value.hint
    assert not checkpoint.in_flight("post")  # LinkedIn refused it: a retry may create it
    sandbox_adapter(version="202610").publish(post(), checkpoint)  # the suggested value works
    assert len(emulator.posts()) == 1


def test_a_server_error_on_the_create_stays_uncertain(sandbox_adapter, checkpoint, emulator, world):
    world.inject("linkedin", path="/rest/posts", method="POST", status=500, body={"status": 500, "message": "oops"})
    with pytest.raises(Unavailable):
        sandbox_adapter().publish(post(), checkpoint)
    assert checkpoint.in_flight("post")  # a 500 may hide a created post
    with pytest.raises(UncertainOutcome):
        sandbox_adapter().publish(post(), checkpoint)
    assert emulator.posts() == []


def test_a_video_linkedin_cannot_process_is_rejected(sandbox_adapter, checkpoint, emulator, tmp_path):
    emulator.fail_next_video("Unsupported codec")
    with pytest.raises(Rejected) as err:
        sandbox_adapter().publish(post(media=[video(tmp_path)]), checkpoint)
    assert "Unsupported codec" in err.value.message
    assert emulator.posts() == []


def test_status_and_delete(sandbox_adapter, checkpoint, emulator):
    adapter = sandbox_adapter()
    result = adapter.publish(post(), checkpoint)
    assert adapter.status(result.platform_post_id) == "published"
    adapter.delete(result.platform_post_id)
    assert emulator.posts() == []


def test_over_the_loopback_server_upload_urls_route_back_to_the_emulator(make_deps, sandbox_tokens, world, emulator,
                                                                          tmp_path, monkeypatch, checkpoint):
    """`psn sandbox serve`: every URL goes through 127.0.0.1, including the upload URLs LinkedIn hands out."""
    from psn.platforms.linkedin.spec import make_adapter
    from psn.sandbox.server import serve_in_thread

    monkeypatch.setattr("psn.sandbox.linkedin_media.PART_BYTES", 40 * 1024)
    server, base = serve_in_thread(world)
    try:
        deps = make_deps(sandbox_tokens())
        deps.urls = {name: f"{base}/{httpx.URL(url).host}{httpx.URL(url).path}".rstrip("/")
                     for name, url in deps.urls.items()}
        adapter = make_adapter(deps)
        result = adapter.publish(post("Over loopback", media=[video(tmp_path)]), checkpoint)
        seeded = emulator.seed_post("Someone's post")
        adapter.reply(pasted(seeded["share"]), "Nice (really)!")
    finally:
        server.shutdown()
        server.server_close()
    assert [p["urn"] for p in emulator.posts(author_sub="Sbx0Creator")] == [result.platform_post_id]
    assert emulator.comments()[0]["message"]["text"] == "Nice (really)!"


def pasted(link: str):
    """What `psn engage add LINK` stores for a LinkedIn post: the link itself (reply reads the URN from it)."""
    from psn.platforms.base import Candidate
    from psn.platforms.linkedin import urns

    url = link if link.startswith("http") else urns.post_url(link)
    return Candidate(platform="linkedin", post_id=link, url=url, text="")

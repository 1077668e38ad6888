"""Publishing against the emulator: every format, crashes at each step, quota, containers, errors."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.errors import QuotaExhausted, Rejected, Unavailable, UncertainOutcome

from .conftest import Crash, CrashingCheckpoint, MemoryCheckpoint

CDN = "https://cdn.example.com"


def req(fmt="", text="", media=(), **options):
    return PublishRequest(platform="instagram", format=fmt, text=text, media=list(media), options=options)


def url_image(name="a.jpg"):
    return MediaItem(kind="image", url=f"{CDN}/{name}")


def test_feed_image_from_a_url(sandbox):
    adapter = sandbox.adapter()
    result = adapter.publish(req(text="Spring drop #sale", media=[url_image()]), MemoryCheckpoint())
    [post] = sandbox.emulator.published()
    assert post["id"] == result.platform_post_id and post["media_product_type"] == "FEED"
    assert post["caption"] == "Spring drop #sale" and result.url == post["permalink"]
    assert result.url.startswith("https://www.instagram.com/p/")


def test_local_image_goes_through_the_media_host_command(sandbox):
    adapter = sandbox.adapter(settings={"media_host_command": f"echo {CDN}/{{hash}}{{ext}}"})
    checkpoint = MemoryCheckpoint()
    adapter.publish(req(text="From disk", media=[MediaItem(kind="image", path=sandbox.jpeg())]), checkpoint)
    assert checkpoint.values["url:0"].startswith(f"{CDN}/") and checkpoint.values["url:0"].endswith(".jpg")
    assert len(sandbox.emulator.published()) == 1


def test_carousel_children_then_parent(sandbox):
    adapter = sandbox.adapter()
    media = [url_image("1.jpg"), MediaItem(kind="video", path=sandbox.mp4()), url_image("3.jpg")]
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(req("carousel", "Three looks", media), checkpoint)
    [post] = sandbox.emulator.published()
    assert post["media_type"] == "CAROUSEL_ALBUM" and post["caption"] == "Three looks"
    containers = sandbox.emulator.containers()
    children = [checkpoint.values[f"a1:child:{i}"] for i in range(3)]
    assert post["children"] == children and all(containers[c]["child"] for c in children)
    assert len(containers) == 4 and result.raw["container_id"] == checkpoint.values["a1:container"]


def test_reel_by_resumable_upload_with_feed_and_thumbnail_options(sandbox):
    adapter = sandbox.adapter()
    clip = sandbox.mp4(seconds=20)
    result = adapter.publish(req("reel", "Behind the scenes", [MediaItem(kind="video", path=clip)],
                                 share_to_feed=False, thumb_offset=1500), MemoryCheckpoint())
    [post] = sandbox.emulator.published()
    [container] = sandbox.emulator.containers().values()
    assert post["media_product_type"] == "REELS" and post["media_type"] == "VIDEO"
    assert result.url.startswith("https://www.instagram.com/reel/")
    assert container["share_to_feed"] is False and container["thumb_offset"] == "1500"
    assert container["video"]["duration"] == pytest.approx(20.0)
    assert sandbox.sleeps.calls == [2.0, 4.0, 8.0]  # IN_PROGRESS three times: backoff, no real sleeping


def test_reel_from_a_url_and_video_through_the_media_host(sandbox):
    adapter = sandbox.adapter(settings={"video_upload": "url", "media_host_command": f"echo {CDN}/{{name}}"})
    adapter.publish(req("reel", "A", [MediaItem(kind="video", url=f"{CDN}/r.mp4")]), MemoryCheckpoint())
    adapter.publish(req("reel", "B", [MediaItem(kind="video", path=sandbox.mp4())]), MemoryCheckpoint())
    assert [p["media_product_type"] for p in sandbox.emulator.published()] == ["REELS", "REELS"]
    assert not any(c.get("awaiting_upload") for c in sandbox.emulator.containers().values())


def test_stories_image_and_video(sandbox):
    adapter = sandbox.adapter()
    adapter.publish(req("story", media=[url_image("s.jpg")]), MemoryCheckpoint())
    adapter.publish(req("story", media=[MediaItem(kind="video", path=sandbox.mp4(seconds=15))]), MemoryCheckpoint())
    posts = sandbox.emulator.published()
    assert [p["media_product_type"] for p in posts] == ["STORY", "STORY"]
    assert "/stories/" in posts[0]["permalink"]
    assert [m.id for m in adapter.client.stories(adapter.user_id)] == [p["id"] for p in reversed(posts)]
    assert adapter._recent_media() == []  # stories are not in /media


@pytest.mark.parametrize(("step", "containers"), [
    ("a1:uri:17900000000000001", 2),  # the container id was not saved yet: a new (private) one is made
    ("a1:container", 1), ("a1:uploaded:17900000000000001", 1), ("publish_started_at", 1), ("media", 1)])
def test_a_crash_after_any_saved_step_resumes_to_exactly_one_post(sandbox, step, containers):
    adapter = sandbox.adapter()
    request = req("reel", "Once only", [MediaItem(kind="video", path=sandbox.mp4())])
    checkpoint = CrashingCheckpoint(crash_after=step)
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    result = adapter.publish(request, checkpoint)
    assert [p["id"] for p in sandbox.emulator.published()] == [result.platform_post_id]
    assert len(sandbox.emulator.containers()) == containers


def test_a_crash_between_carousel_children_reuses_them(sandbox):
    adapter = sandbox.adapter()
    request = req("carousel", "Pair", [url_image("1.jpg"), url_image("2.jpg")])
    checkpoint = CrashingCheckpoint(crash_after="a1:child:1")
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    adapter.publish(request, checkpoint)
    assert len(sandbox.emulator.published()) == 1 and len(sandbox.emulator.containers()) == 3


class LoseAnswers(httpx.BaseTransport):
    """Lets a request through to the emulator, then loses its answer (the call went through)."""

    def __init__(self, inner: httpx.BaseTransport, path_end: str, times: int = 1) -> None:
        self.inner, self.path_end, self.times = inner, path_end, times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path.endswith(self.path_end) and self.times:
            self.times -= 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def test_a_publish_whose_answer_was_lost_is_found_not_repeated(sandbox):
    sandbox.transport = LoseAnswers(sandbox.transport, "/media_publish")
    adapter = sandbox.adapter()
    request = req(text="Lost answer", media=[url_image()])
    checkpoint = MemoryCheckpoint()
    with pytest.raises(UncertainOutcome):
        adapter.publish(request, checkpoint)
    assert checkpoint.in_flight("media")
    result = adapter.publish(request, checkpoint)
    [post] = sandbox.emulator.published()
    assert result.platform_post_id == post["id"] == checkpoint.values["media"]


def test_a_publish_that_never_arrived_is_sent_again(sandbox):
    sandbox.world.inject("instagram", path="/media_publish", kind="connect", times=20)
    adapter = sandbox.adapter()
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Unavailable):  # the connection failures outlast every retry
        adapter.publish(req(text="Retry me", media=[url_image()]), checkpoint)
    with sandbox.world.state("_faults") as faults:
        faults["rules"] = []
    adapter.publish(req(text="Retry me", media=[url_image()]), checkpoint)
    assert len(sandbox.emulator.published()) == 1


@pytest.mark.parametrize("answer", [{"kind": "connect", "times": 3},
                                    {"status": 500, "times": 1, "body": {"error": {
                                        "message": "An unexpected error has occurred. Please retry your request later.",
                                        "type": "OAuthException", "is_transient": True, "code": 2}}}])
def test_a_transient_publish_error_is_retried_within_the_run(sandbox, answer):
    sandbox.world.inject("instagram", path="/media_publish", **answer)
    adapter = sandbox.adapter()
    adapter.publish(req(text="Once", media=[url_image()]), MemoryCheckpoint())
    assert len(sandbox.emulator.published()) == 1


def test_a_transient_error_after_the_publish_went_through_finds_the_post(sandbox):
    sandbox.world.inject("instagram", path="/media_publish", status=500, after=True, body={"error": {
        "message": "An unexpected error has occurred.", "type": "OAuthException", "is_transient": True, "code": 2}})
    adapter = sandbox.adapter()
    result = adapter.publish(req(text="Went out", media=[url_image()]), MemoryCheckpoint())
    assert [m["id"] for m in sandbox.emulator.published()] == [result.platform_post_id]


def test_an_expired_container_is_replaced_on_retry(sandbox):
    adapter = sandbox.adapter()
    request = req(text="Late", media=[url_image()])
    checkpoint = CrashingCheckpoint(crash_after="a1:container")
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    sandbox.clock.advance(hours=25)
    adapter.publish(request, checkpoint)  # one retry: the expired container is replaced at once
    assert len(sandbox.emulator.published()) == 1 and checkpoint.values["attempt"] == "2"
    assert len(sandbox.emulator.containers()) == 2


def test_a_video_instagram_cannot_process_reports_why_then_retry_rebuilds(sandbox):
    adapter = sandbox.adapter()
    url = f"{CDN}/too-short.mp4"
    sandbox.emulator.register_media_file(url, format="mp4", duration=1.0, bytes=10_000)
    request = req("reel", "Short", [MediaItem(kind="video", url=url)])
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Rejected) as err:
        adapter.publish(request, checkpoint)
    assert "error code 2207026" in err.value.message
    sandbox.emulator.register_media_file(url, format="mp4", duration=8.0, bytes=10_000)
    adapter.publish(request, checkpoint)
    assert len(sandbox.emulator.published()) == 1 and len(sandbox.emulator.containers()) == 2


def test_quota_exhausted_is_refused_with_the_reset_time(sandbox):
    sandbox.emulator.configure(quota_total=2)
    adapter = sandbox.adapter()
    adapter.publish(req(text="one", media=[url_image()]), MemoryCheckpoint())
    sandbox.clock.advance(hours=1)
    adapter.publish(req(text="two", media=[url_image()]), MemoryCheckpoint())
    before = len(sandbox.emulator.containers())
    with pytest.raises(QuotaExhausted) as err:
        adapter.publish(req(text="three", media=[url_image()]), MemoryCheckpoint())
    first = sandbox.emulator.published()[0]["timestamp"]
    assert "2 of 2" in err.value.message and err.value.retry_at.hour == int(first[11:13])
    assert len(sandbox.emulator.containers()) == before  # nothing was created
    sandbox.clock.advance(hours=23, minutes=1)
    adapter.publish(req(text="three", media=[url_image()]), MemoryCheckpoint())
    assert len(sandbox.emulator.published()) == 3


def test_the_container_cap_is_a_quota(sandbox):
    sandbox.emulator.configure(container_cap=2)
    adapter = sandbox.adapter()
    with pytest.raises(QuotaExhausted) as err:
        adapter.publish(req("carousel", "big", [url_image("1.jpg"), url_image("2.jpg")]), MemoryCheckpoint())
    assert "containers" in err.value.message


def test_platform_side_validation_errors_reach_the_user(sandbox):
    adapter = sandbox.adapter(settings={"max_hashtags": 40})
    with pytest.raises(Rejected) as caption:
        adapter.publish(req(text=" ".join(f"#t{i}" for i in range(31)), media=[url_image()]), MemoryCheckpoint())
    assert caption.value.code == "36004/2207010" and "30 hashtags" in caption.value.hint
    with pytest.raises(Rejected) as png:
        adapter.publish(req(text="png", media=[MediaItem(kind="image", url=f"{CDN}/a.png")]), MemoryCheckpoint())
    assert png.value.code == "36001/2207005"
    sandbox.emulator.register_media_file(f"{CDN}/tall.jpg", format="jpeg", width=1080, height=1920, bytes=1000)
    with pytest.raises(Rejected) as tall:
        adapter.publish(req(text="tall", media=[url_image("tall.jpg")]), MemoryCheckpoint())
    assert tall.value.code == "36003/2207009"
    with pytest.raises(Rejected) as local:
        adapter.publish(req(text="x", media=[MediaItem(kind="image", url="http://localhost/a.jpg")]),
                        MemoryCheckpoint())
    assert local.value.code == "9004/2207052" and "public" in local.value.hint
    assert sandbox.emulator.published() == []


def test_carousel_rules_on_the_emulator_side(sandbox):
    adapter = sandbox.adapter()
    client, user = adapter.client, adapter.user_id
    child = client.create_container(user, {"image_url": f"{CDN}/1.jpg", "is_carousel_item": True}).id
    with pytest.raises(Rejected) as size:
        client.create_container(user, {"media_type": "CAROUSEL", "children": child})
    assert size.value.code == "100/2207028"
    other = client.create_container(user, {"media_type": "VIDEO", "video_url": f"{CDN}/2.mp4",
                                           "is_carousel_item": True}).id
    client.container_status(child)
    with pytest.raises(Rejected) as alone:
        client.publish(user, child)
    assert alone.value.code == 100
    parent = client.create_container(user, {"media_type": "CAROUSEL", "children": f"{child},{other}"}).id
    with pytest.raises(Rejected) as early:
        client.publish(user, parent)  # never polled: the video child is still processing
    assert early.value.code == "9007/2207027"


def test_paging_through_many_posts(sandbox):
    adapter = sandbox.adapter()
    for n in range(7):
        adapter.publish(req(text=f"post {n}", media=[url_image()]), MemoryCheckpoint())
        sandbox.clock.advance(minutes=5)
    client = adapter.client
    first = client.list_media(adapter.user_id, limit=3)
    assert first.after and len(first.items) == 3
    everything = adapter._recent_media(limit=50)
    assert [m.caption for m in everything] == [f"post {n}" for n in reversed(range(7))]
    assert len({m.id for m in everything}) == 7


def test_resumed_publish_after_a_day_sees_the_quota_of_that_day(sandbox):
    sandbox.emulator.configure(quota_total=1)
    adapter = sandbox.adapter()
    adapter.publish(req(text="one", media=[url_image()]), MemoryCheckpoint())
    checkpoint = CrashingCheckpoint(crash_after="a1:container")
    with pytest.raises(QuotaExhausted):
        adapter.publish(req(text="two", media=[url_image()]), checkpoint)
    sandbox.clock.advance(timedelta(hours=24, minutes=1))
    adapter.publish(req(text="two", media=[url_image()]), MemoryCheckpoint())
    assert len(sandbox.emulator.published()) == 2

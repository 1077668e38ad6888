"""The adapter against the Graph emulator, in-process: login and Page choice, every format,
scheduling going live, insights, comments, and crash/resume without a second post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fb_support import NOW, Crash, MemoryCheckpoint, login

from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import MediaItem, PublishRequest, PublishStatus
from psn.platforms.errors import DuplicateContent, UncertainOutcome
from psn.platforms.facebook.spec import FacebookConnector, make_adapter
from psn.platforms.oauth import MemoryTokenStore
from psn.sandbox.facebook import add_page, seed_fan_comment
from psn.sandbox.meta_graph import PAGE_ID


def posts(world) -> list[dict]:  # type: ignore[no-untyped-def]
    return list(world.read("facebook")["posts"].values())


def test_login_keeps_the_page_token_and_never_the_user_token(sandbox_deps, world):
    tokens = login(sandbox_deps)
    assert tokens.extra == {"page_id": PAGE_ID, "page_name": "Sandbox Page", "user_id": "10001"}
    owner = world.read("facebook")["tokens"][tokens.access_token]
    assert owner == {"kind": "page", "id": PAGE_ID, "expires": None}


def test_several_pages_need_a_choice(sandbox_deps, world):
    add_page(world, "2222", "Second Page")
    with pytest.raises(BadInput) as caught:
        login(sandbox_deps)
    assert "Sandbox Page (id 1029384756); Second Page (id 2222)" in (caught.value.hint or "")
    sandbox_deps.settings["page_id"] = "2222"
    assert login(sandbox_deps).extra["page_id"] == "2222"


def test_an_interactive_chooser_picks_the_page(sandbox_deps, world):
    import httpx

    from psn.platforms.oauth import code_from_redirect

    add_page(world, "2222", "Second Page")
    connector = FacebookConnector(sandbox_deps, chooser=lambda pages: pages[-1])
    auth = connector.authorize("http://127.0.0.1:8766/callback")
    location = httpx.Client(transport=sandbox_deps.transport).get(auth.url).headers["location"]
    assert connector.exchange(auth, code_from_redirect(location, auth.state)).extra["page_id"] == "2222"


def test_a_stored_user_token_is_detected(sandbox_deps, world):
    tokens = login(sandbox_deps)
    user_token = next(t for t, info in world.read("facebook")["tokens"].items() if t.startswith("EAAUlong"))
    sandbox_deps.tokens = MemoryTokenStore(tokens.model_copy(update={"access_token": user_token}))
    with pytest.raises(NotAuthorised, match="user token"):
        make_adapter(sandbox_deps).account()


def test_every_format(sandbox_adapter, world, tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    video = tmp_path / "v.mp4"
    video.write_bytes(b"mp4")
    text = sandbox_adapter.publish(PublishRequest(platform="facebook", text="Text only"), MemoryCheckpoint())
    link = sandbox_adapter.publish(PublishRequest(platform="facebook", format="link", text="Read",
                                                  link="https://blog.example/a"), MemoryCheckpoint())
    single = sandbox_adapter.publish(PublishRequest(platform="facebook", format="photo", text="One",
                                                    media=[MediaItem(kind="image", path=photo)]), MemoryCheckpoint())
    multi = sandbox_adapter.publish(PublishRequest(platform="facebook", format="photos", text="Three",
                                                   media=[MediaItem(kind="image", path=photo)] * 3), MemoryCheckpoint())
    clip = sandbox_adapter.publish(PublishRequest(platform="facebook", format="video", text="Clip", title="T",
                                                  media=[MediaItem(kind="video", path=video)]), MemoryCheckpoint())
    assert all(r.status == PublishStatus.PUBLISHED for r in (text, link, single, multi))
    assert clip.status == PublishStatus.PROCESSING
    assert sandbox_adapter.status(clip.platform_post_id) == PublishStatus.PROCESSING
    world.advance(30)
    assert sandbox_adapter.status(clip.platform_post_id) == PublishStatus.PUBLISHED
    stored = {p["message"]: p for p in posts(world)}
    assert len(stored["Three"]["attached_media"]) == 3
    assert stored["Read"]["link"] == "https://blog.example/a"


def test_scheduled_post_goes_live_on_time(sandbox_adapter, world, clock):
    when = NOW + timedelta(hours=2)
    result = sandbox_adapter.publish(PublishRequest(platform="facebook", text="Later",
                                                    options={"schedule_at": when.isoformat()}), MemoryCheckpoint())
    assert result.status == PublishStatus.SCHEDULED
    assert sandbox_adapter.status(result.platform_post_id) == PublishStatus.SCHEDULED
    clock.advance(hours=2, seconds=1)
    assert sandbox_adapter.status(result.platform_post_id) == PublishStatus.PUBLISHED


def test_the_same_text_twice_is_a_duplicate(sandbox_adapter):
    sandbox_adapter.publish(PublishRequest(platform="facebook", text="Same"), MemoryCheckpoint())
    with pytest.raises(DuplicateContent):
        sandbox_adapter.publish(PublishRequest(platform="facebook", text="Same"), MemoryCheckpoint())


def test_crash_after_the_post_was_saved_then_rerun_posts_once(sandbox_adapter, world):
    checkpoint = MemoryCheckpoint(crash_after="post")
    req = PublishRequest(platform="facebook", text="Crash test")
    with pytest.raises(Crash):
        sandbox_adapter.publish(req, checkpoint)
    result = sandbox_adapter.publish(req, checkpoint)
    assert [p["id"] for p in posts(world)] == [result.platform_post_id]


def test_crash_before_the_id_was_saved_finds_the_post(sandbox_adapter, world, tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    checkpoint = MemoryCheckpoint(crash_before="post")
    req = PublishRequest(platform="facebook", format="photos", text="Lost answer",
                         media=[MediaItem(kind="image", path=photo)] * 2)
    with pytest.raises(Crash):
        sandbox_adapter.publish(req, checkpoint)
    result = sandbox_adapter.publish(req, checkpoint)
    assert [p["id"] for p in posts(world)] == [result.platform_post_id]
    assert len(world.read("facebook")["photos"]) == 2  # the uploads were not repeated either


def test_an_uncertain_step_that_cannot_be_found_stops(sandbox_adapter, world):
    checkpoint = MemoryCheckpoint()
    checkpoint.begin("post")  # begun, never confirmed, and not on the Page
    with pytest.raises(UncertainOutcome):
        sandbox_adapter.publish(PublishRequest(platform="facebook", text="Never sent"), checkpoint)
    assert posts(world) == []


def test_insights_and_comments(sandbox_adapter, world, clock):
    result = sandbox_adapter.publish(PublishRequest(platform="facebook", text="Measure me"), MemoryCheckpoint())
    clock.advance(minutes=10)
    seed_fan_comment(world, result.platform_post_id, "Great post!")
    metrics = sandbox_adapter.fetch_metrics([result.platform_post_id])[result.platform_post_id]
    assert (metrics.views, metrics.comments, metrics.clicks) == (30, 1, 1)
    [comment] = sandbox_adapter.comments(result.platform_post_id)
    assert (comment.text, comment.author_name, comment.on_own_post) == ("Great post!", "Jane Fan", True)
    reply = sandbox_adapter.reply(comment, "Thank you!")
    stored = world.read("facebook")["comments"][reply.platform_reply_id]
    assert stored["from"]["id"] == PAGE_ID and stored["parent"] == comment.post_id


def test_discover_is_empty_because_facebook_has_no_search(sandbox_adapter):
    assert sandbox_adapter.discover(["python"]) == []
    assert not sandbox_adapter.capabilities.search


def test_feed_comments_are_delivered_only_after_the_page_subscribes(sandbox_adapter, world, clock):
    from psn.sandbox import facebook_webhooks

    post_id = sandbox_adapter.publish(PublishRequest(platform="facebook", text="Kiln day"), MemoryCheckpoint())
    post_id = post_id.platform_post_id
    facebook_webhooks.fan_comment(world, post_id, "Before subscribing")
    assert facebook_webhooks.deliveries(world, "app-secret") == []  # Meta sends nothing for an unsubscribed Page
    assert sandbox_adapter.subscribe_webhooks() == ["feed"]
    clock.advance(minutes=1)
    comment_id = facebook_webhooks.fan_comment(world, post_id, "After subscribing")
    [(headers, body)] = facebook_webhooks.deliveries(world, "app-secret")
    sandbox_adapter.app_secret = "app-secret"
    assert sandbox_adapter.verify_webhook(headers, body, {})
    [event] = sandbox_adapter.parse_webhook(headers, body)
    candidate = sandbox_adapter.candidate_from_webhook(event)
    assert (candidate.post_id, candidate.text, candidate.on_own_post) == (comment_id, "After subscribing", True)
    # conversations() finds both comments, newest first, with the same ids the webhook carries
    assert next(c.post_id for c in sandbox_adapter.conversations()) == comment_id
    on_post = candidate.model_copy(update={"post_id": post_id})  # the Page comments under its own post
    own = sandbox_adapter.reply(on_post, "Thanks, everyone!")
    assert own.platform_reply_id in world.read("facebook")["comments"]
    assert [c.text for c in sandbox_adapter.conversations()] == ["After subscribing", "Before subscribing"]

"""Metrics, comments, mentions, webhooks and hashtag search against the emulator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn.core.errors import BadInput
from psn.platforms.base import Candidate, MediaItem, PublishRequest
from psn.platforms.errors import DuplicateContent, NotAllowedViaApi, QuotaExhausted, Rejected
from psn.platforms.instagram.hashtags import MemoryHashtagBudget

from .conftest import APP, MemoryCheckpoint


def post(adapter, fmt="", text="A post", media=None):
    media = media or [MediaItem(kind="image", url="https://cdn.example.com/a.jpg")]
    request = PublishRequest(platform="instagram", format=fmt, text=text, media=media)
    return adapter.publish(request, MemoryCheckpoint()).platform_post_id


def test_insights_are_empty_at_first_then_current_metrics(sandbox):
    adapter = sandbox.adapter()
    feed = post(adapter)
    reel = post(adapter, "reel", "A reel", [MediaItem(kind="video", path=sandbox.mp4())])
    early = adapter.fetch_metrics([feed])[feed]
    assert early.raw["pending"] and early.views == 0
    sandbox.clock.advance(hours=30)
    metrics = adapter.fetch_metrics([feed, reel])
    assert metrics[feed].views > 0 and metrics[feed].raw["insights"]["reach"] > 0
    assert set(metrics[reel].raw["insights"]) >= {"views", "reach", "likes", "comments", "shares", "saved",
                                                    "total_interactions", "ig_reels_avg_watch_time"}
    assert "profile_visits" not in metrics[reel].raw["insights"]  # not a Reels metric: asking would fail


def test_seeded_metrics_map_to_engagement_metrics(sandbox):
    adapter = sandbox.adapter()
    media_id = post(adapter)
    sandbox.emulator.seed_metrics(media_id, views=5210, reach=1834, likes=211, comments=14, shares=9, saved=30,
                                  total_interactions=264, profile_visits=40, follows=3)
    metrics = adapter.fetch_metrics([media_id])[media_id]
    assert (metrics.views, metrics.likes, metrics.comments, metrics.shares, metrics.saves, metrics.clicks,
            metrics.conversions) == (5210, 211, 14, 9, 30, 40, 3)
    assert metrics.raw["insights"]["total_interactions"] == 264


def test_removed_metrics_fail_and_small_stories_have_no_insights(sandbox):
    adapter = sandbox.adapter()
    media_id = post(adapter)
    sandbox.clock.advance(hours=3)
    with pytest.raises(Rejected) as err:
        adapter.client.media_insights(media_id, ["impressions"])
    assert "no longer supported" in err.value.message
    story = post(adapter, "story", "", [MediaItem(kind="image", url="https://cdn.example.com/s.jpg")])
    sandbox.emulator.seed_metrics(story, views=3)
    metrics = adapter.fetch_metrics([story])[story]
    assert metrics.views == 0 and "Not enough viewers" in metrics.raw["note"]


def test_reels_skip_rate_is_fractional(sandbox):
    adapter = sandbox.adapter()
    reel = post(adapter, "reel", "R", [MediaItem(kind="video", path=sandbox.mp4())])
    sandbox.clock.advance(hours=3)
    [value] = adapter.client.media_insights(reel, ["reels_skip_rate"])
    assert 0 < value.value < 1


def test_account_insights(sandbox):
    adapter = sandbox.adapter()
    post(adapter)
    sandbox.clock.advance(hours=3)
    totals = adapter.account_insights(["views", "reach"], days=7)
    assert totals["views"] > 0 and totals["reach"] > 0


def thread(adapter, comment_id: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The replies under a comment, as Instagram lists them (psn itself never needs to read them)."""
    answer = adapter.client.call("GET", f"{comment_id}/replies", "engagement", params={"fields": "id,text"})
    return answer.json()["data"]


def test_comments_on_own_media_can_be_answered(sandbox):
    adapter = sandbox.adapter()
    media_id = post(adapter, text="New drop")
    first = sandbox.emulator.fan_comment(media_id, "price?", "fan1")
    sandbox.emulator.fan_comment(media_id, "love it", "fan2")
    candidates = adapter.comments()
    assert [(c.author_handle, c.on_own_post) for c in candidates] == [("fan1", True), ("fan2", True)]
    assert candidates[0].post_id == first
    result = adapter.reply(candidates[0], "It's 40 EUR, link in bio")
    replies = thread(adapter, first)
    assert [r["id"] for r in replies] == [result.platform_reply_id]
    # a reply to a reply joins the top-level thread (Instagram's rule)
    nested = Candidate(platform="instagram", post_id=result.platform_reply_id, url="", text="", on_own_post=True,
                       raw={"kind": "comment", "top_level_id": first})
    adapter.reply(nested, "and free shipping")
    assert len(thread(adapter, first)) == 2
    on_media = Candidate(platform="instagram", post_id=media_id, url="", text="", on_own_post=True,
                         raw={"kind": "media"})
    assert adapter.reply(on_media, "Thanks everyone!").platform_reply_id
    with pytest.raises(DuplicateContent):
        adapter.reply(on_media, "Thanks everyone!")
    assert all(c.author_handle != "sandbox_studio" for c in adapter.conversations())


def test_replies_elsewhere_are_not_allowed_via_the_api(sandbox):
    adapter = sandbox.adapter()
    stranger = Candidate(platform="instagram", post_id="999", url="https://www.instagram.com/p/X/", text="nice",
                         raw={"kind": "media"})
    with pytest.raises(NotAllowedViaApi):
        adapter.reply(stranger, "hello")
    with pytest.raises(BadInput):
        adapter.reply(stranger, "   ")
    assert adapter.capabilities.reply == "own_posts" and adapter.capabilities.search is False


def test_mentions_arrive_by_webhook_and_can_be_answered(sandbox):
    adapter = sandbox.adapter()
    sandbox.emulator.mention("18000000000000076")
    assert sandbox.emulator.deliveries(APP["client_secret"]) == []  # not subscribed: Meta delivers nothing
    assert set(adapter.subscribe_webhooks()) == {"comments", "mentions"}
    sandbox.emulator.mention("18000000000000077", comment_id="17990000000000011")
    [(headers, body)] = sandbox.emulator.deliveries(APP["client_secret"])
    assert adapter.verify_webhook(headers, body, {})
    [event] = adapter.parse_webhook(headers, body)
    assert event.kind == "mention" and event.data["media_id"] == "18000000000000077"
    candidate = adapter.candidate_from_webhook(event)
    assert candidate.summoned and candidate.post_id == "17990000000000011"
    assert adapter.reply(candidate, "Thanks for the mention!").platform_reply_id
    with pytest.raises(Rejected):
        adapter.reply(candidate.model_copy(update={"raw": {"kind": "mention", "media_id": "1"}}), "hi")


def test_comment_webhooks_verify_and_parse(sandbox):
    adapter = sandbox.adapter()
    media_id = post(adapter)
    adapter.subscribe_webhooks()
    comment_id = sandbox.emulator.fan_comment(media_id, "Où l'acheter ? 😍", "fan3")
    [(headers, body)] = sandbox.emulator.deliveries(APP["client_secret"])
    assert b"\\u00f9" in body  # escaped unicode, as Meta signs it
    assert adapter.verify_webhook(headers, body, {})
    assert not adapter.verify_webhook(headers, body.replace(b"fan3", b"fan4"), {})
    [event] = adapter.parse_webhook(headers, body)
    assert (event.kind, event.object_id, event.data["text"], event.data["media_id"]) == (
        "comment", comment_id, "Où l'acheter ? 😍", media_id)
    query = sandbox.emulator.verification_query(APP["webhook_verify_token"])
    assert adapter.verify_webhook({}, b"", query)
    candidate = adapter.candidate_from_webhook(event)
    assert (candidate.post_id, candidate.on_own_post, candidate.raw["media_id"]) == (comment_id, True, media_id)


def test_webhook_subscription(sandbox):
    adapter = sandbox.adapter()
    assert adapter.subscribe_webhooks() == ["comments", "mentions"]
    with pytest.raises(Rejected) as err:  # the observed refusal of POST /me/subscribed_apps
        adapter.client.subscribe_webhooks("me", ["comments"])
    assert "method type: post" in err.value.message


def test_hashtag_search_needs_the_facebook_path(sandbox):
    adapter = sandbox.adapter(budget=MemoryHashtagBudget())
    with pytest.raises(NotAllowedViaApi) as err:
        adapter.discover(["coffee"])
    assert "Facebook-Login" in err.value.message


def test_hashtag_search_within_thirty_a_week(sandbox):
    budget = MemoryHashtagBudget()
    adapter = sandbox.adapter(settings={"login": "facebook"}, budget=budget)
    assert adapter.capabilities.search
    found = adapter.discover(["coffee", "latte art"], limit=10)
    assert found and all(not c.on_own_post for c in found)
    assert set(budget.window(adapter.user_id, sandbox.clock.now().replace(year=2000))) == {"coffee", "latteart"}
    adapter.discover(["coffee"])  # free: already in the window
    for n in range(28):
        adapter.hashtag_search.media(f"tag{n}")
    status = adapter.hashtag_search.status()
    assert (status.used, status.remaining) == (30, 0)
    requests_before = len((sandbox.world.root / "requests.log").read_text().splitlines())
    with pytest.raises(QuotaExhausted) as err:
        adapter.discover(["one_more"])
    assert "30" in err.value.message and err.value.retry_at is not None
    assert len((sandbox.world.root / "requests.log").read_text().splitlines()) == requests_before
    sandbox.clock.advance(days=7, minutes=1)
    assert adapter.discover(["one_more"])


def test_a_free_only_read_never_spends_a_slot(sandbox):
    budget = MemoryHashtagBudget()
    adapter = sandbox.adapter(settings={"login": "facebook"}, budget=budget)
    search = adapter.hashtag_search
    log = sandbox.world.root / "requests.log"
    before = len(log.read_text().splitlines())
    assert search.media_if_free("coffee") is None  # not searched this week: it would cost a slot
    assert len(log.read_text().splitlines()) == before and search.status().used == 0
    assert search.media("coffee")
    sandbox.clock.advance(days=6)
    assert search.media_if_free("#Coffee")  # in the window: free, and its timer is not reset
    assert search.status().used == 1 and search.status().resets_at == sandbox.clock.now() + timedelta(days=1)
    sandbox.clock.advance(days=1, minutes=1)
    assert search.media_if_free("coffee") is None  # the week is over: a new search again
    with pytest.raises(BadInput):
        search.media_if_free("two words")


def test_the_emulator_enforces_the_hashtag_limit_too(sandbox):
    adapter = sandbox.adapter(settings={"login": "facebook"})
    for n in range(30):
        adapter.client.hashtag_id(adapter.user_id, f"t{n}")
    with pytest.raises(QuotaExhausted):
        adapter.client.hashtag_id(adapter.user_id, "t30")
    assert adapter.client.hashtag_id(adapter.user_id, "t5")  # repeats stay free


def test_emulator_deliveries_through_psn_webhook_receiver(sandbox, tmp_path):
    from sqlalchemy import text

    from psn.context import AppContext
    from psn.webhooks.receiver import Receiver, secret_name

    adapter = sandbox.adapter()
    media_id = post(adapter)
    adapter.subscribe_webhooks()
    sandbox.emulator.fan_comment(media_id, "love this", "fan1")
    sandbox.emulator.fan_comment(media_id, "me too", "fan2")
    ctx = AppContext.create(clock=sandbox.clock)
    ctx.secrets.set(secret_name("instagram"), APP["client_secret"])
    ctx.secrets.set(secret_name("instagram", "verify_token"), APP["webhook_verify_token"])
    receiver = Receiver(ctx, lambda platform: adapter)
    query = sandbox.emulator.verification_query(APP["webhook_verify_token"], "31337")
    assert receiver.handle("GET", "/webhooks/instagram", {}, query, None).text == "31337"
    deliveries = sandbox.emulator.deliveries(APP["client_secret"])
    for headers, body in deliveries:
        assert receiver.handle("POST", "/webhooks/instagram", headers, {}, body).status == 200
    replay_headers, replay_body = deliveries[0]
    assert receiver.handle("POST", "/webhooks/instagram", replay_headers, {}, replay_body).body.get("stored", 0) == 0
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT platform, kind, count FROM engagement_events")).all()
    assert rows == [("instagram", "comment", 1), ("instagram", "comment", 1)]

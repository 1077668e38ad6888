"""The X adapter against the X emulator, in-process: publish, threads, crash/resume, replies, metrics."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psn.core.clock import FixedClock
from psn.core.errors import BadInput
from psn.platforms.base import Candidate, PublishRequest
from psn.platforms.errors import AuthExpired, NotAllowedViaApi, PaymentRequired, UncertainOutcome
from psn.platforms.oauth import MemoryTokenStore, code_from_redirect
from psn.platforms.registry import AccountRef, AdapterDeps, get_spec
from psn.publishing.checkpoint import MemoryCheckpoint
from psn.sandbox.transport import SandboxTransport
from psn.sandbox.world import SandboxWorld
from psn.sandbox.x import XEmulator
from tests.checkpoints import Crash
from tests.checkpoints import MemoryCheckpoint as CrashCheckpoint

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture
def world(tmp_path):
    return SandboxWorld(tmp_path / "world", clock=FixedClock(NOW))


@pytest.fixture
def adapter(world):
    spec = get_spec("x")
    transport = SandboxTransport(world)
    deps = AdapterDeps(urls=dict(spec.default_urls), settings={"price_post": 0.015}, clock=FixedClock(NOW),
                       transport=transport, app={"client_id": "cid"}, sleep=world.advance)
    connector = spec.make_connector(deps)
    request = connector.authorize("http://127.0.0.1:8765/callback")
    with httpx.Client(transport=transport) as client:
        location = client.get(request.url).headers["location"]
    tokens = connector.exchange(request, code_from_redirect(location, request.state))
    deps.tokens = MemoryTokenStore(tokens)
    info = spec.make_adapter(deps).account()
    deps.account = AccountRef(id=1, handle=info.handle, platform_user_id=info.platform_user_id)
    return spec.make_adapter(deps)


def creator_posts(world):
    return XEmulator(world).posts_by_creator()


def test_thread_publishes_each_part_once(adapter, world):
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(PublishRequest(platform="x", format="thread", text="one", parts=["two", "three"]),
                             checkpoint)
    posts = creator_posts(world)
    assert len(result.part_ids) == 3 and len(posts) == 3
    by_id = {p["id"]: p for p in posts}
    assert by_id[result.part_ids[1]]["reply_to"] == result.part_ids[0]
    assert result.url == f"https://x.com/sandbox_creator/status/{result.part_ids[0]}"
    assert result.cost_usd == pytest.approx(0.045)


def test_crash_between_parts_then_resume_posts_no_duplicate(adapter, world):
    checkpoint = MemoryCheckpoint()
    real_create = adapter.client.create_post
    calls = []

    def crash_on_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise SystemExit("killed")
        return real_create(*args, **kwargs)

    adapter.client.create_post = crash_on_third
    with pytest.raises(SystemExit):
        adapter.publish(PublishRequest(platform="x", text="a", parts=["b", "c"]), checkpoint)
    assert checkpoint.in_flight("part:2")
    adapter.client.create_post = real_create
    adapter.publish(PublishRequest(platform="x", text="a", parts=["b", "c"]), checkpoint)
    assert sorted(p["text"] for p in creator_posts(world)) == ["a", "b", "c"]


def test_crash_after_send_before_save_is_reconciled_not_reposted(adapter, world):
    checkpoint = MemoryCheckpoint()
    real_save = checkpoint.save

    def lose_second_save(step, value):
        if step == "part:1":
            raise SystemExit("killed after the API call, before the save")
        real_save(step, value)

    checkpoint.save = lose_second_save
    with pytest.raises(SystemExit):
        adapter.publish(PublishRequest(platform="x", text="first", parts=["second"]), checkpoint)
    checkpoint.save = real_save
    result = adapter.publish(PublishRequest(platform="x", text="first", parts=["second"]), checkpoint)
    assert len(creator_posts(world)) == 2
    assert len(result.part_ids) == 2


def test_in_flight_part_missing_on_x_is_posted_once(adapter, world):
    checkpoint = MemoryCheckpoint()
    checkpoint.begin("part:0")  # begun, never confirmed, and X has no such post: it never went out
    adapter.publish(PublishRequest(platform="x", text="never sent"), checkpoint)
    assert [p["text"] for p in creator_posts(world)] == ["never sent"]


@pytest.mark.parametrize("sent", [False, True])
def test_an_older_post_with_the_same_words_is_never_taken_for_a_later_part(adapter, world, sent):
    """Last week's thread also ended "Thanks for reading". Killed before (sent=False) or after (sent=True)
    X got the new closing part, the rerun ends with the new thread whole, never adopting the old part."""
    old = adapter.publish(PublishRequest(platform="x", text="Old news", parts=["More", "Thanks for reading"]),
                          MemoryCheckpoint())
    world.advance(2 * 86400)  # past X's duplicate-content window
    checkpoint = CrashCheckpoint(crash_before="part:2") if sent else CrashCheckpoint(crash_after_begin="part:2")
    request = PublishRequest(platform="x", text="Fresh news", parts=["More", "Thanks for reading"])
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    result = adapter.publish(request, checkpoint)
    by_id = {p["id"]: p for p in creator_posts(world)}
    assert result.part_ids[2] != old.part_ids[2] and by_id[result.part_ids[2]]["reply_to"] == result.part_ids[1]
    assert len(by_id) == 6


def test_every_part_of_a_thread_is_in_the_first_parts_conversation(adapter, world):
    result = adapter.publish(PublishRequest(platform="x", text="a", parts=["b", "c"]), MemoryCheckpoint())
    by_id = {p["id"]: p for p in creator_posts(world)}
    assert {by_id[i]["conversation_id"] for i in result.part_ids} == {result.part_ids[0]}


@pytest.mark.parametrize("sent", [False, True])
def test_an_older_post_with_the_same_words_is_never_taken_for_the_first_part(adapter, world, sent):
    old = adapter.publish(PublishRequest(platform="x", text="gm"), MemoryCheckpoint())
    world.advance(2 * 86400)
    adapter.clock = FixedClock(NOW + timedelta(days=2))
    checkpoint = CrashCheckpoint(crash_before="part:0") if sent else CrashCheckpoint(crash_after_begin="part:0")
    with pytest.raises(Crash):
        adapter.publish(PublishRequest(platform="x", text="gm"), checkpoint)
    result = adapter.publish(PublishRequest(platform="x", text="gm"), checkpoint)
    assert result.platform_post_id != old.platform_post_id
    assert len(creator_posts(world)) == 2


def test_in_flight_part_without_lookup_is_uncertain(adapter, world):
    adapter.user_id = ""
    checkpoint = MemoryCheckpoint()
    checkpoint.begin("part:0")
    with pytest.raises(UncertainOutcome):
        adapter.publish(PublishRequest(platform="x", text="cannot check"), checkpoint)
    assert creator_posts(world) == []


def test_limits_checked_before_any_call(adapter, world):
    with pytest.raises(BadInput) as err:
        adapter.publish(PublishRequest(platform="x", text="x" * 281), MemoryCheckpoint())
    assert "281" in err.value.message and "280" in err.value.message
    with pytest.raises(BadInput):
        adapter.validate(PublishRequest(platform="x", text="$AAA $BBB"))
    assert creator_posts(world) == []


def test_image_and_video_upload(adapter, world, tmp_path):
    image = tmp_path / "a.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    video = tmp_path / "v.mp4"
    video.write_bytes(b"\x00" * 1000)
    checkpoint = MemoryCheckpoint()
    from psn.platforms.base import MediaItem

    adapter.publish(PublishRequest(platform="x", text="pic", media=[MediaItem(kind="image", path=image)]), checkpoint)
    assert checkpoint.get("media:0")
    adapter.publish(PublishRequest(platform="x", text="vid", media=[MediaItem(kind="video", path=video)]),
                    MemoryCheckpoint())
    assert {p["text"]: len(p["media_ids"]) for p in creator_posts(world)} == {"pic": 1, "vid": 1}


def test_reply_only_when_summoned(adapter, world):
    found = adapter.discover(["posting frequency", "headless cms"])
    summoned = next(c for c in found if c.summoned)
    plain = next(c for c in found if not c.summoned)
    assert adapter.reply(summoned, "Great question, here is my take").platform_reply_id
    with pytest.raises(NotAllowedViaApi):
        adapter.reply(plain, "Unsolicited reply")


def test_discover_and_metrics(adapter, world):
    candidates = adapter.discover(["indie", "content"])
    assert all(isinstance(c, Candidate) and c.author_handle for c in candidates)
    result = adapter.publish(PublishRequest(platform="x", text="measure me"), MemoryCheckpoint())
    metrics = adapter.fetch_metrics([result.platform_post_id])
    assert metrics[result.platform_post_id].views > 0


def test_payment_required_is_not_retried(adapter, world):
    XEmulator(world).set_credits(0)
    with pytest.raises(PaymentRequired):
        adapter.publish(PublishRequest(platform="x", text="no credits"), MemoryCheckpoint())


def test_token_refresh_rotates_and_old_refresh_token_is_dead(adapter, world):
    world.advance(timedelta(hours=3).total_seconds())  # access token (2 h) expired
    store = adapter.http.credentials.store
    old_refresh = store.load().refresh_token
    adapter.publish(PublishRequest(platform="x", text="after expiry"), MemoryCheckpoint())
    assert store.load().refresh_token != old_refresh
    assert len(store.saved) >= 1


def test_a_refresh_whose_answer_was_lost_asks_to_reconnect(adapter, world):
    """Fault storm finding: X rotated the refresh token but the answer was lost; every later call then
    failed as "platform rejected: Value passed for the token was invalid" (exit 4) with no way forward."""
    world.advance(timedelta(hours=3).total_seconds())  # the access token (2 h) expired: psn must refresh
    world.inject("x", path="/2/oauth2/token", kind="drop", after=True)
    with pytest.raises(UncertainOutcome):
        adapter.publish(PublishRequest(platform="x", text="first try"), MemoryCheckpoint())
    with pytest.raises(AuthExpired) as err:
        adapter.publish(PublishRequest(platform="x", text="second try"), MemoryCheckpoint())
    assert err.value.exit_code == 3 and "psn setup x" in err.value.hint
    assert creator_posts(world) == []

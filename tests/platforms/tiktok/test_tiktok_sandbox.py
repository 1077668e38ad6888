"""The adapter against the emulator, in process: every publish path, the audit rules, URL expiry,
crashes at every step with a rerun (exactly one post), metrics, account, webhooks."""

import pytest
from tiktok_support import APP, Crash, MemoryCheckpoint, mp4_with_duration, sparse_file

from psn.core.errors import BadInput
from psn.platforms.base import MediaItem, PublishRequest, PublishStatus
from psn.platforms.errors import PermissionDenied, Rejected, UncertainOutcome
from psn.sandbox.tiktok import TikTokEmulator

MIB = 1024 * 1024
SMALL_CHUNK = 5 * MIB  # tiktok.chunk_size's minimum: multi-chunk uploads with small files
PHOTOS = [MediaItem(kind="image", url=f"https://media.example.com/look/{i}.jpg") for i in range(3)]


@pytest.fixture
def clip(tmp_path):
    return sparse_file(tmp_path / "clip.mp4", 16 * MIB + 5)  # three chunks of 5 MiB, the last 6 MiB + 5


def video_post(path, **options):
    return PublishRequest(platform="tiktok", format="video", text="new drop #fyp",
                          media=[MediaItem(kind="video", path=path)], options=options)


def requests_made(world, path):
    lines = (world.root / "requests.log").read_text().splitlines()
    return [line for line in lines if f" {path} " in line]


def publishes(world):
    return TikTokEmulator.publishes(world)


# -- where posts go ---------------------------------------------------------------------------------

def test_unaudited_default_uploads_a_draft_in_chunks(make_adapter_for, world, clip):
    adapter = make_adapter_for(chunk_size=SMALL_CHUNK)
    result = adapter.publish(video_post(clip), MemoryCheckpoint())
    assert result.status == PublishStatus.DRAFT and result.url is None
    assert result.raw["mode"] == "inbox" and "tiktok.audited true" in " ".join(result.raw["notes"])
    assert [line.split()[-1] for line in requests_made(world, "/video/")] == ["206", "206", "201"]
    assert requests_made(world, "/v2/post/publish/creator_info/query/")  # always asked first
    (pub,) = publishes(world).values()
    assert (pub["mode"], pub["received"], pub["status"]) == ("inbox", clip.stat().st_size, "SEND_TO_USER_INBOX")
    assert TikTokEmulator.posts(world) == []  # nothing is public until the creator finishes the draft


def test_unaudited_public_account_cannot_post_self_only_directly(make_adapter_for, world, clip):
    with pytest.raises(BadInput) as caught:
        make_adapter_for(unaudited_mode="self_only").publish(video_post(clip), MemoryCheckpoint())
    assert "public TikTok account" in caught.value.message and "mode=inbox" in caught.value.hint
    assert publishes(world) == {}  # refused after creator info, before any init


def test_unaudited_private_account_posts_self_only(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, private_account=True)
    result = make_adapter_for().publish(video_post(clip, privacy="private"), MemoryCheckpoint())
    assert result.status == PublishStatus.PUBLISHED and result.raw["privacy"] == "SELF_ONLY"
    assert result.platform_post_id.startswith("v_pub_file~")  # private posts never get a public id
    (post,) = TikTokEmulator.posts(world)
    assert post["privacy"] == "SELF_ONLY"


def test_audited_public_post_gets_its_video_id_and_url(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, audited=True)
    adapter = make_adapter_for(audited=True)
    adapter.handle = "sandbox.creator"
    result = adapter.publish(video_post(clip, privacy="public", allow_comment=True), MemoryCheckpoint())
    (post,) = TikTokEmulator.posts(world)
    assert result.platform_post_id == post["id"]
    assert result.url == f"https://www.tiktok.com/@sandbox.creator/video/{post['id']}"
    assert adapter.status(result.platform_post_id) == PublishStatus.PUBLISHED


def test_interactions_the_creator_disabled_stay_off(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, audited=True, stitch_disabled=True)
    result = make_adapter_for(audited=True).publish(
        video_post(clip, privacy="public", allow_stitch=True), MemoryCheckpoint())
    assert "Stitches are turned off in your TikTok settings, so psn left them off." in result.raw["notes"]
    assert not any(note.startswith("Comments") for note in result.raw["notes"])


def test_a_video_longer_than_the_creator_may_post(make_adapter_for, world, tmp_path):
    TikTokEmulator.configure(world, max_video_post_duration_sec=180)
    path = mp4_with_duration(tmp_path / "long.mp4", 240, padding=1000)
    with pytest.raises(BadInput) as caught:
        make_adapter_for().publish(video_post(path), MemoryCheckpoint())
    assert caught.value.details["limit"] == 180 and publishes(world) == {}


def test_privacy_tiktok_does_not_offer(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, audited=True)
    with pytest.raises(BadInput) as caught:
        make_adapter_for(audited=True).publish(video_post(clip, privacy="followers"), MemoryCheckpoint())
    assert "PUBLIC_TO_EVERYONE" in caught.value.message


def test_psn_thinks_audited_but_tiktok_does_not(make_adapter_for, world, clip):
    from psn.platforms.errors import NotAllowedViaApi

    with pytest.raises(NotAllowedViaApi) as caught:
        make_adapter_for(audited=True).publish(video_post(clip, privacy="public"), MemoryCheckpoint())
    assert caught.value.exit_code == 4 and "audit" in caught.value.hint


def test_hosted_video_is_pulled_from_its_url(make_adapter_for, world):
    request = PublishRequest(platform="tiktok", format="video", text="pulled",
                             media=[MediaItem(kind="video", url="https://media.example.com/v.mp4")])
    result = make_adapter_for().publish(request, MemoryCheckpoint())
    assert result.status == PublishStatus.DRAFT and result.platform_post_id.startswith("v_inbox_url~")
    assert requests_made(world, "/video/") == []


def test_photo_draft_and_audited_photo_post(make_adapter_for, world):
    request = PublishRequest(platform="tiktok", format="photo", title="Lookbook", text="Autumn set #ootd",
                             media=PHOTOS, options={"cover_index": 1})
    draft = make_adapter_for().publish(request, MemoryCheckpoint())
    assert draft.status == PublishStatus.DRAFT and draft.platform_post_id.startswith("p_inbox_url~")
    TikTokEmulator.configure(world, audited=True)
    adapter = make_adapter_for(audited=True)
    adapter.handle = "sandbox.creator"
    request.options = {"privacy": "public", "cover_index": 1}
    posted = adapter.publish(request, MemoryCheckpoint())
    assert posted.status == PublishStatus.PUBLISHED and "/photo/" in posted.url


def test_the_creator_finishing_a_draft_shows_in_status(make_adapter_for, world, clip):
    adapter = make_adapter_for()
    draft = adapter.publish(video_post(clip), MemoryCheckpoint())
    assert adapter.status(draft.platform_post_id) == PublishStatus.DRAFT
    TikTokEmulator.finish_draft(world, draft.platform_post_id)
    assert adapter.status(draft.platform_post_id) == PublishStatus.PUBLISHED


def test_a_token_without_video_publish_can_still_upload_drafts(make_deps, transport, world, clip):
    from tiktok_support import connect

    from psn.platforms.oauth import MemoryTokenStore
    from psn.platforms.tiktok.spec import make_adapter

    tokens = connect(make_deps(), transport)
    tokens.scopes = ["user.info.basic", "video.upload"]  # as if the user unticked video.publish
    adapter = make_adapter(make_deps(tokens=MemoryTokenStore(tokens)))
    assert adapter.publish(video_post(clip), MemoryCheckpoint()).status == PublishStatus.DRAFT
    with pytest.raises(PermissionDenied):
        adapter.publish(video_post(clip, privacy="private"), MemoryCheckpoint())


# -- failures and retries ---------------------------------------------------------------------------

def test_upload_url_expiry_mid_upload_reinitialises_and_restarts(make_adapter_for, world, clip):
    adapter = make_adapter_for(chunk_size=SMALL_CHUNK)
    expired = []

    def progress(update):
        if update.sent >= SMALL_CHUNK and not expired:  # an hour passes once chunk 1 is sent
            expired.append(world.advance(3601))

    adapter.on_progress = progress
    result = adapter.publish(video_post(clip), MemoryCheckpoint())
    statuses = [line.split()[-1] for line in requests_made(world, "/video/")]
    assert statuses == ["206", "403", "206", "206", "201"]
    assert "expired" in " ".join(result.raw["notes"])
    states = sorted(p["status"] for p in publishes(world).values())
    assert states == ["PROCESSING_UPLOAD", "SEND_TO_USER_INBOX"]  # the abandoned one can never post


def test_a_failed_pull_raises_the_reason_and_a_rerun_retries(make_adapter_for, world):
    TikTokEmulator.configure(world, fail_pull_urls=["https://media.example.com/v.mp4"])
    request = PublishRequest(platform="tiktok", format="video",
                             media=[MediaItem(kind="video", url="https://media.example.com/v.mp4")])
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Rejected) as caught:
        make_adapter_for().publish(request, checkpoint)
    assert caught.value.code == "video_pull_failed" and "download the video" in caught.value.message
    TikTokEmulator.configure(world, fail_pull_urls=[])
    assert make_adapter_for().publish(request, checkpoint).status == PublishStatus.DRAFT
    assert sorted(p["status"] for p in publishes(world).values()) == ["FAILED", "SEND_TO_USER_INBOX"]


# -- crashes and reruns: exactly one post ------------------------------------------------------------

def direct_setup(world):
    TikTokEmulator.configure(world, private_account=True)


def one_post(world):
    assert len(TikTokEmulator.posts(world)) == 1


@pytest.mark.parametrize("crash_step", ["publish:1", "uploaded:1", "result"])
def test_a_crash_after_any_saved_step_reruns_to_exactly_one_post(make_adapter_for, world, clip, crash_step):
    direct_setup(world)
    checkpoint = MemoryCheckpoint()
    checkpoint.crash_after_save = crash_step
    with pytest.raises(Crash):
        make_adapter_for(chunk_size=SMALL_CHUNK).publish(video_post(clip, privacy="private"), checkpoint)
    result = make_adapter_for(chunk_size=SMALL_CHUNK).publish(video_post(clip, privacy="private"), checkpoint)
    assert result.status == PublishStatus.PUBLISHED
    one_post(world)


def test_a_crash_mid_upload_restarts_with_a_new_publish_and_one_post(make_adapter_for, world, clip):
    direct_setup(world)
    checkpoint = MemoryCheckpoint()
    adapter = make_adapter_for(chunk_size=SMALL_CHUNK)

    def die_in_chunk_two(update):
        if update.chunk == 2:
            raise Crash("killed mid-upload")

    adapter.on_progress = die_in_chunk_two
    with pytest.raises(Crash):
        adapter.publish(video_post(clip, privacy="private"), checkpoint)
    result = make_adapter_for(chunk_size=SMALL_CHUNK).publish(video_post(clip, privacy="private"), checkpoint)
    assert result.status == PublishStatus.PUBLISHED and checkpoint.get("publish:2") == result.platform_post_id
    one_post(world)


def test_a_crash_between_the_last_chunk_and_its_checkpoint_polls_instead(make_adapter_for, world, clip):
    """TikTok has every byte but psn never recorded it: the status says so, and psn does not re-upload."""
    direct_setup(world)
    checkpoint = MemoryCheckpoint()
    adapter = make_adapter_for(chunk_size=SMALL_CHUNK)
    real_upload = adapter.client.upload_chunk

    def upload_then_die(url, content, first, last, total, mime):
        response = real_upload(url, content, first, last, total, mime)
        if response.status_code == 201:
            raise Crash("killed as the 201 arrived")
        return response

    adapter.client.upload_chunk = upload_then_die
    with pytest.raises(Crash):
        adapter.publish(video_post(clip, privacy="private"), checkpoint)
    make_adapter_for(chunk_size=SMALL_CHUNK).publish(video_post(clip, privacy="private"), checkpoint)
    assert len(publishes(world)) == 1 and len(requests_made(world, "/video/")) == 3
    one_post(world)


def test_a_crash_during_a_file_init_restarts_safely(make_adapter_for, world, clip):
    direct_setup(world)
    checkpoint = MemoryCheckpoint()
    adapter = make_adapter_for()
    real_init = adapter.client.init_direct_video

    def init_then_die(post, source):
        real_init(post, source)
        raise Crash("killed before the answer was saved")

    adapter.client.init_direct_video = init_then_die
    with pytest.raises(Crash):
        adapter.publish(video_post(clip, privacy="private"), checkpoint)
    make_adapter_for().publish(video_post(clip, privacy="private"), checkpoint)
    one_post(world)  # the orphaned init never received a byte, so it never posts


def test_a_crash_during_a_pull_init_is_uncertain(make_adapter_for, world):
    request = PublishRequest(platform="tiktok", format="video",
                             media=[MediaItem(kind="video", url="https://media.example.com/v.mp4")])
    checkpoint = MemoryCheckpoint()
    adapter = make_adapter_for()
    real_init = adapter.client.init_inbox_video

    def init_then_die(source):
        real_init(source)
        raise Crash("killed before the answer was saved")

    adapter.client.init_inbox_video = init_then_die
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    with pytest.raises(UncertainOutcome) as caught:
        make_adapter_for().publish(request, checkpoint)
    assert "--force-step" in caught.value.hint and len(publishes(world)) == 1


def test_a_finished_publish_is_answered_from_the_checkpoint(make_adapter_for, world, clip):
    checkpoint = MemoryCheckpoint()
    first = make_adapter_for().publish(video_post(clip), checkpoint)
    before = len((world.root / "requests.log").read_text().splitlines())
    again = make_adapter_for().publish(video_post(clip), checkpoint)
    assert again == first and len((world.root / "requests.log").read_text().splitlines()) == before


def test_slow_processing_returns_processing_and_a_rerun_finishes(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, processing_seconds=1000)
    checkpoint = MemoryCheckpoint()
    pending = make_adapter_for(poll_interval_seconds=2, poll_timeout_seconds=10).publish(video_post(clip), checkpoint)
    assert pending.status == PublishStatus.PROCESSING and checkpoint.get("result") is None
    TikTokEmulator.configure(world, processing_seconds=0)
    assert make_adapter_for().publish(video_post(clip), checkpoint).status == PublishStatus.DRAFT
    assert len(publishes(world)) == 1


def test_polling_stays_within_thirty_a_minute(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, processing_seconds=100)  # TikTok answers 429 past 30 a minute
    make_adapter_for(poll_interval_seconds=2).publish(video_post(clip), MemoryCheckpoint())
    assert all(line.split()[-1] == "200" for line in requests_made(world, "/v2/post/publish/status/fetch/"))


# -- account, metrics, webhooks ----------------------------------------------------------------------

def test_account_and_followers(adapter):
    account = adapter.account()
    assert (account.handle, account.display_name, account.followers) == ("sandbox.creator", "Sandbox Creator", 1520)
    assert adapter.followers() == 1520


def test_metrics_by_video_id_and_by_publish_id(make_adapter_for, world, clip):
    TikTokEmulator.configure(world, audited=True, daily_post_cap=100)
    adapter = make_adapter_for(audited=True)
    published = [adapter.publish(video_post(clip, privacy="public"), MemoryCheckpoint()) for _ in range(3)]
    world.advance(10 * 3600)
    video_id = published[0].platform_post_id
    publish_id = published[1].raw["publish_id"]
    metrics = adapter.fetch_metrics([video_id, publish_id])
    assert set(metrics) == {video_id, publish_id}
    assert metrics[video_id].views > 120 and metrics[video_id].likes > 0


def test_signed_webhooks_from_the_emulator_verify_and_parse(adapter, world, clip):
    adapter.publish(video_post(clip), MemoryCheckpoint())
    deliveries = TikTokEmulator.deliveries(world, APP["client_secret"])
    assert deliveries
    for headers, body in deliveries:
        assert adapter.verify_webhook(headers, body, {})
    kinds = [adapter.parse_webhook(h, b)[0].data["status"] for h, b in deliveries]
    assert kinds == ["draft"]
    headers, body = deliveries[0]
    assert not adapter.verify_webhook(headers, body.replace(b"INBOX", b"DIRECT"), {})


def test_authorization_removed_in_the_app(adapter, world):
    from psn.platforms.errors import AuthExpired

    TikTokEmulator.remove_authorization(world, reason=1)
    (headers, body) = TikTokEmulator.deliveries(world, APP["client_secret"])[-1]
    (event,) = adapter.parse_webhook(headers, body)
    assert event.kind == "authorization_removed" and event.data["why"] == "the user disconnected psn"
    with pytest.raises(AuthExpired):
        adapter.account()


def test_uploads_reach_the_emulator_piece_by_piece(make_adapter_for, clip, monkeypatch):
    """Neither psn nor the in-process sandbox ever holds a whole chunk: pieces of at most 512 KiB."""
    from psn.sandbox.tiktok import upload as emulator_upload

    sizes = []
    original = emulator_upload.UploadRoutes.put_stream

    def recording(self, request, pieces):
        def each():
            for piece in pieces:
                sizes.append(len(piece))
                yield piece

        return original(self, request, each())

    monkeypatch.setattr(emulator_upload.UploadRoutes, "put_stream", recording)
    make_adapter_for(chunk_size=SMALL_CHUNK).publish(video_post(clip), MemoryCheckpoint())
    assert sum(sizes) == clip.stat().st_size and max(sizes) <= MIB // 2

"""The real CLI against the TikTok emulator: connect, a video in several chunks, a photo post, the
unaudited privacy refusal, the upload URL expiring mid-upload, killed publishes and reruns,
metrics, and disconnect (revoke)."""

import os
import subprocess
import sys

import pytest

MIB = 1024 * 1024


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def emulator():
    from psn.sandbox.tiktok import TikTokEmulator

    return TikTokEmulator


def upload_statuses():
    lines = (world().root / "requests.log").read_text().splitlines()
    return [line.split()[-1] for line in lines if " tiktok PUT /video/ " in line]


@pytest.fixture
def connected(cli):
    result = cli("--sandbox", "--json", "setup", "tiktok")
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"]["handle"] == "sandbox.creator"
    assert cli("--sandbox", "config", "set", "tiktok.chunk_size", str(5 * MIB)).exit_code == 0
    return cli


@pytest.fixture
def clip(tmp_path):
    path = tmp_path / "clip.mp4"
    with path.open("wb") as handle:
        handle.truncate(16 * MIB + 5)  # three chunks of 5 MiB, the last 6 MiB + 5 bytes
    return path


def audited(cli):
    emulator().configure(world(), audited=True)
    assert cli("--sandbox", "config", "set", "tiktok.audited", "true").exit_code == 0


def test_a_video_in_several_chunks_lands_as_a_draft_with_the_reason(connected, clip):
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "-t", "first #fyp", "--media", str(clip),
                       "--yes")
    assert result.exit_code == 0, result.stderr
    row = result.json()["data"]["published"][0]
    assert row["status"] == "draft" and row["platform_post_id"].startswith("v_inbox_file~")
    assert any("tiktok.audited true" in note for note in row["notes"])
    assert upload_statuses() == ["206", "206", "201"]
    (publish,) = emulator().publishes(world()).values()
    assert publish["received"] == clip.stat().st_size and publish["status"] == "SEND_TO_USER_INBOX"


def test_unaudited_public_posts_are_refused_before_anything_is_sent(connected, clip):
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "-o", "privacy=public",
                       "--yes")
    assert result.exit_code == 2
    error = result.json()["error"]
    assert "unaudited" in error["message"] and "psn config set tiktok.audited true" in error["hint"]
    assert connected("--sandbox", "--json", "post", "list").json()["data"] == []
    assert emulator().publishes(world()) == {}


def test_an_app_tiktok_has_not_audited_is_rejected_by_tiktok(connected, clip):
    assert connected("--sandbox", "config", "set", "tiktok.audited", "true").exit_code == 0
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "-o", "privacy=public",
                       "--yes")
    assert result.exit_code == 4
    assert result.json()["error"]["kind"] == "not_allowed_via_api"
    assert connected("--sandbox", "--json", "post", "list").json()["data"][0]["status"] == "failed"


def test_audited_public_video_and_photo_posts(connected, clip):
    audited(connected)
    video = connected("--sandbox", "--json", "post", "-p", "tiktok", "-t", "public now", "--media", str(clip),
                      "-o", "privacy=public", "-o", "allow_comment=true", "--yes")
    assert video.exit_code == 0, video.stderr
    row = video.json()["data"]["published"][0]
    assert row["status"] == "published" and row["url"].startswith("https://www.tiktok.com/@sandbox.creator/video/")
    photo = connected("--sandbox", "--json", "post", "-p", "tiktok", "--title", "Lookbook", "-t", "Autumn #ootd",
                      "--media-url", "https://media.example.com/1.jpg", "--media-url",
                      "https://media.example.com/2.jpg", "-o", "privacy=public", "-o", "cover_index=1", "--yes")
    assert photo.exit_code == 0, photo.stderr
    row = photo.json()["data"]["published"][0]
    assert row["format"] == "image" and "/photo/" in row["url"]
    assert {p["kind"] for p in emulator().posts(world())} == {"video", "photo"}


def test_photo_limits_are_checked_locally(connected):
    urls = [arg for i in range(36) for arg in ("--media-url", f"https://media.example.com/{i}.jpg")]
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", *urls, "--yes")
    assert result.exit_code == 2 and "at most 35" in result.json()["error"]["message"]
    long_title = connected("--sandbox", "--json", "post", "-p", "tiktok", "--title", "t" * 91,
                           "--media-url", "https://media.example.com/1.jpg", "--yes")
    assert long_title.exit_code == 2 and long_title.json()["error"]["details"]["limit"] == 90


def test_the_upload_url_expiring_mid_upload_restarts_cleanly(connected, clip, monkeypatch):
    from psn.cli import publish_progress

    original = publish_progress.PublishReporter.progress
    expired = []

    def an_hour_passes_once_chunk_one_is_sent(self, update):
        if update.sent >= 5 * MIB and not expired:
            expired.append(world().advance(3601))
        original(self, update)

    monkeypatch.setattr(publish_progress.PublishReporter, "progress", an_hour_passes_once_chunk_one_is_sent)
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "--yes")
    assert result.exit_code == 0, result.stderr
    assert upload_statuses() == ["206", "403", "206", "206", "201"]
    assert any("expired" in note for note in result.json()["data"]["published"][0]["notes"])
    states = sorted(p["status"] for p in emulator().publishes(world()).values())
    assert states == ["PROCESSING_UPLOAD", "SEND_TO_USER_INBOX"]  # the abandoned upload never completes


@pytest.mark.parametrize("crash_after", ["publish:1", "uploaded:1"])
def test_killed_mid_publish_then_retry_posts_exactly_once(connected, clip, monkeypatch, crash_after):
    """Killed (like kill -9) after the publish id is saved but before any byte is sent, or after the
    whole video is uploaded but before the status is known: the retry never makes a second post."""
    monkeypatch.setenv("PSN_SECRETS", "file")  # the child process cannot see the in-memory keyring
    assert connected("--sandbox", "setup", "tiktok").exit_code == 0
    emulator().configure(world(), private_account=True)
    env = {**os.environ, "PSN_CRASH_AFTER_STEP": crash_after}
    proc = subprocess.run([sys.executable, "-m", "psn", "--sandbox", "post", "-p", "tiktok", "-t", "once",
                           "--media", str(clip), "-o", "privacy=private", "--yes"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 137, proc.stderr
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["status"] == "publishing"
    result = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert result.exit_code == 0, result.stderr
    assert result.json()["data"]["status"] == "published"
    assert len(emulator().posts(world())) == 1
    # before any byte: that publish is abandoned and a new one made; after the last byte: polled, never redone
    assert len(emulator().publishes(world())) == (2 if crash_after == "publish:1" else 1)
    again = connected("--sandbox", "--json", "post", "retry", str(rows[0]["id"]))
    assert again.exit_code == 0 and len(emulator().posts(world())) == 1


def test_metrics_and_followers_are_pulled(connected, clip):
    audited(connected)
    posted = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "-o", "privacy=public",
                       "--yes")
    assert posted.exit_code == 0, posted.stderr
    assert connected("--sandbox", "sandbox", "advance", "6h").exit_code == 0
    pulled = connected("--sandbox", "--json", "analytics", "pull")
    assert pulled.exit_code == 0, pulled.stderr
    (platform,) = pulled.json()["data"]["platforms"]
    assert platform["platform"] == "tiktok" and platform["measured"] == 1 and not platform.get("error")
    followers = connected("--sandbox", "--json", "analytics", "followers").json()["data"]
    assert followers[0]["platform"] == "tiktok"


def test_disconnect_revokes_the_grant(connected):
    result = connected("--sandbox", "--json", "accounts", "disconnect", "tiktok")
    assert result.exit_code == 0, result.stderr
    state = world().read("tiktok")
    assert state["tokens"] == {} and state["refresh"] == {}
    assert [h["event"] for h in state["webhooks"]] == ["authorization.removed"]


def test_a_malformed_option_is_bad_input(connected, clip):
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "-o", "privacy", "--yes")
    assert result.exit_code == 2 and "NAME=VALUE" in result.json()["error"]["message"]


def test_the_progress_bar_follows_the_upload():
    from psn.cli.publish_progress import PublishReporter
    from psn.platforms.tiktok.upload import UploadProgress

    reporter = PublishReporter(draw=True)
    reporter.progress(UploadProgress(sent=5 * MIB, total=16 * MIB, rate=50e6, eta=0.2, chunk=1, chunks=3))
    reporter.progress(UploadProgress(sent=16 * MIB, total=16 * MIB, rate=60e6, eta=0.0, chunk=3, chunks=3))
    (task,) = reporter._bar.tasks
    assert task.completed == task.total == 16 * MIB
    assert task.fields["detail"] == "chunk 3/3 · 60.0 MB/s · 0 s left"
    reporter.close()
    quiet = PublishReporter(draw=False)  # --json: no bar, stdout stays one JSON document
    quiet.progress(UploadProgress(sent=1, total=2, rate=1.0, eta=None, chunk=1, chunks=1))
    assert quiet._bar is None


def test_refresh_twice_proves_the_rotated_refresh_token_was_kept(connected):
    # TikTok's sandbox invalidates a refresh token once used: the second refresh only works if
    # psn stored the new one from the first.
    for _ in range(2):
        result = connected("--sandbox", "--json", "accounts", "refresh", "tiktok")
        assert result.exit_code == 0, result.stderr
    assert len(world().read("tiktok")["refresh"]) == 1


def test_access_removed_in_the_tiktok_app_disconnects_the_account(connected, clip):
    """TikTok's `authorization.removed` webhook: the dead token is forgotten, the account shows as
    disconnected with the reason, the creator is told, and posting asks to reconnect (exit 3)."""
    from psn.cli.state import ctx
    from psn.store.publishing_tables import Account
    from psn.webhooks.receiver import Receiver, secret_name

    app = ctx()
    app.secrets.set(secret_name("tiktok"), "webhook-secret")
    emulator().remove_authorization(world(), reason=1)
    headers, body = emulator().deliveries(world(), "webhook-secret")[-1]
    reply = Receiver(app).handle("POST", "/webhooks/tiktok", headers, {}, body, len(body))
    assert reply.status == 200
    [account] = connected("--sandbox", "--json", "accounts", "list").json()["data"]
    assert account["status"] == "disconnected"
    assert account["last_error"] == "TikTok removed psn's access: the user disconnected psn"
    with app.db.session() as session:
        row = session.get(Account, account["id"])
    assert app.secrets.get(f"token.tiktok.{row.id}") is None
    notes = connected("--sandbox", "--json", "notify", "history").json()["data"]
    assert any(n["kind"] == "account.revoked" and "psn setup tiktok" in n["body"] for n in notes)
    result = connected("--sandbox", "--json", "post", "-p", "tiktok", "--media", str(clip), "--yes")
    assert result.exit_code == 3 and "psn setup tiktok" in result.json()["error"]["hint"]
    # the same delivery again (TikTok retries): accepted as a duplicate, nothing changes
    assert Receiver(app).handle("POST", "/webhooks/tiktok", headers, {}, body, len(body)).body["duplicate"]


def test_a_self_only_post_is_not_polled_by_every_analytics_pull(connected, clip):
    """TikTok shares no metrics of a SELF_ONLY post: psn notes that when it publishes and never
    asks about it again (it used to ask on every `psn analytics pull`)."""
    emulator().configure(world(), private_account=True)
    posted = connected("--sandbox", "--json", "post", "-p", "tiktok", "-t", "just for me", "--media", str(clip),
                       "-o", "privacy=private", "--yes")
    assert posted.exit_code == 0, posted.stdout
    assert posted.json()["data"]["published"][0]["status"] == "published"
    log = world().root / "requests.log"
    for _ in range(2):
        log.unlink(missing_ok=True)
        assert connected("--sandbox", "sandbox", "advance", "6h").exit_code == 0
        pulled = connected("--sandbox", "--json", "analytics", "pull")
        assert pulled.exit_code == 0, pulled.stdout
        asked = [line for line in (log.read_text().splitlines() if log.exists() else []) if " tiktok " in line
                 and ("/video/query" in line or "/status/fetch" in line)]
        assert asked == []


def test_engage_monitor_reaches_tiktok_discovery_and_scores_what_it_finds(connected):
    """TikTok has no post search for apps: with Creative Center discovery on, `psn engage monitor` asks
    it for the trending hashtags matching the keywords and scores each like any find (a hashtag page
    has no author reach or posting time, so it stays under the keep threshold and is counted, not
    queued); without discovery configured, monitor says what to set."""
    assert connected("--sandbox", "engage", "config", "add", "keywords", "home baking").exit_code == 0
    off = connected("--sandbox", "--json", "engage", "monitor").json()["data"]["platforms"]["tiktok"]
    assert off["new"] == 0 and off["search"]["below_threshold"] == 0
    assert connected("--sandbox", "config", "set", "tiktok.creative_center_enabled", "true").exit_code == 0
    found = connected("--sandbox", "--json", "engage", "monitor")
    assert found.exit_code == 0, found.stdout + found.stderr
    tiktok = found.json()["data"]["platforms"]["tiktok"]
    assert tiktok["search"]["below_threshold"] == 1, tiktok  # the one trending hashtag, scored
    assert not any(key.endswith("_error") for key in tiktok)

"""The TikTok emulator follows the contract (Part E): token rules, envelopes, init validation, the
upload PUT rules, URL expiry on the world clock, the status machine, rate limits."""

import base64
import hashlib
import json

import httpx
import pytest
from tiktok_support import APP, REDIRECT

from psn.sandbox.tiktok import TikTokEmulator

API = "https://open.tiktokapis.com"
AUTHORIZE = "https://www.tiktok.com/v2/auth/authorize/"
VERIFIER = "v" * 43 + "-._~"
SCOPES = "user.info.basic,video.upload,video.publish,video.list"


@pytest.fixture
def http(transport):
    return httpx.Client(transport=transport)


def authorize(http, challenge=None, redirect=REDIRECT, scope=SCOPES):
    params = {"client_key": APP["client_key"], "response_type": "code", "scope": scope,
              "redirect_uri": redirect, "state": "s1"}
    if challenge:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    response = http.get(AUTHORIZE, params=params)
    assert response.status_code == 302
    return httpx.URL(response.headers["location"]).params["code"]  # URL-decoded, as the contract requires


def exchange(http, code, verifier=VERIFIER, redirect=REDIRECT, secret=APP["client_secret"]):
    return http.post(f"{API}/v2/oauth/token/", data={
        "client_key": APP["client_key"], "client_secret": secret, "code": code,
        "grant_type": "authorization_code", "redirect_uri": redirect, "code_verifier": verifier})


def hex_challenge(verifier=VERIFIER):
    return hashlib.sha256(verifier.encode()).hexdigest()


@pytest.fixture
def token(http):
    return exchange(http, authorize(http, hex_challenge())).json()


def call(http, token, path, body=None, **kw):
    headers = {"Authorization": f"Bearer {token['access_token']}", "Content-Type": "application/json; charset=UTF-8"}
    return http.post(f"{API}{path}", content=json.dumps(body).encode() if body is not None else b"",
                     headers=headers, **kw)


def file_source(size, chunk, count=None):
    return {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk,
            "total_chunk_count": size // chunk if count is None else count}


def inbox_init(http, token, source):
    return call(http, token, "/v2/post/publish/inbox/video/init/", {"source_info": source})


def put(http, url, first, last, total, length=None, content_type="video/mp4"):
    length = last - first + 1 if length is None else length
    return http.put(url, content=b"\0" * length, headers={
        "Content-Type": content_type, "Content-Range": f"bytes {first}-{last}/{total}"})


# -- OAuth ----------------------------------------------------------------------------------------

def test_the_token_answer_is_flat(token):
    assert token["access_token"].startswith("act.") and token["refresh_token"].startswith("rft.")
    assert (token["expires_in"], token["refresh_expires_in"], token["token_type"]) == (86400, 31536000, "Bearer")
    assert token["scope"] == SCOPES and token["open_id"]


def test_a_base64url_challenge_fails_the_exchange(http):
    digest = hashlib.sha256(VERIFIER.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    answer = exchange(http, authorize(http, challenge))
    assert answer.status_code == 400
    assert answer.json()["error_description"] == "Code verifier or code challenge is invalid."
    assert set(answer.json()) == {"error", "error_description", "log_id"}


def test_codes_are_single_use_and_redirects_must_match(http):
    code = authorize(http, hex_challenge())
    assert exchange(http, code, redirect="http://127.0.0.1:9999/callback").json()["error"] == "invalid_request"
    assert exchange(http, code).json()["error"] == "invalid_grant"  # already spent by the failed attempt


def test_codes_expire_after_an_hour(http, world):
    code = authorize(http, hex_challenge())
    world.advance(3601)
    assert exchange(http, code).json()["error"] == "invalid_grant"


def test_a_different_secret_for_a_known_client_is_refused(http, token):
    answer = exchange(http, authorize(http, hex_challenge()), secret="not-the-secret")
    assert answer.json()["error"] == "invalid_client"


def test_non_desktop_redirects_are_refused(http):
    response = http.get(AUTHORIZE, params={"client_key": "k", "response_type": "code", "scope": "user.info.basic",
                                           "redirect_uri": "https://example.com/cb", "state": "s"})
    assert response.status_code == 400


def test_refresh_rotates_and_kills_the_old_refresh_token(http, token):
    form = {"client_key": APP["client_key"], "client_secret": APP["client_secret"], "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"]}
    fresh = http.post(f"{API}/v2/oauth/token/", data=form).json()
    assert fresh["refresh_token"] != token["refresh_token"]
    assert http.post(f"{API}/v2/oauth/token/", data=form).json()["error"] == "invalid_grant"


def test_access_tokens_expire_after_24_hours(http, token, world):
    world.advance(86401)
    answer = call(http, token, "/v2/post/publish/creator_info/query/")
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "access_token_invalid"


def test_revoke_ends_the_grant_and_queues_a_webhook(http, token, world):
    answer = http.post(f"{API}/v2/oauth/revoke/", data={**{k: APP[k] for k in APP}, "token": token["access_token"]})
    assert answer.status_code == 200 and answer.content == b""
    assert call(http, token, "/v2/post/publish/creator_info/query/").status_code == 401
    (hook,) = world.read("tiktok")["webhooks"]
    assert hook["event"] == "authorization.removed" and json.loads(hook["content"]) == {"reason": 5}


def test_the_world_file_holds_no_live_credentials(http, token, world):
    text = (world.root / "tiktok.json").read_text()
    assert token["access_token"] not in text and token["refresh_token"] not in text
    assert APP["client_secret"] not in text


# -- envelopes, scopes, rate limits ----------------------------------------------------------------

def test_the_data_envelope_carries_a_log_id(http, token):
    body = call(http, token, "/v2/post/publish/creator_info/query/").json()
    assert body["error"]["code"] == "ok" and body["error"]["message"] == "" and body["error"]["log_id"]
    assert body["data"]["privacy_level_options"] == ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]


def test_missing_scopes_are_401_scope_not_authorized(http):
    token = exchange(http, authorize(http, hex_challenge(), scope="user.info.basic,video.upload")).json()
    answer = call(http, token, "/v2/post/publish/creator_info/query/")
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "scope_not_authorized"
    fields = http.get(f"{API}/v2/user/info/", params={"fields": "open_id,follower_count"},
                      headers={"Authorization": f"Bearer {token['access_token']}"})
    assert fields.status_code == 400 and fields.json()["error"]["code"] == "scope_permission_missed"


def test_six_inits_a_minute_per_token(http, token, world):
    for _ in range(6):
        assert inbox_init(http, token, file_source(1000, 1000)).status_code in (200, 403)
    limited = inbox_init(http, token, file_source(1000, 1000))
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limit_exceeded"
    world.advance(61)
    assert inbox_init(http, token, file_source(1000, 1000)).status_code != 429


def test_thirty_status_checks_a_minute(http, token):
    publish_id = inbox_init(http, token, file_source(1000, 1000)).json()["data"]["publish_id"]
    codes = [call(http, token, "/v2/post/publish/status/fetch/", {"publish_id": publish_id}).status_code
             for _ in range(31)]
    assert codes.count(200) == 30 and codes[-1] == 429


# -- init validation -----------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    file_source(50_000_123, 10_000_000, count=6),          # not floor(size / chunk)
    file_source(50_000_123, 1_000_000),                    # chunks under 5 MB
    file_source(700_000_000, 70_000_000),                  # chunks over 64 MB
    file_source(80_000_000, 80_000_000),                   # over 64 MB in one piece
    file_source(300_000_000, 5_000_000, count=60),          # 60 chunks... but the last would be fine: valid
])
def test_chunk_arithmetic(http, token, source):
    answer = inbox_init(http, token, source)
    valid = source["total_chunk_count"] == 60
    assert answer.status_code == (200 if valid else 400)
    if not valid:
        assert answer.json()["error"]["code"] == "invalid_param"


def test_unaudited_apps_may_only_post_self_only_to_private_accounts(http, token, world):
    body = {"post_info": {"privacy_level": "SELF_ONLY", "title": "x"}, "source_info": file_source(1000, 1000)}
    refused = call(http, token, "/v2/post/publish/video/init/", body)  # the account is public
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "unaudited_client_can_only_post_to_private_accounts"
    TikTokEmulator.configure(world, private_account=True)
    assert call(http, token, "/v2/post/publish/video/init/", body).status_code == 200


def test_privacy_must_be_one_the_creator_is_offered(http, token, world):
    TikTokEmulator.configure(world, audited=True)
    body = {"post_info": {"privacy_level": "FOLLOWER_OF_CREATOR"}, "source_info": file_source(1000, 1000)}
    answer = call(http, token, "/v2/post/publish/video/init/", body)
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "privacy_level_option_mismatch"


def test_titles_are_counted_in_utf16_units(http, token, world):
    TikTokEmulator.configure(world, audited=True)
    body = {"media_type": "PHOTO", "post_mode": "DIRECT_POST",
            "post_info": {"title": "😀" * 46, "privacy_level": "SELF_ONLY"},
            "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": 0,
                            "photo_images": ["https://media.example.com/1.jpg"]}}
    assert call(http, token, "/v2/post/publish/content/init/", body).json()["error"]["code"] == "invalid_param"
    body["post_info"]["title"] = "😀" * 45
    assert call(http, token, "/v2/post/publish/content/init/", body).status_code == 200


def test_pulled_media_must_be_on_a_verified_prefix(http, token):
    answer = inbox_init(http, token, {"source": "PULL_FROM_URL", "video_url": "https://else.example.org/v.mp4"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "url_ownership_unverified"


def test_at_most_five_pending_drafts(http, token, world):
    for _ in range(5):
        assert inbox_init(http, token, file_source(1000, 1000)).status_code == 200
    world.advance(61)
    answer = inbox_init(http, token, file_source(1000, 1000))
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "spam_risk_too_many_pending_share"


def test_the_daily_post_cap(http, token, world):
    TikTokEmulator.configure(world, private_account=True, daily_post_cap=2)
    body = {"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": file_source(1000, 1000)}
    for _ in range(2):
        assert call(http, token, "/v2/post/publish/video/init/", body).status_code == 200
    answer = call(http, token, "/v2/post/publish/video/init/", body)
    assert answer.json()["error"]["code"] == "spam_risk_too_many_posts"
    info = call(http, token, "/v2/post/publish/creator_info/query/")
    assert info.status_code == 200 and info.json()["error"]["code"] == "spam_risk_too_many_posts"


# -- upload PUTs and the status machine -----------------------------------------------------------

SIZE, CHUNK = 12_000_000, 5_000_000  # two chunks: 5,000,000 and 7,000,000 bytes


@pytest.fixture
def session(http, token):
    data = inbox_init(http, token, file_source(SIZE, CHUNK)).json()["data"]
    assert data["upload_url"].startswith("https://open-upload.tiktokapis.com/video/?upload_id=")
    return data


def status_of(http, token, publish_id):
    return call(http, token, "/v2/post/publish/status/fetch/", {"publish_id": publish_id}).json()["data"]


def test_sequential_chunks_then_processing_then_the_inbox(http, token, session, world):
    url, publish_id = session["upload_url"], session["publish_id"]
    first = put(http, url, 0, CHUNK - 1, SIZE)
    assert first.status_code == 206 and first.headers["content-range"] == f"bytes 0-{CHUNK - 1}/{SIZE}"
    assert status_of(http, token, publish_id) == {"status": "PROCESSING_UPLOAD", "uploaded_bytes": CHUNK}
    last = put(http, url, CHUNK, SIZE - 1, SIZE)
    assert last.status_code == 201 and last.headers["content-range"] == f"bytes 0-{SIZE - 1}/{SIZE}"
    assert status_of(http, token, publish_id)["status"] == "PROCESSING_UPLOAD"
    world.advance(3)  # processing takes two seconds of world time, polled or not
    assert status_of(http, token, publish_id) == {"status": "SEND_TO_USER_INBOX", "uploaded_bytes": SIZE}


def test_a_gap_is_416_with_the_progress(http, session):
    answer = put(http, session["upload_url"], CHUNK, SIZE - 1, SIZE)
    assert answer.status_code == 416 and answer.headers["content-range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize("first, last, total, content_type", [
    (0, CHUNK - 2, SIZE, "video/mp4"),            # a chunk shorter than the declared size
    (0, CHUNK - 1, SIZE + 1, "video/mp4"),        # a different total
    (0, CHUNK - 1, SIZE, "application/json"),     # not a video type
])
def test_malformed_chunks_are_400(http, session, first, last, total, content_type):
    assert put(http, session["upload_url"], first, last, total, content_type=content_type).status_code == 400


def test_content_length_must_match_the_range(http, session):
    answer = http.put(session["upload_url"], content=b"\0" * 10, headers={
        "Content-Type": "video/mp4", "Content-Range": f"bytes 0-{CHUNK - 1}/{SIZE}"})
    assert answer.status_code == 400


def test_upload_urls_expire_after_an_hour_of_world_time(http, session, world):
    assert put(http, session["upload_url"], 0, CHUNK - 1, SIZE).status_code == 206
    world.advance(3601)
    assert put(http, session["upload_url"], CHUNK, SIZE - 1, SIZE).status_code == 403


def test_an_unknown_upload_token_is_404(http, session):
    url = httpx.URL(session["upload_url"]).copy_set_param("upload_token", "guessed")
    assert put(http, str(url), 0, CHUNK - 1, SIZE).status_code == 404


def test_uploaded_bytes_are_counted_not_stored(http, session, world):
    put(http, session["upload_url"], 0, CHUNK - 1, SIZE)
    put(http, session["upload_url"], CHUNK, SIZE - 1, SIZE)
    stored = sum(f.stat().st_size for f in world.root.iterdir() if f.is_file())
    assert stored < 50_000  # 12 MB went through; only counters remain


def test_public_direct_posts_get_a_post_id_and_webhooks(http, token, world):
    TikTokEmulator.configure(world, audited=True)
    body = {"post_info": {"privacy_level": "PUBLIC_TO_EVERYONE", "title": "hi"},
            "source_info": {"source": "PULL_FROM_URL", "video_url": "https://media.example.com/v.mp4"}}
    publish_id = call(http, token, "/v2/post/publish/video/init/", body).json()["data"]["publish_id"]
    assert publish_id.startswith("v_pub_url~")
    assert status_of(http, token, publish_id)["status"] == "PROCESSING_DOWNLOAD"
    world.advance(3)
    done = status_of(http, token, publish_id)
    assert done["status"] == "PUBLISH_COMPLETE" and isinstance(done["publicaly_available_post_id"][0], int)
    events = [h["event"] for h in world.read("tiktok")["webhooks"]]
    assert events == ["post.publish.complete", "post.publish.publicly_available"]


def test_a_failed_pull_reports_its_reason(http, token, world):
    TikTokEmulator.configure(world, fail_pull_urls=["https://media.example.com/gone.mp4"])
    publish_id = inbox_init(http, token, {"source": "PULL_FROM_URL",
                                          "video_url": "https://media.example.com/gone.mp4"}).json()["data"]["publish_id"]
    world.advance(3)
    assert status_of(http, token, publish_id) == {"status": "FAILED", "fail_reason": "video_pull_failed",
                                                  "downloaded_bytes": 1_048_576}


def test_status_of_someone_elses_or_an_unknown_publish(http, token):
    answer = call(http, token, "/v2/post/publish/status/fetch/", {"publish_id": "v_pub_file~v2-1.1"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_publish_id"


def test_processing_finishes_without_anyone_polling(http, token, session, world):
    put(http, session["upload_url"], 0, CHUNK - 1, SIZE)
    put(http, session["upload_url"], CHUNK, SIZE - 1, SIZE)
    world.advance(3)
    assert TikTokEmulator.publishes(world)[session["publish_id"]]["status"] == "SEND_TO_USER_INBOX"


def test_cancel_only_while_downloading(http, token):
    publish_id = inbox_init(http, token, {"source": "PULL_FROM_URL",
                                          "video_url": "https://media.example.com/v.mp4"}).json()["data"]["publish_id"]
    assert call(http, token, "/v2/post/publish/cancel/", {"publish_id": publish_id}).status_code == 200
    again = call(http, token, "/v2/post/publish/cancel/", {"publish_id": publish_id})
    assert again.json()["error"]["code"] == "publish_not_cancellable"
    assert status_of(http, token, publish_id)["fail_reason"] == "publish_cancelled"

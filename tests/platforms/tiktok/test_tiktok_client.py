"""Every TikTok data endpoint over pytest-httpx: exact URL, headers and body, and the error mapping."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from tiktok_support import APP

from psn.core.clock import FixedClock
from psn.core.errors import ExitCode
from psn.platforms.base import TokenSet
from psn.platforms.errors import (
    AuthExpired,
    NotAllowedViaApi,
    PermissionDenied,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.oauth import MemoryTokenStore
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.errors import CODES
from psn.platforms.tiktok.spec import DEFAULT_URLS, make_adapter

API = "https://open.tiktokapis.com"
NOW = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
JSON_TYPE = "application/json; charset=UTF-8"


def ok(data):
    return {"data": data, "error": {"code": "ok", "message": "", "log_id": "20260920120000ABC"}}


def failure(code, message="nope"):
    return {"data": {}, "error": {"code": code, "message": message, "log_id": "20260920120000ABC"}}


@pytest.fixture
def slept():
    return []


@pytest.fixture
def store():
    return MemoryTokenStore(TokenSet(access_token="act.first-access-token", refresh_token="rft.first-refresh-token",
                                     expires_at=NOW + timedelta(hours=20), scopes=["user.info.basic", "video.publish",
                                                                                   "video.upload", "video.list"]))


@pytest.fixture
def adapter(store, slept):
    deps = AdapterDeps(urls=dict(DEFAULT_URLS), settings={}, clock=FixedClock(NOW), tokens=store, app=dict(APP),
                       sleep=slept.append)
    return make_adapter(deps)


def sent_json(request):
    return json.loads(request.read())


def assert_data_call(request, path, body=None):
    assert str(request.url) == f"{API}{path}"
    assert request.headers["authorization"] == "Bearer act.first-access-token"
    if request.method == "POST":
        assert request.headers["content-type"] == JSON_TYPE
    if body is not None:
        assert sent_json(request) == body


def test_creator_info(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/creator_info/query/", json=ok({
        "creator_username": "acme.studio", "privacy_level_options": ["PUBLIC_TO_EVERYONE", "SELF_ONLY"],
        "comment_disabled": False, "duet_disabled": False, "stitch_disabled": True,
        "max_video_post_duration_sec": 300}))
    info = adapter.client.creator_info()
    request = httpx_mock.get_request()
    assert_data_call(request, "/v2/post/publish/creator_info/query/")
    assert request.read() == b""
    assert info.stitch_disabled and info.max_video_post_duration_sec == 300 and not info.account_is_private


def test_direct_video_init(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/video/init/", json=ok({
        "publish_id": "v_pub_file~v2-1.123", "upload_url": "https://open-upload.tiktokapis.com/video/?upload_id=1"}))
    post = {"privacy_level": "SELF_ONLY", "title": "new drop #fyp"}
    source = {"source": "FILE_UPLOAD", "video_size": 50000123, "chunk_size": 10000000, "total_chunk_count": 5}
    init = adapter.client.init_direct_video(post, source)
    assert_data_call(httpx_mock.get_request(), "/v2/post/publish/video/init/",
                     {"post_info": post, "source_info": source})
    assert init.publish_id == "v_pub_file~v2-1.123" and "upload_id" not in repr(init)


def test_inbox_video_init_sends_only_source_info(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/inbox/video/init/",
                            json=ok({"publish_id": "v_inbox_url~v2.9"}))
    source = {"source": "PULL_FROM_URL", "video_url": "https://media.example.com/v.mp4"}
    assert adapter.client.init_inbox_video(source).upload_url is None
    assert_data_call(httpx_mock.get_request(), "/v2/post/publish/inbox/video/init/", {"source_info": source})


def test_photo_init(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/content/init/",
                            json=ok({"publish_id": "p_pub_url~v2.1"}))
    body = {"media_type": "PHOTO", "post_mode": "MEDIA_UPLOAD", "post_info": {"title": "Look"},
            "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": 0,
                            "photo_images": ["https://media.example.com/1.jpg"]}}
    assert adapter.client.init_photo(body).publish_id == "p_pub_url~v2.1"
    assert_data_call(httpx_mock.get_request(), "/v2/post/publish/content/init/", body)


def test_status_keeps_int64_post_ids_exact(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/status/fetch/", json=ok({
        "status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [7602997517160123666], "uploaded_bytes": 5}))
    status = adapter.client.status("v_pub_file~v2-1.123")
    assert_data_call(httpx_mock.get_request(), "/v2/post/publish/status/fetch/",
                     {"publish_id": "v_pub_file~v2-1.123"})
    assert status.post_ids == ["7602997517160123666"] and status.uploaded_bytes == 5


def test_user_info_asks_only_for_granted_fields(httpx_mock, adapter):
    fields = "open_id,union_id,avatar_url,display_name"
    httpx_mock.add_response(method="GET", url=f"{API}/v2/user/info/?fields={fields.replace(',', '%2C')}",
                            json=ok({"user": {"open_id": "afd97", "display_name": "Acme"}}))
    info = adapter.account()  # the token lacks user.info.profile and user.info.stats
    request = httpx_mock.get_request()
    assert request.method == "GET" and request.url.params["fields"] == fields
    assert request.headers["authorization"] == "Bearer act.first-access-token"
    assert (info.platform_user_id, info.handle, info.followers) == ("afd97", "Acme", None)


def test_video_query(httpx_mock, adapter):
    fields = "id,title,video_description,create_time,share_url,duration,cover_image_url,like_count,comment_count,"\
             "share_count,view_count"
    video = {"id": "7602997517160123666", "like_count": 120, "comment_count": 8, "share_count": 3,
             "view_count": 4410}
    httpx_mock.add_response(method="POST", url=f"{API}/v2/video/query/?fields={fields.replace(',', '%2C')}",
                            json=ok({"videos": [video]}))
    queried = adapter.fetch_metrics(["7602997517160123666"])
    [request] = httpx_mock.get_requests()
    assert sent_json(request) == {"filters": {"video_ids": ["7602997517160123666"]}}
    metrics = queried["7602997517160123666"]
    assert (metrics.views, metrics.likes, metrics.comments, metrics.shares) == (4410, 120, 8, 3)


# -- errors ---------------------------------------------------------------------------------------

EXPECTED = {
    "access_token_invalid": (401, AuthExpired), "scope_not_authorized": (401, AuthExpired),
    "scope_permission_missed": (400, PermissionDenied), "invalid_param": (400, Rejected),
    "invalid_params": (400, Rejected), "invalid_file_upload": (400, Rejected),
    "app_version_check_failed": (400, Rejected), "spam_risk_too_many_posts": (403, QuotaExhausted),
    "spam_risk_user_banned_from_posting": (403, Rejected), "spam_risk_too_many_pending_share": (403, QuotaExhausted),
    "reached_active_user_cap": (403, QuotaExhausted),
    "unaudited_client_can_only_post_to_private_accounts": (403, NotAllowedViaApi),
    "url_ownership_unverified": (403, PermissionDenied), "privacy_level_option_mismatch": (403, Rejected),
    "rate_limit_exceeded": (429, RateLimitedError), "invalid_publish_id": (400, Rejected),
    "token_not_authorized_for_specified_publish_id": (400, PermissionDenied),
    "publish_not_cancellable": (400, Rejected), "internal_error": (500, Unavailable),
}
EXIT = {AuthExpired: ExitCode.NOT_CONFIGURED, PermissionDenied: ExitCode.NOT_CONFIGURED,
        Rejected: ExitCode.PLATFORM_REJECTED, NotAllowedViaApi: ExitCode.PLATFORM_REJECTED,
        QuotaExhausted: ExitCode.RATE_LIMITED, RateLimitedError: ExitCode.RATE_LIMITED,
        Unavailable: ExitCode.PLATFORM_REJECTED}


def test_every_contract_code_is_mapped():
    assert set(EXPECTED) == set(CODES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_error_codes_map_to_typed_errors(httpx_mock, adapter, store, code):
    status, kind = EXPECTED[code]
    if status == 401:  # one refresh, then the retry fails the same way
        httpx_mock.add_response(method="POST", url=f"{API}/v2/oauth/token/", json={
            "access_token": "act.second", "refresh_token": "rft.second", "expires_in": 86400, "scope": "video.upload"})
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/video/init/", status_code=status,
                            json=failure(code, f"TikTok says {code}"), is_reusable=True)
    with pytest.raises(kind) as caught:
        adapter.client.init_direct_video({"privacy_level": "SELF_ONLY"}, {"source": "PULL_FROM_URL"})
    error = caught.value
    assert error.code == code and error.hint and code in error.message
    assert error.exit_code == EXIT[kind]
    init_calls = [r for r in httpx_mock.get_requests() if r.url.path.endswith("/video/init/")]
    # 401: one refresh and one retry; 429: was not processed, so retried after the wait (3 attempts);
    # anything else, 5xx included, is never retried: a create call may have gone through.
    assert len(init_calls) == {401: 2, 429: 3}.get(status, 1)


def test_creator_info_spam_errors_arrive_with_http_200(httpx_mock, adapter):
    httpx_mock.add_response(json=failure("spam_risk_too_many_posts", "The daily post cap is reached."))
    with pytest.raises(QuotaExhausted) as caught:
        adapter.client.creator_info()
    assert caught.value.exit_code == ExitCode.RATE_LIMITED


def test_401_refreshes_persists_the_rotated_token_first_then_retries(httpx_mock, adapter, store):
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/status/fetch/", status_code=401,
                            json=failure("access_token_invalid", "Please refresh the token and retry."))
    httpx_mock.add_response(method="POST", url=f"{API}/v2/oauth/token/", json={
        "access_token": "act.second-access", "refresh_token": "rft.rotated-refresh", "expires_in": 86400,
        "refresh_expires_in": 31536000, "open_id": "afd97", "scope": "video.publish", "token_type": "Bearer"})
    httpx_mock.add_response(method="POST", url=f"{API}/v2/post/publish/status/fetch/",
                            json=ok({"status": "PROCESSING_UPLOAD"}))
    assert adapter.client.status("v_pub_file~v2-1.1").status == "PROCESSING_UPLOAD"
    _first, refresh, retry = httpx_mock.get_requests()
    assert dict(x.split("=") for x in refresh.read().decode().split("&")) == {
        "client_key": APP["client_key"], "client_secret": APP["client_secret"], "grant_type": "refresh_token",
        "refresh_token": "rft.first-refresh-token"}
    assert retry.headers["authorization"] == "Bearer act.second-access"
    assert [t.refresh_token for t in store.saved] == ["rft.rotated-refresh"]


def test_429_waits_one_minute_then_retries(httpx_mock, adapter, slept):
    httpx_mock.add_response(status_code=429, json=failure("rate_limit_exceeded"))
    httpx_mock.add_response(json=ok({"status": "SEND_TO_USER_INBOX"}))
    assert adapter.client.status("v_inbox_file~v2.1").status == "SEND_TO_USER_INBOX"
    assert slept == [60.0]


def test_429_honours_retry_after(httpx_mock, adapter, slept):
    httpx_mock.add_response(status_code=429, headers={"Retry-After": "7"}, json=failure("rate_limit_exceeded"))
    httpx_mock.add_response(json=ok({"status": "SEND_TO_USER_INBOX"}))
    adapter.client.status("v_inbox_file~v2.1")
    assert slept == [7.0]


def test_5xx_on_a_read_is_retried_then_unavailable(httpx_mock, adapter, slept):
    httpx_mock.add_response(status_code=503, json=failure("internal_error"), is_reusable=True)
    with pytest.raises(Unavailable):
        adapter.client.status("v_inbox_file~v2.1")
    assert len(httpx_mock.get_requests()) == 3 and len(slept) == 2


def test_unknown_codes_stay_rejected_with_tiktoks_message(httpx_mock, adapter):
    httpx_mock.add_response(status_code=400, json=failure("brand_new_code", "Something new"))
    with pytest.raises(Rejected) as caught:
        adapter.client.creator_info()
    assert "Something new" in caught.value.message and caught.value.code == "brand_new_code"


def test_tokens_never_appear_in_error_messages(httpx_mock, adapter):
    httpx_mock.add_response(status_code=400, json=failure("invalid_param", "bad token act.first-access-token"))
    with pytest.raises(Rejected) as caught:
        adapter.client.creator_info()
    assert "act.first-access-token" not in caught.value.message

"""Every Graph endpoint psn calls for a Page: exact URL, headers and body, and the error mapping."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fb_support import GRAPH, NOW, PAGE_TOKEN

from psn.core.errors import ExitCode
from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    PermissionDenied,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.facebook import oauth, rules
from psn.platforms.facebook.spec import _http
from psn.sandbox.meta_graph import PAGE_ID

AUTH = {"Authorization": f"Bearer {PAGE_TOKEN}", "User-Agent": "psn/0.1.0"}


def graph_error(code: int, message: str = "boom", subcode: int | None = None, **extra: object) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Axyz", **extra}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def test_me_is_asked_with_only_id_and_name(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/me?fields=id%2Cname", method="GET", match_headers=AUTH,
                            json={"id": PAGE_ID, "name": "Sandbox Page"})
    assert adapter.client.me().id == PAGE_ID


def test_page_details(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/{PAGE_ID}?fields=id%2Cname%2Cfollowers_count%2Clink",
                            json={"id": PAGE_ID, "name": "P", "followers_count": 7, "link": "https://fb/p"})
    assert adapter.client.page(PAGE_ID).followers_count == 7


def test_feed_post_sends_json_and_asks_for_the_permalink(httpx_mock, adapter):
    httpx_mock.add_response(
        method="POST", url=f"{GRAPH}/{PAGE_ID}/feed?fields=id%2Cpermalink_url", match_headers=AUTH,
        match_json={"message": "Hi", "published": False, "link": "https://x.example", "scheduled_publish_time": 1800,
                    "attached_media": [{"media_fbid": "1"}, {"media_fbid": "2"}]},
        json={"id": f"{PAGE_ID}_9", "permalink_url": "https://www.facebook.com/p/9"},
    )
    post = adapter.client.create_feed_post(PAGE_ID, "Hi", link="https://x.example", published=False,
                                           scheduled_at=1800, media_fbids=["1", "2"])
    assert post.id == f"{PAGE_ID}_9"
    request = httpx_mock.get_request()
    assert request.headers["content-type"] == "application/json"


def test_photo_upload_is_multipart_with_source(httpx_mock, adapter, tmp_path):
    photo = tmp_path / "p.png"
    photo.write_bytes(b"\x89PNGdata")
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/photos", match_headers=AUTH,
                            match_data={"published": "false", "temporary": "true"},
                            match_files={"source": ("p.png", b"\x89PNGdata", "image/png")}, json={"id": "77"})
    assert adapter.client.upload_photo(PAGE_ID, path=photo, published=False, temporary=True).id == "77"


def test_photo_by_url_carries_the_caption(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/photos",
                            match_content=b"published=true&message=Look&url=https%3A%2F%2Fcdn.example%2Fa.jpg",
                            json={"id": "78", "post_id": f"{PAGE_ID}_78"})
    photo = adapter.client.upload_photo(PAGE_ID, url="https://cdn.example/a.jpg", caption="Look")
    assert photo.post_id == f"{PAGE_ID}_78"


def test_video_goes_to_the_video_host(httpx_mock, adapter):
    httpx_mock.add_response(
        method="POST", url=f"https://graph-video.facebook.com/v26.0/{PAGE_ID}/videos", match_headers=AUTH,
        match_content=b"description=Clip&published=false&title=T&scheduled_publish_time=99&file_url=https%3A%2F%2Fv",
        json={"id": "555"},
    )
    video = adapter.client.upload_video(PAGE_ID, url="https://v", description="Clip", title="T", published=False,
                                        scheduled_at=99)
    assert video.id == "555"


def test_video_status(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/555?fields=id%2Cdescription%2Cstatus%2Cpermalink_url%2Cpost_id",
                            json={"id": "555", "status": {"video_status": "processing"}})
    assert adapter.client.video("555").video_status == "processing"


@pytest.mark.parametrize(("method_name", "path", "fields"), [
    ("recent_posts", "feed", "id,message,created_time,permalink_url"),
    ("scheduled_posts", "scheduled_posts", "id,message,scheduled_publish_time,is_published"),
    ("page_videos", "videos", "id,description,status"),
])
def test_listing_reads(httpx_mock, adapter, method_name, path, fields):
    httpx_mock.add_response(url=f"{GRAPH}/{PAGE_ID}/{path}", match_params={"fields": fields, "limit": "10"},
                            json={"data": [{"id": "a", "message": "m", "description": "m"}]})
    assert getattr(adapter.client, method_name)(PAGE_ID, 10)[0].id == "a"


def test_counts_parse_summaries(httpx_mock, adapter):
    httpx_mock.add_response(
        url=f"{GRAPH}/{PAGE_ID}_1", match_params={"fields": (
            "created_time,permalink_url,shares,reactions.summary(total_count).limit(0),"
            "comments.summary(true).limit(0)")},
        json={"id": f"{PAGE_ID}_1", "shares": {"count": 3}, "reactions": {"data": [], "summary": {"total_count": 42}},
              "comments": {"data": [], "summary": {"total_count": 7, "order": "ranked", "can_comment": True}}},
    )
    counts = adapter.client.counts(f"{PAGE_ID}_1")
    assert (counts.shares, counts.reactions, counts.comments) == (3, 42, 7)


def test_video_counts_never_ask_a_video_for_shares(httpx_mock, adapter):
    httpx_mock.add_response(
        url=f"{GRAPH}/8001", match_params={"fields": (
            "created_time,permalink_url,post_id,reactions.summary(total_count).limit(0),"
            "comments.summary(true).limit(0)")},
        json={"id": "8001", "post_id": f"{PAGE_ID}_9", "comments": {"data": [], "summary": {"total_count": None}}},
    )
    counts = adapter.client.video_counts("8001")
    assert (counts.shares, counts.reactions, counts.comments, counts.post_id) == (0, 0, 0, f"{PAGE_ID}_9")


def test_post_insights_use_only_current_metric_names(httpx_mock, adapter):
    httpx_mock.add_response(
        url=f"{GRAPH}/{PAGE_ID}_1/insights", match_params={"metric": ",".join(rules.POST_METRICS)},
        json={"data": [{"name": "post_clicks", "period": "lifetime", "values": [{"value": 12}]},
                       {"name": "post_reactions_by_type_total", "values": [{"value": {"like": 30, "love": 4}}]}]},
    )
    values = adapter.client.post_insights(f"{PAGE_ID}_1")
    assert values == {"post_clicks": 12, "post_reactions_by_type_total": {"like": 30, "love": 4}}
    assert not any(rules.is_deprecated_metric(m) for m in rules.POST_METRICS)


def test_comments_list_and_reply(httpx_mock, adapter):
    httpx_mock.add_response(
        url=f"{GRAPH}/{PAGE_ID}_1/comments",
        match_params={"fields": "id,message,from,created_time,like_count,comment_count,permalink_url",
                      "filter": "stream", "order": "reverse_chronological", "summary": "true", "limit": "25"},
        json={"data": [{"id": "1_2", "message": "Nice", "from": {"id": "5", "name": "Jane"},
                        "created_time": "2026-11-21T10:00:00+0000"}]},
    )
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/1_2/comments", match_json={"message": "Thanks!"},
                            match_headers=AUTH, json={"id": "1_3"})
    [comment] = adapter.client.comments(f"{PAGE_ID}_1")
    assert comment.from_["name"] == "Jane"
    assert adapter.client.create_comment("1_2", "Thanks!") == "1_3"


def test_subscribe_app(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/subscribed_apps?subscribed_fields=feed",
                            json={"success": True})
    assert adapter.client.subscribe_app(PAGE_ID)


# -- login --------------------------------------------------------------------------------------------


def test_authorize_url_names_version_scopes_and_no_pkce():
    request = oauth.authorize("https://www.facebook.com", "v26.0", "42", "http://127.0.0.1:8766/callback")
    assert request.url.startswith("https://www.facebook.com/v26.0/dialog/oauth?")
    assert "scope=pages_show_list%2Cpages_manage_posts" in request.url
    assert "code_challenge" not in request.url and request.code_verifier is None


def test_code_then_long_lived_exchange(httpx_mock, deps):
    http = _http(deps, "https://graph.facebook.com")
    httpx_mock.add_response(url=f"{GRAPH}/oauth/access_token", match_params={
        "client_id": "42", "redirect_uri": "http://127.0.0.1:8766/callback", "client_secret": "s", "code": "C"},
        json={"access_token": "EAAUshort", "token_type": "bearer", "expires_in": 5000})
    httpx_mock.add_response(url=f"{GRAPH}/oauth/access_token", match_params={
        "grant_type": "fb_exchange_token", "client_id": "42", "client_secret": "s", "fb_exchange_token": "EAAUshort"},
        json={"access_token": "EAAUlong", "token_type": "bearer", "expires_in": 5183944})
    short = oauth.exchange_code(http, "v26.0", "42", "s", "http://127.0.0.1:8766/callback", "C", NOW)
    long = oauth.long_lived(http, "v26.0", "42", "s", short, NOW)
    assert long.access_token == "EAAUlong"
    assert long.expires_at == NOW + timedelta(seconds=5183944)
    assert all("authorization" not in r.headers for r in httpx_mock.get_requests())


def test_revoke_uses_an_app_token(httpx_mock, deps):
    httpx_mock.add_response(method="DELETE", url=f"{GRAPH}/10001/permissions?access_token=42%7Cs",
                            json={"success": True})
    oauth.revoke(_http(deps, "https://graph.facebook.com"), "v26.0", "42", "s", "10001")


# -- errors -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "body", "error_type", "exit_code"), [
    (400, graph_error(190, "Session has expired", 463), AuthExpired, ExitCode.NOT_CONFIGURED),
    (403, graph_error(200, "(#200) requires pages_manage_posts"), PermissionDenied, ExitCode.NOT_CONFIGURED),
    (400, graph_error(506, "Duplicate status message"), DuplicateContent, ExitCode.PLATFORM_REJECTED),
    (400, graph_error(100, "(#100) The value must be a valid insights metric"), Rejected, ExitCode.PLATFORM_REJECTED),
    (400, graph_error(32, "Page request limit reached"), RateLimitedError, ExitCode.RATE_LIMITED),
    (400, graph_error(1, "An unknown error occurred", is_transient=True), Unavailable, ExitCode.PLATFORM_REJECTED),
])
def test_graph_errors_are_typed(httpx_mock, adapter, status, body, error_type, exit_code):
    httpx_mock.add_response(method="POST", status_code=status, json=body)
    with pytest.raises(error_type) as caught:
        adapter.client.create_feed_post(PAGE_ID, "x")
    assert caught.value.exit_code == exit_code
    assert caught.value.platform == "facebook"
    assert PAGE_TOKEN not in caught.value.message


def test_photo_subcode_gets_its_hint(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", status_code=400, json=graph_error(100, "Invalid parameter", 1366046))
    with pytest.raises(Rejected) as caught:
        adapter.client.upload_photo(PAGE_ID, url="https://cdn.example/big.jpg")
    assert caught.value.code == "100/1366046"
    assert "4 MB" in (caught.value.hint or "")


def test_429_waits_for_the_business_use_case_reset_then_retries(httpx_mock, deps):
    slept: list[float] = []
    deps.sleep = slept.append
    from psn.platforms.facebook.spec import make_adapter

    adapter = make_adapter(deps)
    usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 1}]}
    httpx_mock.add_response(status_code=429, json=graph_error(80001, "rate"),
                            headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    httpx_mock.add_response(json={"id": PAGE_ID, "name": "P"})
    assert adapter.client.me().id == PAGE_ID
    assert slept == [60.0]  # estimated_time_to_regain_access is in minutes


def test_throttle_as_http_400_carries_the_reset_time(httpx_mock, adapter):
    usage = {PAGE_ID: [{"type": "pages", "estimated_time_to_regain_access": 30}]}
    httpx_mock.add_response(status_code=400, json=graph_error(4, "Application request limit reached"),
                            headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    with pytest.raises(RateLimitedError) as caught:
        adapter.client.me()
    assert caught.value.retry_at == NOW + timedelta(minutes=30)


def test_server_error_on_a_read_is_retried(httpx_mock, adapter):
    httpx_mock.add_response(status_code=500, json=graph_error(2, "Service temporarily unavailable"))
    httpx_mock.add_response(json={"id": PAGE_ID, "name": "P"})
    assert adapter.client.me().id == PAGE_ID


def test_server_error_on_a_create_is_not_repeated(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", status_code=500, json=graph_error(2, "Service temporarily unavailable"))
    with pytest.raises(Unavailable):
        adapter.client.create_feed_post(PAGE_ID, "x")
    assert len(httpx_mock.get_requests()) == 1

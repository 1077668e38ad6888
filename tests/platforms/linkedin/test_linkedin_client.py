"""Every LinkedIn endpoint psn calls: exact URL, headers and body (pytest-httpx)."""

from __future__ import annotations

import json

import pytest

from psn.platforms.linkedin.client import LinkedInClient
from psn.platforms.linkedin.spec import make_adapter

API = "https://api.linkedin.com"
REST_HEADERS = {"LinkedIn-Version": "202610", "X-Restli-Protocol-Version": "2.0.0",
                "Authorization": "Bearer tok-abcdef123"}


@pytest.fixture
def client(make_deps) -> LinkedInClient:
    return make_adapter(make_deps()).client


def sent(httpx_mock, index: int = -1):
    return httpx_mock.get_requests()[index]


def test_userinfo_is_unversioned_and_gives_the_author_urn(client, httpx_mock):
    httpx_mock.add_response(method="GET", url=f"{API}/v2/userinfo",
                            match_headers={"Authorization": "Bearer tok-abcdef123"},
                            json={"sub": "782bbtaQ", "name": "Ada Lovelace", "email": "ada@example.com"})
    user = client.userinfo()
    assert user.urn == "urn:li:person:782bbtaQ"
    assert "linkedin-version" not in sent(httpx_mock).headers


def test_create_post_sends_the_versioned_headers_and_reads_x_restli_id(client, httpx_mock):
    distribution = {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []}
    body = {"author": "urn:li:person:782bbtaQ", "commentary": "hi", "visibility": "PUBLIC",
            "distribution": distribution,
            "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}
    httpx_mock.add_response(method="POST", url=f"{API}/rest/posts", match_headers=REST_HEADERS, match_json=body,
                            status_code=201, headers={"x-restli-id": "urn:li:share:7362000000000000000"})
    assert client.create_post(body) == "urn:li:share:7362000000000000000"
    assert sent(httpx_mock).headers["content-type"] == "application/json"


def test_create_post_without_an_id_is_uncertain_not_reposted(client, httpx_mock):
    from psn.platforms.errors import UncertainOutcome

    httpx_mock.add_response(method="POST", url=f"{API}/rest/posts", status_code=201)
    with pytest.raises(UncertainOutcome):
        client.create_post({"author": "x"})
    assert len(httpx_mock.get_requests()) == 1


def test_delete_post_encodes_the_urn(client, httpx_mock):
    httpx_mock.add_response(method="DELETE", url=f"{API}/rest/posts/urn%3Ali%3Ashare%3A7362000000000000000",
                            match_headers=REST_HEADERS, status_code=204)
    client.delete_post("urn:li:share:7362000000000000000")


@pytest.mark.parametrize("kind, field", [("images", "image"), ("documents", "document")])
def test_initialize_upload(client, httpx_mock, kind, field):
    httpx_mock.add_response(
        method="POST", url=f"{API}/rest/{kind}?action=initializeUpload", match_headers=REST_HEADERS,
        match_json={"initializeUploadRequest": {"owner": "urn:li:person:782bbtaQ"}},
        json={"value": {"uploadUrlExpiresAt": 1767225600000, "uploadUrl": "https://www.linkedin.com/dms-uploads/sp/a1",
                        field: f"urn:li:{field}:C4E10AQ"}})
    ticket = client.initialize_upload(kind, "urn:li:person:782bbtaQ")
    assert (ticket.urn, ticket.upload_url) == (f"urn:li:{field}:C4E10AQ", "https://www.linkedin.com/dms-uploads/sp/a1")


def test_initialize_video_upload_returns_every_part(client, httpx_mock):
    parts = [{"uploadUrl": f"https://www.linkedin.com/dms-uploads/v/part{n}", "firstByte": n * 4194304,
              "lastByte": min((n + 1) * 4194304, 9437184) - 1} for n in range(3)]
    httpx_mock.add_response(
        method="POST", url=f"{API}/rest/videos?action=initializeUpload", match_headers=REST_HEADERS,
        match_json={"initializeUploadRequest": {"owner": "urn:li:person:782bbtaQ", "fileSizeBytes": 9437184,
                                                "uploadCaptions": False, "uploadThumbnail": False}},
        json={"value": {"uploadUrlsExpireAt": 1767225600000, "video": "urn:li:video:C5F10AQ",
                        "uploadInstructions": parts, "uploadToken": ""}})
    ticket = client.initialize_video_upload("urn:li:person:782bbtaQ", 9437184)
    assert [p.first_byte for p in ticket.parts] == [0, 4194304, 8388608]
    assert ticket.parts[-1].last_byte == 9437183


def test_upload_puts_raw_bytes_with_the_bearer_and_no_version(client, httpx_mock):
    url = "https://www.linkedin.com/dms-uploads/v/part1?sig=abc"
    httpx_mock.add_response(method="PUT", url=url, match_content=b"\x00\x01chunk",
                            match_headers={"Authorization": "Bearer tok-abcdef123",
                                           "Content-Type": "application/octet-stream"},
                            status_code=200, headers={"ETag": "/etag-1"})
    assert client.upload(url, b"\x00\x01chunk", "application/octet-stream") == "/etag-1"
    assert "linkedin-version" not in sent(httpx_mock).headers


def test_finalize_video_lists_the_etags_in_order(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=f"{API}/rest/videos?action=finalizeUpload", match_headers=REST_HEADERS,
                            match_json={"finalizeUploadRequest": {"video": "urn:li:video:C5F", "uploadToken": "",
                                                                  "uploadedPartIds": ["e1", "e2", "e3"]}})
    client.finalize_video("urn:li:video:C5F", "", ["e1", "e2", "e3"])


def test_media_status(client, httpx_mock):
    httpx_mock.add_response(method="GET", url=f"{API}/rest/videos/urn%3Ali%3Avideo%3AC5F", match_headers=REST_HEADERS,
                            json={"status": "PROCESSING_FAILED", "processingFailureReason": "Bad codec"})
    state = client.media_status("videos", "urn:li:video:C5F")
    assert (state.status, state.failure_reason) == ("PROCESSING_FAILED", "Bad codec")


def test_comment_on_a_post(client, httpx_mock):
    httpx_mock.add_response(
        method="POST", url=f"{API}/rest/socialActions/urn%3Ali%3Aactivity%3A7362/comments", match_headers=REST_HEADERS,
        match_json={"actor": "urn:li:person:782bbtaQ", "object": "urn:li:activity:7362",
                    "message": {"text": "Thanks, great point!"}},
        status_code=201, json={"id": "7363", "commentUrn": "urn:li:comment:(urn:li:activity:7362,7363)",
                               "object": "urn:li:activity:7362"})
    comment = client.create_comment("urn:li:person:782bbtaQ", "urn:li:activity:7362", "Thanks, great point!")
    assert comment.comment_urn == "urn:li:comment:(urn:li:activity:7362,7363)"


def test_reply_under_a_comment_names_the_comment_in_the_path(client, httpx_mock):
    parent = "urn:li:comment:(urn:li:activity:7362,7363)"
    httpx_mock.add_response(
        method="POST",
        url=f"{API}/rest/socialActions/urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A7362%2C7363%29/comments",
        match_json={"actor": "urn:li:person:782bbtaQ", "object": "urn:li:activity:7362", "message": {"text": "Agreed"},
                    "parentComment": parent},
        status_code=201, json={"id": "7364", "commentUrn": "urn:li:comment:(urn:li:activity:7362,7364)"})
    client.create_comment("urn:li:person:782bbtaQ", "urn:li:activity:7362", "Agreed", parent)


def test_post_analytics_keeps_restli_syntax_and_sums_counts(client, httpx_mock):
    url = (f"{API}/rest/memberCreatorPostAnalytics?q=entity&entity=(share:urn%3Ali%3Ashare%3A7362)"
           "&queryType=IMPRESSION&aggregation=TOTAL")
    httpx_mock.add_response(method="GET", url=url, match_headers=REST_HEADERS,
                            json={"elements": [{"count": 1000}, {"count": 234}], "paging": {}})
    assert client.post_analytics("urn:li:share:7362", "IMPRESSION") == 1234
    assert str(sent(httpx_mock).url) == url


def test_analytics_for_ugc_posts_uses_the_ugc_key(client, httpx_mock):
    url = (f"{API}/rest/memberCreatorPostAnalytics?q=entity&entity=(ugc:urn%3Ali%3AugcPost%3A99)"
           "&queryType=REACTION&aggregation=TOTAL")
    httpx_mock.add_response(method="GET", url=url, json={"elements": []})
    assert client.post_analytics("urn:li:ugcPost:99", "REACTION") == 0


def test_the_version_comes_from_settings(make_deps, httpx_mock):
    client = make_adapter(make_deps(version="202607")).client
    httpx_mock.add_response(method="DELETE", url=f"{API}/rest/posts/urn%3Ali%3Ashare%3A1",
                            match_headers={"LinkedIn-Version": "202607"}, status_code=204)
    client.delete_post("urn:li:share:1")


def test_bodies_are_json_exactly_as_built(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=f"{API}/rest/posts", status_code=201,
                            headers={"x-restli-id": "urn:li:share:1"})
    client.create_post({"commentary": "a\\#b"})
    assert json.loads(sent(httpx_mock).content) == {"commentary": "a\\#b"}

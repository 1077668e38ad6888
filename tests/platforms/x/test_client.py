"""X client: exact URL, headers and body for each endpoint, validated against X's OpenAPI spec."""

import json
from datetime import UTC, datetime

import pytest

from psn.core.clock import FixedClock
from psn.platforms.errors import DuplicateContent, NotAllowedViaApi, PaymentRequired, QuotaExhausted
from psn.platforms.http import HttpClient, RetryPolicy
from psn.platforms.oauth import StaticCredentials
from psn.platforms.x.client import XClient, classify
from tests.openapi_check import validate_x_request

API = "https://api.x.com"


@pytest.fixture
def client():
    http = HttpClient(platform="x", base_url=API, classify=classify,
                      credentials=StaticCredentials({"Authorization": "Bearer user-token-abc"}),
                      clock=FixedClock(datetime(2026, 11, 21, tzinfo=UTC)), sleep=lambda s: None,
                      policy=RetryPolicy(attempts=1))
    return XClient(http)


def test_create_post(httpx_mock, client):
    httpx_mock.add_response(method="POST", url=f"{API}/2/tweets", status_code=201,
                            json={"data": {"id": "1960000000000000001", "text": "hi"}})
    tweet = client.create_post("hi", media_ids=["1880028106020515840"])
    request = httpx_mock.get_request()
    assert tweet.id == "1960000000000000001"
    assert request.headers["authorization"] == "Bearer user-token-abc"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("psn/")
    assert json.loads(request.content) == {"text": "hi", "media": {"media_ids": ["1880028106020515840"]}}
    validate_x_request(request)


def test_reply_body(httpx_mock, client):
    httpx_mock.add_response(method="POST", url=f"{API}/2/tweets", status_code=201, json={"data": {"id": "2"}})
    client.create_post("thanks", reply_to="1959999999999999999")
    request = httpx_mock.get_request()
    assert json.loads(request.content) == {"text": "thanks", "reply": {"in_reply_to_tweet_id": "1959999999999999999"}}
    validate_x_request(request)


def test_search_recent_params(httpx_mock, client):
    httpx_mock.add_response(json={"meta": {"result_count": 0}})
    page = client.search_recent("(cms OR jamstack) -is:retweet", max_results=25)
    request = httpx_mock.get_request()
    assert request.url.path == "/2/tweets/search/recent"
    params = dict(request.url.params)
    assert params["query"] == "(cms OR jamstack) -is:retweet"
    assert params["max_results"] == "25" and params["expansions"] == "author_id"
    assert "public_metrics" in params["tweet.fields"]
    assert page.tweets == []
    validate_x_request(request)


def test_media_chunked_sequence(httpx_mock, client):
    httpx_mock.add_response(url=f"{API}/2/media/upload/initialize", json={"data": {"id": "77"}})
    httpx_mock.add_response(url=f"{API}/2/media/upload/77/append", json={"data": {"expires_at": 1}})
    httpx_mock.add_response(url=f"{API}/2/media/upload/77/finalize",
                            json={"data": {"id": "77", "processing_info": {"state": "pending", "check_after_secs": 2}}})
    httpx_mock.add_response(url=f"{API}/2/media/upload?command=STATUS&media_id=77",
                            json={"data": {"id": "77", "processing_info": {"state": "succeeded"}}})
    media_id = client.media_initialize(10, "video/mp4", "tweet_video")
    client.media_append(media_id, 0, b"0123456789")
    assert client.media_finalize(media_id).check_after_secs == 2
    assert client.media_status(media_id).state == "succeeded"
    init, append, _, _ = httpx_mock.get_requests()
    assert json.loads(init.content) == {"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video"}
    validate_x_request(init)
    assert append.headers["content-type"].startswith("multipart/form-data")
    assert b'name="segment_index"\r\n\r\n0' in append.content


def test_lookup_and_me(httpx_mock, client):
    httpx_mock.add_response(url=f"{API}/2/users/me?user.fields=username%2Cname%2Cpublic_metrics",
                            json={"data": {"id": "9", "username": "me", "name": "Me"}})
    httpx_mock.add_response(url=f"{API}/2/tweets?ids=1%2C2&tweet.fields=public_metrics%2Ccreated_at",
                            json={"data": [{"id": "1", "public_metrics": {"like_count": 3}}]})
    assert client.me().username == "me"
    assert client.lookup_posts(["1", "2"])[0].public_metrics["like_count"] == 3
    for request in httpx_mock.get_requests():
        validate_x_request(request)


@pytest.mark.parametrize(
    "status, body, sent, error",
    [
        (402, {"title": "Payment Required", "status": 402}, {"text": "a"}, PaymentRequired),
        (403, {"detail": "You are not allowed to create a Tweet with duplicate content."}, {"text": "a"},
         DuplicateContent),
        (403, {"detail": "Reply to this conversation is not allowed because you have not been mentioned"},
         {"text": "a", "reply": {"in_reply_to_tweet_id": "1"}}, NotAllowedViaApi),
        (429, {"title": "UsageCapExceeded", "type": "https://api.twitter.com/2/problems/usage-capped",
               "period": "Monthly"}, {"text": "a"}, QuotaExhausted),
    ],
)
def test_error_classification(httpx_mock, client, status, body, sent, error):
    httpx_mock.add_response(method="POST", url=f"{API}/2/tweets", status_code=status, json=body)
    with pytest.raises(error):
        client.create_post(sent["text"], reply_to=(sent.get("reply") or {}).get("in_reply_to_tweet_id"))
    assert len(httpx_mock.get_requests()) == 1  # never retried


def test_bogus_body_fails_spec_validation():
    import httpx

    with pytest.raises(Exception):
        validate_x_request(httpx.Request("POST", f"{API}/2/tweets", json={"text": "a", "bogus": 1},
                                         headers={"Authorization": "Bearer x"}))

"""Delivering the signed webhook: exact headers and body, the same webhook-id on every retry with a
fresh timestamp, 2xx only as success, and Standard Webhooks' status rules."""

from __future__ import annotations

import json

import pytest
from blog_support import ENDPOINT, NOW, MemoryCheckpoint

from psn.core.errors import BadInput
from psn.platforms.base import PublishRequest, PublishStatus
from psn.platforms.blog import signing
from psn.platforms.errors import RateLimitedError, Rejected, Unavailable
from psn.sandbox.blog import SECRET


def post(**options) -> PublishRequest:  # type: ignore[no-untyped-def]
    return PublishRequest(platform="blog", format="article", title="Launch notes", text="<p>Hello</p>",
                          idempotency_key="key-1", link="https://me.example/launch", options=options)


def test_the_body_and_headers(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=ENDPOINT, status_code=201,
                            json={"id": "321", "url": "https://blog.example.com/launch"})
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(post(tags=["python"], excerpt="Short", psn_post_id=7), checkpoint)
    request = httpx_mock.get_request()
    body = json.loads(request.content)
    assert body == {"type": "post.published", "timestamp": "2026-11-21T12:00:00.000Z", "data": {
        "title": "Launch notes", "content": "<p>Hello</p>", "excerpt": "Short", "status": "publish",
        "scheduled_at": None, "slug": "", "tags": ["python"], "canonical_url": "https://me.example/launch",
        "psn": {"idempotency_key": "key-1", "webhook_id": checkpoint.values["webhook_id"], "post_id": 7}}}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["webhook-id"] == checkpoint.values["webhook_id"]
    assert request.headers["webhook-timestamp"] == str(int(NOW.timestamp()))
    assert signing.verify(SECRET, dict(request.headers), request.content, NOW)
    assert "authorization" not in request.headers
    assert (result.platform_post_id, result.url, result.status) == ("321", "https://blog.example.com/launch",
                                                                    PublishStatus.PUBLISHED)


def test_retries_keep_the_id_and_renew_the_timestamp(httpx_mock, adapter, slept):
    httpx_mock.add_response(method="POST", status_code=503, text="busy")
    httpx_mock.add_response(method="POST", status_code=200, json={"data": {"id": 9, "link": "https://b/9"}})
    result = adapter.publish(post(), MemoryCheckpoint())
    first, second = httpx_mock.get_requests()
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert int(second.headers["webhook-timestamp"]) - int(first.headers["webhook-timestamp"]) == 5
    assert signing.verify(SECRET, dict(second.headers), second.content, NOW.replace(second=5))
    assert slept == [5.0] and (result.platform_post_id, result.url) == ("9", "https://b/9")


def test_a_rerun_reuses_the_webhook_id(httpx_mock, adapter):
    for _ in range(3):
        httpx_mock.add_response(method="POST", status_code=502)
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Unavailable):
        adapter.publish(post(), checkpoint)
    httpx_mock.add_response(method="POST", status_code=204)
    result = adapter.publish(post(), checkpoint)
    ids = {r.headers["webhook-id"] for r in httpx_mock.get_requests()}
    assert ids == {checkpoint.values["webhook_id"]} and len(httpx_mock.get_requests()) == 4
    assert result.platform_post_id == checkpoint.values["webhook_id"]  # the receiver sent no id back
    assert result.url == "https://me.example/launch"


def test_retry_after_is_honoured(httpx_mock, adapter, slept):
    httpx_mock.add_response(method="POST", status_code=429, headers={"Retry-After": "12"})
    httpx_mock.add_response(method="POST", status_code=201, json={"id": "1"})
    adapter.publish(post(), MemoryCheckpoint())
    assert slept == [12.0]


@pytest.mark.parametrize(("status", "headers", "fragment"), [
    (410, {}, "410 Gone"),
    (302, {"Location": "https://blog.example.com/new"}, "redirected"),
    (400, {}, "HTTP 400"),
])
def test_no_retry_for_final_answers(httpx_mock, adapter, status, headers, fragment):
    httpx_mock.add_response(method="POST", status_code=status, headers=headers, text="no")
    with pytest.raises(Rejected, match=fragment):
        adapter.publish(post(), MemoryCheckpoint())
    assert len(httpx_mock.get_requests()) == 1


def test_rate_limit_that_lasts_is_raised(httpx_mock, adapter):
    for _ in range(3):
        httpx_mock.add_response(method="POST", status_code=429)
    with pytest.raises(RateLimitedError):
        adapter.publish(post(), MemoryCheckpoint())


@pytest.mark.parametrize(("request_", "fragment"), [
    (PublishRequest(platform="blog", format="article", text="no title"), "title and content"),
    (PublishRequest(platform="blog", format="thread", title="t", text="x"), "not 'thread'"),
    (post(status="private"), "not one of"),
    (post(schedule_at="2026-11-20T00:00:00Z"), "in the past"),
])
def test_bad_input_sends_nothing(adapter, request_, fragment):
    with pytest.raises(BadInput, match=fragment):
        adapter.publish(request_, MemoryCheckpoint())


def test_a_long_retry_after_stops_instead_of_sleeping(httpx_mock, adapter, slept):
    """Fault storm finding: a receiver's `Retry-After: 3600` made `psn article` sleep for an hour
    (the shared client raises waits over a minute; the delivery loop then slept through them)."""
    httpx_mock.add_response(method="POST", status_code=429, headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitedError) as err:
        adapter.publish(post(), MemoryCheckpoint())
    assert slept == [] and len(httpx_mock.get_requests()) == 1
    assert err.value.retry_at is not None and err.value.retry_at > NOW

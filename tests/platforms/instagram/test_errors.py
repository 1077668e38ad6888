"""Meta's error codes → psn's typed errors, and the usage headers → the budget ledger."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    PermissionDenied,
    QuotaExhausted,
    RateLimitedError,
    Rejected,
    Unavailable,
)
from psn.platforms.instagram.errors import ContainerGone, ContainerNotReady
from psn.platforms.instagram.spec import make_client

from .helpers import GRAPH, NOW, USER, FakeLedger, deps, graph_error

CASES = [
    (graph_error(9007, "Media ID is not available", 2207027), ContainerNotReady, "9007/2207027"),
    (graph_error(9, "Application request limit reached", 2207042), QuotaExhausted, "9/2207042"),
    (graph_error(-2, "The media you are trying to access has expired.", 2207020), ContainerGone, "-2/2207020"),
    (graph_error(24, "The media builder does not exist", 2207008), ContainerGone, "24/2207008"),
    (graph_error(10, "(#10) Application does not have permission for this action"), PermissionDenied, 10),
    (graph_error(200, "(#200) Requires instagram_content_publish permission"), PermissionDenied, 200),
    (graph_error(36001, "The image format png is not supported.", 2207005), Rejected, "36001/2207005"),
    (graph_error(368, "It looks like you already posted this comment."), DuplicateContent, 368),
    (graph_error(2, "Service temporarily unavailable"), Unavailable, 2),
    (graph_error(1, "An unknown error occurred", is_transient=True), Unavailable, 1),
    (graph_error(190, "Error validating access token: Session has expired", 463), AuthExpired, "190/463"),
    ({"debug_info": {"retriable": False, "type": "ProcessingFailedError",
                     "message": '{"success":false,"error":{"message":"unauthorized user request"}}'}}, Rejected, None),
]


@pytest.mark.parametrize(("body", "kind", "code"), CASES)
def test_error_mapping_branches_on_the_code_not_the_status(httpx_mock, body, kind, code):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media_publish", status_code=400, json=body)
    with pytest.raises(kind) as err:
        make_client(deps()).publish(USER, "1790")
    assert type(err.value) is kind
    assert err.value.code == code


def test_rejections_carry_a_fixing_hint(httpx_mock):
    httpx_mock.add_response(status_code=400, json=graph_error(36003, "The submitted image with aspect ratio 0.56 "
                                                                    "cannot be published.", 2207009))
    with pytest.raises(Rejected) as err:
        make_client(deps()).create_container(USER, {"image_url": "https://cdn.example.com/a.jpg"})
    assert "4:5" in err.value.hint and err.value.exit_code == 4


def test_throttle_with_buc_estimate_sets_retry_time_and_blocks_the_ledger(httpx_mock):
    usage = {USER: [{"type": "instagram", "call_count": 100, "total_cputime": 40, "total_time": 60,
                     "estimated_time_to_regain_access": 7}]}
    httpx_mock.add_response(status_code=400, json=graph_error(4, "Application request limit reached"),
                            headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    ledger = FakeLedger()
    with pytest.raises(RateLimitedError) as err:
        make_client(deps(ledger=ledger)).media("1", fields="id")
    assert err.value.retry_at == NOW + timedelta(minutes=7)
    assert err.value.exit_code == 5
    assert ledger.records[-1]["remaining"] == 0 and ledger.records[-1]["blocked_until"] == NOW + timedelta(minutes=7)
    assert ledger.records[-1]["operation"] == "analytics"


def test_throttle_without_estimate_waits_a_cautious_default(httpx_mock):
    httpx_mock.add_response(status_code=400, json=graph_error(17, "User request limit reached"))
    with pytest.raises(RateLimitedError) as err:
        make_client(deps()).media("1", fields="id")
    assert err.value.retry_at == NOW + timedelta(minutes=10)


def test_usage_headers_are_recorded_as_remaining_percent(httpx_mock):
    usage = {USER: [{"type": "instagram", "call_count": 28, "total_cputime": 5, "total_time": 9,
                     "estimated_time_to_regain_access": 0}]}
    httpx_mock.add_response(json={"id": "1"}, headers={"X-Business-Use-Case-Usage": json.dumps(usage)})
    httpx_mock.add_response(json={"data": [{"quota_usage": 1}]}, headers={"X-App-Usage": '{"call_count":61}'})
    ledger = FakeLedger()
    client = make_client(deps(ledger=ledger))
    client.media("1", fields="id")
    client.publishing_limit(USER)
    assert [(r["operation"], r["remaining"], r["limit"], r["blocked_until"]) for r in ledger.records] == [
        ("analytics", 72, 100, None), ("posting", 39, 100, None)]


def test_a_429_from_the_publish_endpoint_is_not_retried_past_the_policy(httpx_mock):
    httpx_mock.add_response(status_code=429, json=graph_error(4, "Application request limit reached"),
                            headers={"Retry-After": "3600"})
    with pytest.raises(RateLimitedError):
        make_client(deps()).publish(USER, "1790")
    assert len(httpx_mock.get_requests()) == 1


def test_server_errors_retry_reads_but_not_creates(httpx_mock):
    sleeps: list[float] = []
    for _ in range(3):
        httpx_mock.add_response(method="GET", status_code=500, json=graph_error(2, "Service unavailable"))
    with pytest.raises(Unavailable):
        make_client(deps(sleeps=sleeps)).media("1", fields="id")
    assert len(httpx_mock.get_requests()) == 3 and len(sleeps) == 2
    httpx_mock.add_response(method="POST", status_code=500, json=graph_error(2, "Service unavailable"))
    with pytest.raises(Unavailable):
        make_client(deps()).create_container(USER, {"image_url": "https://cdn.example.com/a.jpg"})
    assert len(httpx_mock.get_requests(method="POST")) == 1

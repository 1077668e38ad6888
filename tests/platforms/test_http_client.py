"""The shared HTTP client: retries only where they cannot double-post, 401 refresh, 429 waits."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psn.core.clock import FixedClock
from psn.platforms.errors import AuthExpired, RateLimitedError, Rejected, Unavailable, UncertainOutcome
from psn.platforms.http import HttpClient, RetryPolicy, generic_classify
from psn.platforms.ratelimit import x_retry_at

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class Creds:
    def __init__(self):
        self.token, self.refreshed = "old-token-123", 0

    def headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def refresh(self):
        self.refreshed += 1
        self.token = "new-token-456"
        return True


class Ledger:
    def __init__(self):
        self.records = []

    def check(self, platform, operation):
        pass

    def record(self, platform, operation, **kw):
        self.records.append((platform, operation, kw))


def make(**kw):
    sleeps = []
    client = HttpClient(platform="t", base_url="https://api.test", classify=generic_classify("t"),
                        clock=FixedClock(NOW), sleep=sleeps.append, policy=RetryPolicy(attempts=3), **kw)
    return client, sleeps


def test_get_5xx_is_retried(httpx_mock):
    httpx_mock.add_response(url="https://api.test/a", status_code=503)
    httpx_mock.add_response(url="https://api.test/a", json={"ok": 1})
    client, sleeps = make()
    assert client.request("GET", "/a", operation="analytics").json() == {"ok": 1}
    assert len(sleeps) == 1


def test_post_5xx_is_not_retried(httpx_mock):
    httpx_mock.add_response(url="https://api.test/a", method="POST", status_code=503)
    client, _ = make()
    with pytest.raises(Unavailable):
        client.request("POST", "/a", operation="posting", json={})
    assert len(httpx_mock.get_requests()) == 1


def test_post_timeout_is_uncertain_not_retried(httpx_mock):
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), url="https://api.test/a")
    client, _ = make()
    with pytest.raises(UncertainOutcome):
        client.request("POST", "/a", operation="posting", json={})
    assert len(httpx_mock.get_requests()) == 1


def test_connect_error_is_always_retried(httpx_mock):
    httpx_mock.add_exception(httpx.ConnectError("refused"), url="https://api.test/a")
    httpx_mock.add_response(url="https://api.test/a", method="POST", status_code=201, json={"id": 1})
    client, _ = make()
    assert client.request("POST", "/a", operation="posting", json={}).status_code == 201


def test_caller_headers_survive_a_retry(httpx_mock):
    httpx_mock.add_exception(httpx.ConnectError("refused"), url="https://api.test/token")
    httpx_mock.add_response(url="https://api.test/token", method="POST", json={})
    client, _ = make()
    client.request("POST", "/token", operation="auth", authenticated=False, headers={"Authorization": "Basic abc"})
    assert [r.headers["authorization"] for r in httpx_mock.get_requests()] == ["Basic abc", "Basic abc"]


def test_401_refreshes_once_and_retries_with_new_token(httpx_mock):
    httpx_mock.add_response(url="https://api.test/a", status_code=401)
    httpx_mock.add_response(url="https://api.test/a", json={})
    creds = Creds()
    client, _ = make(credentials=creds)
    client.request("GET", "/a", operation="analytics")
    first, second = httpx_mock.get_requests()
    assert first.headers["authorization"] == "Bearer old-token-123"
    assert second.headers["authorization"] == "Bearer new-token-456"
    assert creds.refreshed == 1


def test_second_401_is_auth_expired(httpx_mock):
    httpx_mock.add_response(url="https://api.test/a", status_code=401, is_reusable=True)
    client, _ = make(credentials=Creds())
    with pytest.raises(AuthExpired):
        client.request("GET", "/a", operation="analytics")


def test_429_waits_for_x_reset_then_retries(httpx_mock):
    reset = int((NOW + timedelta(seconds=30)).timestamp())
    httpx_mock.add_response(url="https://api.test/a", status_code=429, headers={"x-rate-limit-reset": str(reset)})
    httpx_mock.add_response(url="https://api.test/a", method="POST", status_code=201, json={})
    ledger = Ledger()
    client, sleeps = make(retry_at=x_retry_at, ledger=ledger)
    client.request("POST", "/a", operation="posting", json={})
    assert sleeps == [30.0]
    assert ledger.records[0][2]["blocked_until"] == NOW + timedelta(seconds=30)


def test_429_far_reset_raises_with_retry_time(httpx_mock):
    reset = int((NOW + timedelta(hours=2)).timestamp())
    httpx_mock.add_response(url="https://api.test/a", status_code=429, headers={"x-rate-limit-reset": str(reset)})
    client, sleeps = make(retry_at=x_retry_at)
    with pytest.raises(RateLimitedError) as err:
        client.request("POST", "/a", operation="posting", json={})
    assert err.value.retry_at == NOW + timedelta(hours=2)
    assert err.value.to_dict()["details"]["retry_at"] == (NOW + timedelta(hours=2)).isoformat()
    assert sleeps == []


def test_errors_never_carry_tokens(httpx_mock):
    httpx_mock.add_response(url="https://api.test/a", status_code=400,
                            text='{"error":"bad","access_token":"leaky-token-999"}')
    client, _ = make()
    with pytest.raises(Rejected) as err:
        client.request("GET", "/a", operation="analytics")
    assert "leaky-token-999" not in err.value.message

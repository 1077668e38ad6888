"""LinkedIn's error envelopes → psn's typed errors, retries and rate-limit handling (pytest-httpx)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psn.core.errors import ExitCode
from psn.platforms.base import TokenSet
from psn.platforms.errors import (
    AuthExpired,
    DuplicateContent,
    PermissionDenied,
    RateLimitedError,
    Rejected,
    Unavailable,
    VersionUnsupported,
)
from psn.platforms.linkedin.errors import suggested_version
from psn.platforms.linkedin.spec import make_adapter

API = "https://api.linkedin.com"
TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"
POSTS = f"{API}/rest/posts"


class Ledger:
    def __init__(self) -> None:
        self.records: list[dict] = []

    def check(self, platform, operation) -> None:
        return None

    def record(self, platform, operation, **kwargs) -> None:
        self.records.append({"platform": platform, "operation": operation, **kwargs})


@pytest.fixture
def client(make_deps):
    return make_adapter(make_deps()).client


def test_426_names_the_exact_command_with_a_live_version(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=426,
                            json={"status": 426, "code": "NONEXISTENT_VERSION",
                                  "message": "Requested version 202610 is not active"})
    with pytest.raises(VersionUnsupported) as err:
        client.create_post({})
    assert "202610" in err.value.message
    assert "`psn config set linkedin.version 202610`" in err.value.hint  # the clock says 2026-11
    assert err.value.exit_code == ExitCode.NOT_CONFIGURED


def test_suggested_version_is_last_month():
    assert suggested_version(datetime(2027, 1, 5, tzinfo=UTC)) == "202612"
    assert suggested_version(datetime(2026, 11, 20, tzinfo=UTC)) == "202610"


def test_422_duplicate_post_points_at_the_existing_post(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=422, json={
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": "Content is a duplicate of urn:li:share:7141138937766391808",
        "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected", "input": {},
                                          "code": "DUPLICATE_POST"}]}, "status": 422})
    with pytest.raises(DuplicateContent) as err:
        client.create_post({})
    assert err.value.code == "DUPLICATE_POST"
    assert "https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808" in err.value.message


def test_429_without_headers_waits_for_the_next_utc_midnight(make_deps, httpx_mock, sleeps):
    deps = make_deps()
    deps.ledger = Ledger()
    client = make_adapter(deps).client
    httpx_mock.add_response(method="POST", url=POSTS, status_code=429,
                            json={"status": 429, "message": "Resource level throttle limit for calls to this "
                                                            "resource is reached."})
    with pytest.raises(RateLimitedError) as err:
        client.create_post({})
    assert err.value.retry_at == datetime(2026, 11, 21, tzinfo=UTC)
    assert err.value.to_dict()["details"]["retry_at"] == "2026-11-21T00:00:00+00:00"
    assert sleeps == []  # 14 hours away: raised, not slept through
    assert deps.ledger.records[-1]["blocked_until"] == datetime(2026, 11, 21, tzinfo=UTC)
    assert len(httpx_mock.get_requests()) == 1


def test_429_just_before_midnight_is_slept_through_then_retried(make_deps, httpx_mock, clock, sleeps):
    clock.set(datetime(2026, 11, 20, 23, 59, 30, tzinfo=UTC))
    client = make_adapter(make_deps()).client
    httpx_mock.add_response(method="POST", url=POSTS, status_code=429, json={"status": 429, "message": "slow down"})
    httpx_mock.add_response(method="POST", url=POSTS, status_code=201, headers={"x-restli-id": "urn:li:share:1"})
    assert client.create_post({}) == "urn:li:share:1"
    assert sleeps == [30.0]


def test_401_without_a_refresh_token_means_reconnect(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=401,
                            json={"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                                  "message": "Invalid access token"})
    with pytest.raises(AuthExpired) as err:
        client.create_post({})
    assert "psn setup linkedin" in err.value.hint
    assert len(httpx_mock.get_requests()) == 1  # nothing to refresh with: no second try


def test_401_with_a_partner_refresh_token_refreshes_persists_and_retries(make_deps, httpx_mock, clock):
    old = TokenSet(access_token="old-access-token", refresh_token="refresh-token-1",
                   expires_at=clock.now() + timedelta(days=3), refresh_expires_at=clock.now() + timedelta(days=200))
    deps = make_deps(old)
    client = make_adapter(deps).client
    httpx_mock.add_response(method="POST", url=POSTS, status_code=401,
                            match_headers={"Authorization": "Bearer old-access-token"},
                            json={"status": 401, "code": "INVALID_ACCESS_TOKEN", "message": "Invalid access token"})
    httpx_mock.add_response(method="POST", url=TOKEN_URL,
                            match_content=b"grant_type=refresh_token&refresh_token=refresh-token-1&client_id=li-client"
                                          b"&client_secret=li-secret-value",
                            json={"access_token": "new-access-token", "expires_in": 5184000,
                                  "refresh_token_expires_in": 17280000, "scope": "openid,w_member_social"})
    httpx_mock.add_response(method="POST", url=POSTS, status_code=201,
                            match_headers={"Authorization": "Bearer new-access-token"},
                            headers={"x-restli-id": "urn:li:share:2"})
    assert client.create_post({}) == "urn:li:share:2"
    saved = deps.tokens.saved[-1]
    assert saved.access_token == "new-access-token"
    assert saved.refresh_token == "refresh-token-1"  # LinkedIn keeps the original refresh token
    assert saved.expires_at == clock.now() + timedelta(days=60)


@pytest.mark.parametrize("path, fragment", [
    ("/rest/posts", "Share on LinkedIn"),
    ("/rest/memberCreatorPostAnalytics?q=entity&entity=(share:urn%3Ali%3Ashare%3A1)&queryType=IMPRESSION"
     "&aggregation=TOTAL", "linkedin.analytics_enabled false"),
])
def test_403_access_denied_says_which_product_is_missing(client, httpx_mock, path, fragment):
    httpx_mock.add_response(url=f"{API}{path}", status_code=403,
                            json={"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                                  "message": "Not enough permissions to access: partnerApiPostsExternal.CREATE"})
    with pytest.raises(PermissionDenied) as err:
        if path == "/rest/posts":
            client.create_post({})
        else:
            client.post_analytics("urn:li:share:1", "IMPRESSION")
    assert fragment in err.value.hint
    assert err.value.code == "ACCESS_DENIED"


def test_422_schema_errors_are_rejections_with_linkedins_message(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=422, json={
        "message": "ERROR :: /author :: field is required but not found and has no default value\n", "status": 422})
    with pytest.raises(Rejected) as err:
        client.create_post({})
    assert "/author :: field is required" in err.value.message
    assert err.value.exit_code == ExitCode.PLATFORM_REJECTED


def test_500_on_a_create_is_never_retried(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=500, json={"status": 500, "message": "oops"})
    with pytest.raises(Unavailable):
        client.create_post({})
    assert len(httpx_mock.get_requests()) == 1


def test_500_on_a_read_is_retried_with_backoff(client, httpx_mock, sleeps):
    url = f"{API}/rest/images/urn%3Ali%3Aimage%3A1"
    httpx_mock.add_response(method="GET", url=url, status_code=503, json={"status": 503, "message": "busy"})
    httpx_mock.add_response(method="GET", url=url, json={"status": "AVAILABLE"})
    assert client.media_status("images", "urn:li:image:1").status == "AVAILABLE"
    assert len(sleeps) == 1


def test_errors_never_carry_the_token(client, httpx_mock):
    httpx_mock.add_response(method="POST", url=POSTS, status_code=400,
                            json={"status": 400, "code": "ILLEGAL_ARGUMENT",
                                  "message": "bad request access_token=tok-abcdef123"})
    with pytest.raises(Rejected) as err:
        client.create_post({})
    assert "tok-abcdef123" not in err.value.message
    assert "tok-abcdef123" not in str(err.value.to_dict())

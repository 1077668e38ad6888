import base64
import hashlib
import threading
import urllib.request
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psn.core.clock import FixedClock
from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import TokenSet
from psn.platforms.oauth import (
    LoopbackCallback,
    MemoryTokenStore,
    RefreshingCredentials,
    authorization_request,
    code_from_redirect,
    pkce_pair,
)
from psn.platforms.ratelimit import linkedin_retry_at, meta_retry_at, meta_usage_percent, x_retry_at

NOW = datetime(2026, 11, 21, 22, 30, tzinfo=UTC)


def test_x_daily_cap_wins_over_window():
    window = int((NOW + timedelta(minutes=5)).timestamp())
    daily = int((NOW + timedelta(hours=9)).timestamp())
    response = httpx.Response(429, headers={"x-rate-limit-reset": str(window),
                                            "x-user-limit-24hour-remaining": "0",
                                            "x-user-limit-24hour-reset": str(daily)})
    assert x_retry_at(response, NOW) == NOW + timedelta(hours=9)


def test_linkedin_waits_for_utc_midnight():
    assert linkedin_retry_at(httpx.Response(429), NOW) == datetime(2026, 11, 22, tzinfo=UTC)


def test_meta_buc_minutes_and_usage():
    header = '{"123": [{"type": "pages", "call_count": 97, "estimated_time_to_regain_access": 12}]}'
    response = httpx.Response(429, headers={"x-business-use-case-usage": header, "x-app-usage": '{"call_count": 40}'})
    assert meta_retry_at(response, NOW) == NOW + timedelta(minutes=12)
    assert meta_usage_percent(response) == 97


def test_retry_after_header_wins():
    assert x_retry_at(httpx.Response(429, headers={"retry-after": "7"}), NOW) == NOW + timedelta(seconds=7)


def test_pkce_s256_and_hex():
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert challenge == expected
    verifier, challenge = pkce_pair("hex")
    assert challenge == hashlib.sha256(verifier.encode()).hexdigest()


def test_state_is_verified():
    request = authorization_request("https://auth.test/authorize", {"client_id": "c"}, "http://127.0.0.1:1/cb")
    assert "code_challenge_method=S256" in request.url
    assert code_from_redirect(f"http://127.0.0.1:1/cb?state={request.state}&code=abc", request.state) == "abc"
    with pytest.raises(BadInput):
        code_from_redirect("http://127.0.0.1:1/cb?state=forged&code=abc", request.state)
    with pytest.raises(NotAuthorised):
        code_from_redirect(f"http://127.0.0.1:1/cb?state={request.state}&error=access_denied", request.state)


def test_loopback_binds_127_0_0_1_and_serves_one_request():
    with LoopbackCallback(port=0, timeout=5) as callback:
        assert callback._server.server_address[0] == "127.0.0.1"
        port = callback.bound_port
        result = {}
        thread = threading.Thread(target=lambda: result.update(url=callback.wait()))
        thread.start()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/callback?code=c1&state=s1", timeout=5).read()
        thread.join(5)
    assert result["url"].endswith("/callback?code=c1&state=s1")


def test_loopback_times_out():
    with LoopbackCallback(port=0, timeout=0.2) as callback:
        assert callback.wait() is None


def test_refreshing_credentials_persist_before_use():
    clock = FixedClock(NOW)
    store = MemoryTokenStore(TokenSet(access_token="a1", refresh_token="r1", expires_at=NOW - timedelta(seconds=1)))
    seen = []

    def refresher(tokens):
        seen.append(tokens.refresh_token)
        return TokenSet(access_token="a2", refresh_token="r2", expires_at=NOW + timedelta(hours=2))

    creds = RefreshingCredentials(store, refresher, clock)
    assert creds.headers() == {"Authorization": "Bearer a2"}
    assert seen == ["r1"] and store.tokens.refresh_token == "r2"


def test_refresh_uses_token_another_process_rotated():
    store = MemoryTokenStore(TokenSet(access_token="a1", refresh_token="r1"))
    creds = RefreshingCredentials(store, lambda t: pytest.fail("must not refresh twice"), FixedClock(NOW))
    creds.headers()
    store.tokens = TokenSet(access_token="a2", refresh_token="r2")  # the daemon refreshed meanwhile
    assert creds.refresh() is True
    assert creds.headers()["Authorization"] == "Bearer a2"


def test_token_set_repr_hides_values():
    tokens = TokenSet(access_token="secret-access-1", refresh_token="secret-refresh-1")
    assert "secret" not in repr(tokens) and "secret" not in str(tokens)


def test_platform_names_without_imports_match_the_registry():
    from psn.core.errors import BadInput
    from psn.platforms.names import canonical, known
    from psn.platforms.registry import all_specs

    assert known() == list(all_specs())
    assert canonical(" Twitter ") == "x" and canonical("LinkedIn") == "linkedin"
    with pytest.raises(BadInput, match="Unknown platform 'myspace'"):
        canonical("myspace")


def test_a_refused_refresh_means_reconnect_on_every_platform():
    """A spent or revoked refresh token (e.g. rotated by a refresh whose answer was lost) is an
    AuthExpired naming `psn setup PLATFORM`, not a "platform rejected" — and nothing is saved."""
    from psn.platforms.errors import AuthExpired, Rejected
    from psn.platforms.oauth import MemoryTokenStore, RefreshingCredentials

    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    spent = TokenSet(access_token="old", refresh_token="spent", expires_at=now - timedelta(minutes=1))
    store = MemoryTokenStore(spent)

    def refuse(tokens):
        raise Rejected("TikTok: invalid_grant", platform="tiktok", status=400, code="invalid_grant")

    credentials = RefreshingCredentials(store, refuse, FixedClock(now))
    with pytest.raises(AuthExpired) as caught:
        credentials.headers()
    assert caught.value.exit_code == 3 and "psn setup tiktok" in caught.value.hint
    assert "invalid_grant" in caught.value.message and store.load() == spent

"""Login Kit v2 for desktop apps: client_key naming, hex PKCE, form bodies, flat errors, revoke."""

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from tiktok_support import APP, REDIRECT

from psn.core.clock import FixedClock
from psn.platforms.base import TokenSet
from psn.platforms.errors import AuthExpired, PermissionDenied
from psn.platforms.oauth import AuthorizationRequest
from psn.platforms.registry import AdapterDeps
from psn.platforms.tiktok.spec import DEFAULT_URLS, TikTokConnector

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
NOW = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
TOKEN_BODY = {
    "access_token": "act.9db86c59fab331b4f8b4c516ae66a960", "expires_in": 86400, "open_id": "afd97af1-b87b",
    "refresh_expires_in": 31536000, "refresh_token": "rft.e10a897yu15f821ab5f08stuart",
    "scope": "user.info.basic,video.publish,video.upload", "token_type": "Bearer",
}


@pytest.fixture
def connector():
    return TikTokConnector(AdapterDeps(urls=dict(DEFAULT_URLS), settings={}, clock=FixedClock(NOW), app=dict(APP)))


def form_of(request):
    return {k: v[0] for k, v in parse_qs(request.read().decode(), keep_blank_values=True).items()}


def test_authorize_url_uses_client_key_and_a_hex_challenge(connector):
    request = connector.authorize(REDIRECT)
    parts = urlsplit(request.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.tiktok.com/v2/auth/authorize/"
    assert query["client_key"] == APP["client_key"] and "client_id" not in query
    assert query["scope"] == "user.info.basic,user.info.profile,user.info.stats,video.list,video.upload,video.publish"
    assert query["response_type"] == "code" and query["redirect_uri"] == REDIRECT and query["state"] == request.state
    assert query["code_challenge_method"] == "S256"
    # TikTok's desktop flavour: the hex SHA-256 of the verifier, not base64url
    assert query["code_challenge"] == hashlib.sha256(request.code_verifier.encode()).hexdigest()


def test_exchange_posts_the_form_and_reads_the_flat_answer(httpx_mock, connector):
    httpx_mock.add_response(method="POST", url=TOKEN_URL, json=TOKEN_BODY)
    request = AuthorizationRequest("u", "state", REDIRECT, "v" * 64)
    tokens = connector.exchange(request, "code*!1")
    sent = httpx_mock.get_request()
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in sent.headers
    assert form_of(sent) == {"client_key": APP["client_key"], "client_secret": APP["client_secret"],
                             "code": "code*!1", "grant_type": "authorization_code", "redirect_uri": REDIRECT,
                             "code_verifier": "v" * 64}
    assert tokens.access_token == TOKEN_BODY["access_token"] and tokens.refresh_token == TOKEN_BODY["refresh_token"]
    assert tokens.expires_at == NOW + timedelta(hours=24)
    assert tokens.refresh_expires_at == NOW + timedelta(days=365)
    assert tokens.scopes == ["user.info.basic", "video.publish", "video.upload"]
    assert tokens.extra["open_id"] == "afd97af1-b87b"


@pytest.mark.parametrize("status", [400, 200])  # the status of a token error is undocumented
def test_exchange_errors_are_flat_and_typed(httpx_mock, connector, status):
    httpx_mock.add_response(method="POST", url=TOKEN_URL, status_code=status, json={
        "error": "invalid_request", "error_description": "Code verifier or code challenge is invalid.",
        "log_id": "202206221854370101130062072500FFA2"})
    with pytest.raises(AuthExpired) as caught:
        connector.exchange(AuthorizationRequest("u", "s", REDIRECT, "v" * 64), "code")
    assert "Code verifier or code challenge is invalid" in caught.value.message
    assert caught.value.code == "invalid_request"


def test_a_wrong_client_secret_says_so(httpx_mock, connector):
    httpx_mock.add_response(status_code=400, json={"error": "invalid_client", "error_description": "bad secret"})
    with pytest.raises(PermissionDenied) as caught:
        connector.exchange(AuthorizationRequest("u", "s", REDIRECT, "v" * 64), "code")
    assert "client key" in caught.value.hint.lower()


def test_a_grant_without_posting_scopes_is_refused(httpx_mock, connector):
    httpx_mock.add_response(json={**TOKEN_BODY, "scope": "user.info.basic"})
    with pytest.raises(PermissionDenied) as caught:
        connector.exchange(AuthorizationRequest("u", "s", REDIRECT, "v" * 64), "code")
    assert "video.upload" in caught.value.message


def test_revoke_posts_the_access_token_and_accepts_an_empty_body(httpx_mock, connector):
    httpx_mock.add_response(method="POST", url="https://open.tiktokapis.com/v2/oauth/revoke/", content=b"")
    connector.revoke(TokenSet(access_token="act.to-revoke-123", refresh_token="rft.x"))
    assert form_of(httpx_mock.get_request()) == {"client_key": APP["client_key"],
                                                 "client_secret": APP["client_secret"], "token": "act.to-revoke-123"}


def test_refresh_keeps_the_old_refresh_token_when_none_is_returned(httpx_mock):
    from psn.platforms.http import HttpClient
    from psn.platforms.tiktok import oauth
    from psn.platforms.tiktok.errors import classify

    httpx_mock.add_response(json={**TOKEN_BODY, "refresh_token": None, "refresh_expires_in": None, "open_id": None})
    old = TokenSet(access_token="act.old", refresh_token="rft.keep-me", refresh_expires_at=NOW,
                   extra={"open_id": "afd97"})
    fresh = oauth.refresh(HttpClient("tiktok", "https://open.tiktokapis.com", classify), FixedClock(NOW),
                          "key", "secret", old)
    assert fresh.refresh_token == "rft.keep-me" and fresh.extra["open_id"] == "afd97"

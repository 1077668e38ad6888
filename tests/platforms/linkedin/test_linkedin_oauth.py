"""Connecting LinkedIn: authorize URL, token exchange, refresh, revoke, token health (pytest-httpx)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from psn.core.errors import NotConfigured
from psn.platforms.base import TokenSet
from psn.platforms.errors import AuthExpired, PermissionDenied
from psn.platforms.linkedin import oauth
from psn.platforms.linkedin.spec import SPEC, LinkedInConnector
from psn.platforms.oauth import AuthorizationRequest

TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"
REDIRECT = "http://127.0.0.1:8766/callback"


def test_spec_declares_a_no_pkce_oauth_connection():
    assert SPEC.connect.kind == "oauth"
    assert SPEC.connect.scopes == ("openid", "profile", "email", "w_member_social")
    assert SPEC.hosts() == ["api.linkedin.com", "www.linkedin.com"]
    assert "{redirect_uri}" in SPEC.connect.instructions
    assert not SPEC.capabilities.search and not SPEC.capabilities.metrics
    assert SPEC.capabilities.engagement_types == ["comment"]


def test_authorize_url_has_no_pkce_and_the_four_scopes(make_deps):
    request = LinkedInConnector(make_deps()).authorize(REDIRECT)
    parts = urlsplit(request.url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/oauth/v2/authorization"
    assert query["response_type"] == ["code"] and query["client_id"] == ["li-client"]
    assert query["redirect_uri"] == [REDIRECT] and query["state"] == [request.state]
    assert query["scope"] == ["openid profile email w_member_social"]
    assert "code_challenge" not in query and request.code_verifier is None


def test_analytics_enabled_asks_for_the_restricted_scope(make_deps):
    request = LinkedInConnector(make_deps(analytics_enabled=True)).authorize(REDIRECT)
    scope = parse_qs(urlsplit(request.url).query)["scope"]
    assert scope == ["openid profile email w_member_social r_member_postAnalytics"]


def test_exchange_posts_the_secret_in_the_form(make_deps, httpx_mock, clock):
    httpx_mock.add_response(
        method="POST", url=TOKEN_URL,
        match_content=b"grant_type=authorization_code&code=AQcode&redirect_uri=http%3A%2F%2F127.0.0.1%3A8766%2Fcallback"
                      b"&client_id=li-client&client_secret=li-secret-value",
        match_headers={"Content-Type": "application/x-www-form-urlencoded"},
        json={"access_token": "AQXtoken", "expires_in": 5184000, "scope": "email,openid,profile,w_member_social",
              "token_type": "Bearer", "id_token": "eyJ.fake.jwt"})
    tokens = LinkedInConnector(make_deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQcode")
    assert tokens.access_token == "AQXtoken" and tokens.refresh_token is None
    assert tokens.expires_at == clock.now() + timedelta(days=60)
    assert tokens.scopes == ["email", "openid", "profile", "w_member_social"]
    assert "authorization" not in httpx_mock.get_requests()[0].headers


def test_exchange_refuses_a_token_that_cannot_post(make_deps, httpx_mock):
    httpx_mock.add_response(method="POST", url=TOKEN_URL,
                            json={"access_token": "AQX", "expires_in": 5184000, "scope": "openid,profile"})
    with pytest.raises(PermissionDenied) as err:
        LinkedInConnector(make_deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQcode")
    assert "Share on LinkedIn" in err.value.hint


@pytest.mark.parametrize("status, body, fragment", [
    (400, {"error": "invalid_request", "error_description": "Unable to retrieve access token: authorization code "
                                                            "expired"}, "approve psn"),
    (401, {"error": "invalid_client", "error_description": "Client authentication failed"}, "Client Secret"),
])
def test_exchange_errors_say_what_to_fix(make_deps, httpx_mock, status, body, fragment):
    httpx_mock.add_response(method="POST", url=TOKEN_URL, status_code=status, json=body)
    with pytest.raises(AuthExpired) as err:
        LinkedInConnector(make_deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQcode")
    assert fragment in err.value.hint and "psn setup linkedin" in err.value.hint
    assert err.value.exit_code == 3
    assert len(httpx_mock.get_requests()) == 1


def test_revoke(make_deps, httpx_mock):
    httpx_mock.add_response(method="POST", url="https://www.linkedin.com/oauth/v2/revoke",
                            match_content=b"client_id=li-client&client_secret=li-secret-value&token=AQXtoken")
    LinkedInConnector(make_deps()).revoke(TokenSet(access_token="AQXtoken"))


def test_missing_client_secret_is_not_configured(make_deps):
    deps = make_deps()
    deps.app = {"client_id": "li-client"}
    with pytest.raises(NotConfigured):
        LinkedInConnector(deps).authorize(REDIRECT)


def test_refresh_without_a_refresh_token_says_reconnect(clock):
    with pytest.raises(AuthExpired) as err:
        oauth.refresh(None, TOKEN_URL, clock, "id", "secret", TokenSet(access_token="a"))  # type: ignore[arg-type]
    assert "psn setup linkedin" in err.value.hint


def test_an_expired_token_is_refused_before_any_request(make_deps, clock, checkpoint):
    from psn.platforms.base import PublishRequest
    from psn.platforms.linkedin.spec import make_adapter

    expired = TokenSet(access_token="AQold", expires_at=clock.now() - timedelta(hours=1))
    with pytest.raises(AuthExpired) as err:
        make_adapter(make_deps(expired)).publish(PublishRequest(platform="linkedin", text="hi"), checkpoint)
    assert "expired on 2026-11-20" in err.value.message  # pytest-httpx would fail on any request



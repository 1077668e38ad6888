"""Connecting Instagram: both login paths, both code-exchange shapes, the 24-hour refresh rule,
and tokens that do not match their host."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from psn.core.errors import NotAuthorised
from psn.platforms.errors import AuthExpired, RateLimitedError, Unavailable
from psn.platforms.instagram.spec import InstagramConnector, make_adapter, make_client
from psn.platforms.oauth import AuthorizationRequest, MemoryTokenStore

from .helpers import APP, GRAPH, NOW, TOKEN, USER, deps, form, graph_error, query, tokens

REDIRECT = "http://127.0.0.1:8766/callback"
SHORT = "IGAASshorttoken0123456"
LONG = "IGAALnewlongtoken999999"


def test_authorize_url_asks_for_the_business_scopes():
    request = InstagramConnector(deps()).authorize(REDIRECT)
    url = urlsplit(request.url)
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://www.instagram.com/oauth/authorize"
    assert params == {"client_id": APP["client_id"], "redirect_uri": REDIRECT, "response_type": "code",
                      "state": request.state,
                      "scope": "instagram_business_basic,instagram_business_content_publish,"
                               "instagram_business_manage_comments,instagram_business_manage_insights"}
    assert request.code_verifier is None


def test_a_configured_https_redirect_replaces_the_loopback_one():
    request = InstagramConnector(deps(settings={"redirect_uri": "https://psn.example.com/cb"})).authorize(REDIRECT)
    assert request.redirect_uri == "https://psn.example.com/cb"


def _expect_long_lived(httpx_mock, short=SHORT):
    httpx_mock.add_response(method="GET", url=f"https://graph.instagram.com/access_token?grant_type=ig_exchange_token"
                                              f"&client_secret={APP['client_secret']}&access_token={short}",
                            json={"access_token": LONG, "token_type": "bearer", "expires_in": 5183944})


def test_code_exchange_flat_shape_with_numeric_user_id(httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.instagram.com/oauth/access_token",
                            content=b'{"access_token": "' + SHORT.encode() + b'", "user_id": 17841441696714445, '
                                    b'"permissions": ["instagram_business_basic", '
                                    b'"instagram_business_content_publish"]}')
    _expect_long_lived(httpx_mock)
    request = AuthorizationRequest("u", "s", REDIRECT)
    result = InstagramConnector(deps()).exchange(request, "AQBx-code#_")
    sent = httpx_mock.get_requests()[0]
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in sent.headers
    assert form(sent) == {"client_id": APP["client_id"], "client_secret": APP["client_secret"],
                          "grant_type": "authorization_code", "redirect_uri": REDIRECT, "code": "AQBx-code"}
    assert result.access_token == LONG
    assert result.expires_at == NOW + timedelta(seconds=5183944)
    assert result.extra == {"login": "instagram", "user_id": USER, "kind": "long", "issued_at": NOW.isoformat()}
    assert result.scopes == ["instagram_business_basic", "instagram_business_content_publish"]


def test_code_exchange_documented_data_shape(httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.instagram.com/oauth/access_token",
                            json={"data": [{"access_token": SHORT, "user_id": USER, "permissions":
                                            "instagram_business_basic,instagram_business_manage_comments"}]})
    _expect_long_lived(httpx_mock)
    result = InstagramConnector(deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQBx")
    assert result.extra["user_id"] == USER
    assert result.scopes == ["instagram_business_basic", "instagram_business_manage_comments"]


def test_code_exchange_error_is_not_the_graph_envelope(httpx_mock):
    httpx_mock.add_response(method="POST", url="https://api.instagram.com/oauth/access_token", status_code=400,
                            json={"error_type": "OAuthException", "code": 400,
                                  "error_message": "Matching code was not found or was already used"})
    with pytest.raises(NotAuthorised) as err:
        InstagramConnector(deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQBx")
    assert "Matching code was not found or was already used" in err.value.message
    assert err.value.exit_code == 3 and "single-use" in err.value.hint


def test_no_refresh_while_the_token_is_younger_than_24_hours(httpx_mock):
    young = tokens(issued=timedelta(hours=23), left=timedelta(days=1))
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/me?fields=id,user_id,username,name,account_type,"
                                              f"profile_picture_url,followers_count,follows_count,media_count"
                                              f"&access_token={TOKEN}", json={"id": "1", "user_id": USER})
    store = MemoryTokenStore(young)
    make_client(deps(store)).me()
    assert store.saved == []


def test_refresh_once_old_enough_and_persisted_before_use(httpx_mock):
    store = MemoryTokenStore(tokens(issued=timedelta(days=11), left=timedelta(days=49)))
    httpx_mock.add_response(method="GET", url=f"https://graph.instagram.com/refresh_access_token?"
                                              f"grant_type=ig_refresh_token&access_token={TOKEN}",
                            json={"access_token": LONG, "token_type": "bearer", "expires_in": 5184000})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}?fields=id&access_token={LONG}", json={"id": USER})
    make_client(deps(store)).media(USER, fields="id")
    assert [t.access_token for t in store.saved] == [LONG]
    assert store.saved[0].extra["issued_at"] == NOW.isoformat()
    assert store.saved[0].extra["user_id"] == USER
    assert store.saved[0].expires_at == NOW + timedelta(days=60)


def test_fresh_long_token_with_plenty_left_is_not_refreshed(httpx_mock):
    store = MemoryTokenStore(tokens(issued=timedelta(days=3), left=timedelta(days=57)))
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/1?fields=id&access_token={TOKEN}", json={"id": "1"})
    make_client(deps(store)).media("1", fields="id")
    assert store.saved == []


def test_expired_token_is_refused_before_any_call():
    store = MemoryTokenStore(tokens(issued=timedelta(days=61), left=-timedelta(days=1)))
    with pytest.raises(NotAuthorised) as err:
        make_client(deps(store)).media("1")
    assert "expired" in err.value.message and "psn setup instagram" in err.value.hint


def test_facebook_token_on_instagram_host_is_caught_before_sending():
    store = MemoryTokenStore(tokens(token="EAAGfacebooktoken123", login="facebook"))
    with pytest.raises(NotAuthorised) as err:
        make_client(deps(store)).me()
    assert "EAA" in err.value.message and "graph.instagram.com" in err.value.message
    assert "instagram.login facebook" in err.value.hint


def test_instagram_token_on_facebook_host_is_caught_before_sending():
    store = MemoryTokenStore(tokens())
    with pytest.raises(NotAuthorised) as err:
        make_client(deps(store, settings={"login": "facebook"})).me()
    assert "IGAA" in err.value.message and "graph.facebook.com" in err.value.message


@pytest.mark.parametrize("status", [400, 401])
def test_cannot_parse_token_from_the_server_names_the_host_rule(httpx_mock, status):
    httpx_mock.add_response(status_code=status, json=graph_error(190, "Invalid OAuth access token - Cannot parse "
                                                                      "access token"))
    with pytest.raises(AuthExpired) as err:
        make_client(deps()).media("1", fields="id")
    assert err.value.exit_code == 3
    assert "IGAA" in err.value.hint and "graph.facebook.com" in err.value.hint


def test_facebook_login_path(httpx_mock):
    settings = {"login": "facebook"}
    connector = InstagramConnector(deps(settings=settings))
    request = connector.authorize(REDIRECT)
    url = urlsplit(request.url)
    assert f"{url.netloc}{url.path}" == "www.facebook.com/v26.0/dialog/oauth"
    assert "pages_show_list" in parse_qs(url.query)["scope"][0]
    secret = APP["client_secret"]
    httpx_mock.add_response(method="GET", url=f"https://graph.facebook.com/v26.0/oauth/access_token?client_id="
                                              f"{APP['client_id']}&client_secret={secret}&redirect_uri={REDIRECT}&code=AQ1",
                            json={"access_token": "EAAshort000000", "token_type": "bearer", "expires_in": 3600})
    httpx_mock.add_response(method="GET", url=f"https://graph.facebook.com/v26.0/oauth/access_token?grant_type="
                                              f"fb_exchange_token&client_id={APP['client_id']}&client_secret={secret}"
                                              f"&fb_exchange_token=EAAshort000000",
                            json={"access_token": "EAAlong0000000", "token_type": "bearer", "expires_in": 5184000})
    httpx_mock.add_response(method="GET", url="https://graph.facebook.com/v26.0/me/accounts?fields=id,name,"
                                              "instagram_business_account&access_token=EAAlong0000000",
                            json={"data": [{"id": "111", "name": "No IG"},
                                           {"id": "222", "name": "Shop", "instagram_business_account": {"id": USER}}]})
    result = connector.exchange(request, "AQ1")
    assert result.access_token == "EAAlong0000000"
    assert result.extra["login"] == "facebook" and result.extra["user_id"] == USER and result.extra["page_id"] == "222"


def test_facebook_path_without_a_linked_account_is_explained(httpx_mock):
    httpx_mock.add_response(json={"access_token": "EAAshort000000", "expires_in": 3600})
    httpx_mock.add_response(json={"access_token": "EAAlong0000000", "expires_in": 5184000})
    httpx_mock.add_response(json={"data": [{"id": "111", "name": "No IG"}]})
    with pytest.raises(NotAuthorised) as err:
        InstagramConnector(deps(settings={"login": "facebook"})).exchange(AuthorizationRequest("u", "s", REDIRECT),
                                                                          "AQ1")
    assert "linked" in err.value.message


def test_revoke(httpx_mock):
    InstagramConnector(deps()).revoke(tokens())  # Instagram Login has no revoke endpoint: nothing is sent
    assert httpx_mock.get_requests() == []
    httpx_mock.add_response(method="DELETE", url="https://graph.facebook.com/v26.0/me/permissions?"
                                                 "access_token=EAAlong0000000", json={"success": True})
    InstagramConnector(deps(settings={"login": "facebook"})).revoke(tokens("EAAlong0000000", login="facebook"))


def test_account_uses_user_id_not_the_app_scoped_id(httpx_mock):
    httpx_mock.add_response(json={"id": "37342907808657598", "user_id": 17841441696714445, "username": "acme_studio",
                                  "name": "Acme", "account_type": "MEDIA_CREATOR", "followers_count": 1532})
    adapter = make_adapter(deps())
    info = adapter.account()
    assert info.platform_user_id == USER
    assert info.extra["app_scoped_id"] == "37342907808657598"
    assert info.extra["account_type"] == "MEDIA_CREATOR" and "Business" in info.extra["note"]
    assert query(httpx_mock.get_request())["access_token"] == TOKEN


@pytest.mark.parametrize(("status", "body", "error"), [
    (400, {"error_type": "OAuthException", "code": 4, "error_message": "Application request limit reached"},
     RateLimitedError),
    (503, {"error_type": "OAuthException", "code": 2, "error_message": "Service temporarily unavailable"},
     Unavailable),
])
def test_a_throttled_or_failing_code_exchange_is_not_a_refusal(httpx_mock, status, body, error):
    """Fault storm finding: a throttle on the code exchange was reported as "Instagram refused the
    authorization code" (exit 3), which tells the user the code is bad rather than to wait."""
    httpx_mock.add_response(method="POST", url="https://api.instagram.com/oauth/access_token", status_code=status,
                            json=body)
    with pytest.raises(error) as err:
        InstagramConnector(deps()).exchange(AuthorizationRequest("u", "s", REDIRECT), "AQBx")
    assert not isinstance(err.value, NotAuthorised) and "refused" not in err.value.message

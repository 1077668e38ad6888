"""Connecting against the emulator: code rules, both answer shapes, token lifetimes and hosts."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psn.core.errors import NotAuthorised
from psn.platforms.errors import AuthExpired, RateLimitedError, Rejected
from psn.platforms.instagram import oauth
from psn.platforms.instagram.errors import classify
from psn.platforms.instagram.spec import InstagramConnector, make_adapter
from psn.platforms.oauth import MemoryTokenStore, code_from_redirect
from psn.platforms.registry import build_http

from .conftest import REDIRECT
from .helpers import FakeLedger


def authorize(sandbox, settings=None, redirect=REDIRECT):
    connector = InstagramConnector(sandbox.deps(settings=settings))
    request = connector.authorize(redirect)
    location = httpx.Client(transport=sandbox.transport).get(request.url).headers["location"]
    return connector, request, location


def test_the_emulator_redirects_with_code_state_and_the_trailing_fragment(sandbox):
    _, request, location = authorize(sandbox)
    assert location.startswith(REDIRECT + "?code=") and location.endswith("#_")
    assert code_from_redirect(location, request.state)


def test_connect_stores_the_professional_id_and_a_60_day_token(sandbox):
    tokens = sandbox.connect()
    assert tokens.access_token.startswith("IGAA") and tokens.extra["user_id"] == "17841400000000001"
    assert tokens.expires_at - sandbox.clock.now() == timedelta(seconds=5184000)
    adapter = make_adapter(sandbox.deps(MemoryTokenStore(tokens)))
    info = adapter.account()
    assert info.platform_user_id == "17841400000000001" and info.extra["app_scoped_id"] == "27342907808657598"
    assert info.handle == "sandbox_studio" and info.extra["account_type"] == "BUSINESS"


def test_the_documented_data_shape_works_too(sandbox):
    sandbox.emulator.configure(code_response_shape="data")
    assert sandbox.connect().extra["user_id"] == "17841400000000001"


def test_codes_are_single_use_and_bound_to_the_redirect(sandbox):
    connector, request, location = authorize(sandbox)
    code = code_from_redirect(location, request.state)
    connector.exchange(request, code)
    with pytest.raises(NotAuthorised) as reused:
        connector.exchange(request, code)
    assert "already used" in reused.value.message
    connector, request, location = authorize(sandbox)
    request.redirect_uri = "http://127.0.0.1:9999/other"
    with pytest.raises(NotAuthorised) as mismatch:
        connector.exchange(request, code_from_redirect(location, request.state))
    assert "redirect_uri" in mismatch.value.message


def test_codes_expire_after_an_hour(sandbox):
    connector, request, location = authorize(sandbox)
    sandbox.clock.advance(minutes=61)
    with pytest.raises(NotAuthorised) as err:
        connector.exchange(request, code_from_redirect(location, request.state))
    assert "expired" in err.value.message


def test_a_denied_authorization_is_reported(sandbox):
    sandbox.emulator.configure(deny_authorization=True)
    _, request, location = authorize(sandbox)
    with pytest.raises(NotAuthorised) as err:
        code_from_redirect(location, request.state)
    assert "denied" in err.value.message


def test_refresh_rules_on_the_emulator(sandbox):
    tokens = sandbox.connect()
    graph = build_http(sandbox.deps(), "instagram", "https://graph.instagram.com", classify)
    with pytest.raises(Rejected) as young:
        oauth.refresh(graph, sandbox.clock, tokens)
    assert "24 hours" in young.value.message
    sandbox.clock.advance(hours=25)
    fresh = oauth.refresh(graph, sandbox.clock, tokens)
    assert fresh.access_token != tokens.access_token and fresh.extra["issued_at"] == sandbox.clock.now().isoformat()


def test_the_adapter_refreshes_on_its_own_once_due(sandbox):
    store = MemoryTokenStore(sandbox.connect())
    adapter = make_adapter(sandbox.deps(store, settings={"refresh_days_left": 55}))
    adapter.account()
    assert store.saved == []  # younger than 24 h: never refreshed
    sandbox.clock.advance(days=6)
    adapter = make_adapter(sandbox.deps(store, settings={"refresh_days_left": 55}))
    adapter.account()
    assert len(store.saved) == 1 and store.tokens.expires_at == sandbox.clock.now() + timedelta(seconds=5184000)


def test_an_expired_token_needs_a_new_connection(sandbox):
    store = MemoryTokenStore(sandbox.connect())
    sandbox.clock.advance(days=61)
    with pytest.raises(NotAuthorised) as err:
        make_adapter(sandbox.deps(store)).account()
    assert "expired" in err.value.message


def test_the_emulator_refuses_tokens_of_the_other_host(sandbox):
    tokens = sandbox.connect()
    fb_tokens = sandbox.connect(settings={"login": "facebook"})
    client = httpx.Client(transport=sandbox.transport)
    wrong = client.get("https://graph.instagram.com/v26.0/me", params={"access_token": fb_tokens.access_token})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == 190
    assert "Cannot parse access token" in wrong.json()["error"]["message"]
    right = client.get("https://graph.instagram.com/v26.0/me", params={"fields": "id", "access_token":
                                                                         tokens.access_token})
    assert right.status_code == 200
    sandbox.emulator.configure(status_for_190=401)
    assert client.get("https://graph.instagram.com/v26.0/me", params={"access_token": "IGAAnope"}).status_code == 401


def test_a_revoked_or_unknown_token_is_auth_expired(sandbox):
    adapter = make_adapter(sandbox.deps(MemoryTokenStore(sandbox.connect().model_copy(
        update={"access_token": "IGAALforgedtoken000"}))))
    with pytest.raises(AuthExpired) as err:
        adapter.account()
    assert "IGAA" in err.value.hint


def test_facebook_login_path_connects_through_the_linked_page(sandbox):
    tokens = sandbox.connect(settings={"login": "facebook"})
    assert tokens.access_token.startswith("EAA") and tokens.extra["user_id"] == "17841400000000001"
    adapter = make_adapter(sandbox.deps(MemoryTokenStore(tokens), settings={"login": "facebook"}))
    info = adapter.account()
    assert info.platform_user_id == "17841400000000001" and info.extra["login"] == "facebook"


def test_usage_headers_and_throttling_from_the_emulator(sandbox):
    store = MemoryTokenStore(sandbox.connect())
    ledger = FakeLedger()
    deps = sandbox.deps(store)
    deps.ledger = ledger
    adapter = make_adapter(deps)
    sandbox.emulator.configure(buc_usage_percent=96)
    adapter.account()
    assert ledger.records[-1]["remaining"] == 4
    sandbox.emulator.configure(throttled_minutes=12)
    with pytest.raises(RateLimitedError) as err:
        adapter.account()
    assert err.value.retry_at == sandbox.clock.now() + timedelta(minutes=12)
    assert ledger.records[-1]["blocked_until"] == err.value.retry_at

"""Connecting through the emulator's OAuth, the 60-day cliff, partner refresh, comments and analytics."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import PublishRequest
from psn.platforms.errors import AuthExpired, PermissionDenied, Rejected
from psn.platforms.linkedin.spec import LinkedInConnector, make_adapter
from psn.platforms.oauth import code_from_redirect

REDIRECT = "http://127.0.0.1:8766/callback"


@pytest.fixture
def connect(make_deps, transport):
    """Run the whole OAuth flow against the emulator, the way `psn setup linkedin --sandbox` does."""

    def run(**settings):
        connector = LinkedInConnector(make_deps(transport=transport, **settings))
        request = connector.authorize(REDIRECT)
        with httpx.Client(transport=transport) as browser:
            answer = browser.get(request.url)
        assert answer.status_code == 302
        return connector.exchange(request, code_from_redirect(answer.headers["location"], request.state))

    return run


@pytest.fixture
def connected(make_deps, transport, connect):
    def build(**settings):
        tokens = connect(**settings)
        return make_adapter(make_deps(tokens, transport=transport, **settings)), tokens

    return build


def test_connect_then_identify_the_member(connected, clock):
    adapter, tokens = connected()
    assert tokens.expires_at == clock.now() + timedelta(days=60) and tokens.refresh_token is None
    assert set(tokens.scopes) == {"openid", "profile", "email", "w_member_social"}
    account = adapter.account()
    assert (account.platform_user_id, account.handle) == ("Sbx0Creator", "Sandbox Creator")
    assert account.extra["author_urn"] == "urn:li:person:Sbx0Creator"


def test_after_60_days_psn_says_reconnect_before_sending(connected, clock, checkpoint, world):
    adapter, _ = connected()
    clock.advance(days=61)
    with pytest.raises(AuthExpired) as err:
        adapter.publish(PublishRequest(platform="linkedin", text="late"), checkpoint)
    assert "psn setup linkedin" in err.value.hint
    assert "POST /rest/posts" not in (world.root / "requests.log").read_text()


def test_an_expired_token_the_store_did_not_date_is_caught_by_linkedin(make_deps, transport, connect, clock):
    tokens = connect().model_copy(update={"expires_at": None})
    clock.advance(days=61)
    with pytest.raises(AuthExpired):
        make_adapter(make_deps(tokens, transport=transport)).account()


def test_partner_apps_renew_the_token_themselves(make_deps, transport, connect, emulator, clock, checkpoint):
    emulator.make_partner("li-client")
    tokens = connect()
    assert tokens.refresh_token and tokens.refresh_expires_at == clock.now() + timedelta(days=365)
    deps = make_deps(tokens, transport=transport)
    adapter = make_adapter(deps)
    clock.advance(days=61)
    adapter.publish(PublishRequest(platform="linkedin", text="still here"), checkpoint)
    renewed = deps.tokens.saved[-1]
    assert renewed.access_token != tokens.access_token and renewed.refresh_token == tokens.refresh_token
    assert renewed.refresh_expires_at == tokens.refresh_expires_at  # 365 days from the first consent, never more
    assert len(emulator.posts()) == 1


def test_disconnect_revokes_the_token(make_deps, transport, connect):
    tokens = connect()
    LinkedInConnector(make_deps(transport=transport)).revoke(tokens)
    with pytest.raises(AuthExpired):
        make_adapter(make_deps(tokens, transport=transport)).account()


def test_a_wrong_client_secret_is_refused(make_deps, transport, connect):
    connect()  # the sandbox remembers the app's secret on first use
    deps = make_deps(transport=transport)
    deps.app = {"client_id": "li-client", "client_secret": "not-the-secret"}
    connector = LinkedInConnector(deps)
    request = connector.authorize(REDIRECT)
    with httpx.Client(transport=transport) as browser:
        location = browser.get(request.url).headers["location"]
    with pytest.raises(AuthExpired) as err:
        connector.exchange(request, code_from_redirect(location, request.state))
    assert "Client Secret" in err.value.hint


def test_comment_on_a_pasted_post_then_reply_under_the_comment(connected, emulator):
    adapter, _ = connected()
    seeded = emulator.seed_post("What is your favourite engine?", author_name="Charles Babbage")
    candidate = pasted(f"https://www.linkedin.com/feed/update/{seeded['activity']}/")
    assert adapter.capabilities.reply == "any"
    first = adapter.reply(candidate, "The analytical one, obviously (sorry #difference)")
    assert "?commentUrn=urn%3Ali%3Acomment%3A%28" in first.url
    nested = adapter.reply(pasted(first.url), "Replying to myself")
    comments = emulator.comments()
    assert [c["message"]["text"] for c in comments] == ["The analytical one, obviously (sorry #difference)",
                                                        "Replying to myself"]
    assert comments[1]["parentComment"] == first.platform_reply_id
    assert nested.platform_reply_id.startswith(f"urn:li:comment:({seeded['activity']},")


def test_commenting_on_a_missing_post_is_rejected(connected):
    adapter, _ = connected()
    with pytest.raises(Rejected) as err:
        adapter.reply(pasted("urn:li:activity:1"), "Hello?")
    assert err.value.status == 404


def test_no_search_and_no_metrics_without_approval(connected, checkpoint):
    adapter, _ = connected()
    with pytest.raises(BadInput) as err:
        adapter.discover(["python"])
    assert "Paste the links" in err.value.hint
    result = adapter.publish(PublishRequest(platform="linkedin", text="metrics?"), checkpoint)
    assert adapter.fetch_metrics([result.platform_post_id]) == {}
    assert adapter.capabilities.metrics is False


def test_analytics_need_the_restricted_scope(connect):
    with pytest.raises(NotAuthorised) as err:
        connect(analytics_enabled=True)
    assert "r_member_postAnalytics" in err.value.message


def test_analytics_for_approved_apps(connected, emulator, checkpoint):
    emulator.approve_scope("li-client", "r_member_postAnalytics")
    adapter, tokens = connected(analytics_enabled=True)
    assert "r_member_postAnalytics" in tokens.scopes and adapter.capabilities.metrics
    urn = adapter.publish(PublishRequest(platform="linkedin", text="Measured"), checkpoint).platform_post_id
    emulator.seed_metrics(urn, IMPRESSION=1200, REACTION=30, RESHARE=4, MEMBERS_REACHED=900)
    adapter.reply(pasted(urn), "First!")
    metrics = adapter.fetch_metrics([urn])[urn]
    assert (metrics.views, metrics.likes, metrics.shares, metrics.comments) == (1200, 30, 4, 1)
    assert metrics.raw["members_reached"] == 900


def test_analytics_enabled_after_connecting_says_what_to_do(make_deps, transport, connect, checkpoint):
    tokens = connect()
    adapter = make_adapter(make_deps(tokens, transport=transport, analytics_enabled=True))
    urn = adapter.publish(PublishRequest(platform="linkedin", text="hi"), checkpoint).platform_post_id
    with pytest.raises(PermissionDenied) as err:
        adapter.fetch_metrics([urn])
    assert "r_member_postAnalytics" in err.value.hint


def pasted(link: str):
    """What `psn engage add LINK` stores for a LinkedIn post: the link itself (reply reads the URN from it)."""
    from psn.platforms.base import Candidate
    from psn.platforms.linkedin import urns

    url = link if link.startswith("http") else urns.post_url(link)
    return Candidate(platform="linkedin", post_id=link, url=url, text="")

"""Discovery on TikTok: best-effort sources that end in a clear state, never in an exception."""

import pytest
from tiktok_support import APP

from psn.platforms.tiktok.spec import make_adapter
from psn.sandbox.tiktok import TikTokEmulator
from psn.sandbox.tiktok.common import PROVIDER_HOST, SANDBOX_PROVIDER_KEY

PROVIDER_URL = f"https://{PROVIDER_HOST}"


@pytest.fixture
def discovering(make_deps, store):
    def build(key=SANDBOX_PROVIDER_KEY, **section):
        app = {**APP, "discovery_api_key": key} if key else dict(APP)
        return make_adapter(make_deps(tokens=store, app=app, **section))

    return build


def states(adapter):
    return {s.name: s for s in adapter.discovery.states}


def test_nothing_configured_is_a_clear_state(adapter):
    assert adapter.discover(["baking"]) == []
    (state,) = adapter.discovery.states
    assert not state.available and "creative_center_enabled" in state.reason and "discovery_url" in state.reason


def test_creative_center_trends_matching_the_keywords(discovering):
    adapter = discovering(key="", creative_center_enabled=True)
    found = adapter.discover(["home baking", "#booktok"])
    assert [c.post_id for c in found] == ["hashtag:homebaking", "hashtag:booktok"]
    assert found[0].url == "https://www.tiktok.com/tag/homebaking" and found[0].metrics.views == 91_400_000
    assert found[0].raw["kind"] == "hashtag" and states(adapter)["creative_center"].available


@pytest.mark.parametrize("mode", ["blocked", "broken"])
def test_creative_center_failing_degrades_gracefully(discovering, world, mode):
    TikTokEmulator.configure(world, creative_center=mode)
    adapter = discovering(key="", creative_center_enabled=True)
    assert adapter.discover(["baking"]) == []
    state = states(adapter)["creative_center"]
    assert not state.available and state.reason.startswith("unavailable:")


def test_creative_center_unreachable_degrades_gracefully(discovering, world):
    world.inject("tiktok", path="/creative_radar_api", kind="connect", times=5)
    adapter = discovering(key="", creative_center_enabled=True)
    assert adapter.discover(["baking"]) == []
    assert "not reachable" in states(adapter)["creative_center"].reason


def test_premium_provider_returns_videos(discovering):
    adapter = discovering(discovery_url=PROVIDER_URL)
    found = adapter.discover(["mealprep"], limit=5)
    assert [c.post_id for c in found] == ["7600000000000000102"]
    assert found[0].author_handle == "prepwithpia" and found[0].author_followers == 52_000
    assert found[0].metrics.views == 156_000 and states(adapter)["provider"].found == 1


def test_a_wrong_provider_key_is_a_state_and_never_leaks(discovering):
    adapter = discovering(key="wrong-provider-key-123", discovery_url=PROVIDER_URL)
    assert adapter.discover(["mealprep"]) == []
    state = states(adapter)["provider"]
    assert not state.available and "401" in state.reason and "wrong-provider-key-123" not in state.reason


def test_a_provider_url_without_a_key_says_what_is_missing(discovering):
    adapter = discovering(key="", discovery_url=PROVIDER_URL)
    adapter.discover(["x"])
    assert "discovery_api_key" in adapter.discovery.states[0].reason


def test_both_sources_together(discovering):
    adapter = discovering(creative_center_enabled=True, discovery_url=PROVIDER_URL)
    found = adapter.discover(["booktok"])
    assert {c.raw["source"] for c in found} == {"creative_center", "provider"}
    assert all(s.available for s in adapter.discovery.states)


def test_replies_are_handed_to_the_app(adapter):
    from psn.platforms.base import Candidate
    from psn.platforms.errors import NotAllowedViaApi

    target = Candidate(platform="tiktok", post_id="1", url="https://www.tiktok.com/@a/video/1", text="hi")
    with pytest.raises(NotAllowedViaApi) as caught:
        adapter.reply(target, "nice!")
    assert target.url in caught.value.hint

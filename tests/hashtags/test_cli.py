"""`psn hashtags …` end to end against the Instagram emulator: Instagram Login (pool from your own
measured posts, manual additions) and the Facebook-Login path (budgeted hashtag search)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psn.platforms.instagram.probe import make_jpeg

HOST_COMMAND = "echo https://cdn.example.com/{hash}{ext}"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
IG_USER = "17841400000000001"  # the emulator's professional account


def sandbox_app():
    from psn.cli.state import ctx, current

    current().sandbox = True
    return ctx()


def world():
    from psn.accounts.wiring import sandbox_world

    return sandbox_world(sandbox_app())


def requests_sent() -> list[str]:
    log = world().root / "requests.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def instagram(cli):
    assert cli("--sandbox", "setup", "instagram").exit_code == 0
    assert cli("--sandbox", "config", "set", "instagram.media_host_command", HOST_COMMAND).exit_code == 0
    return cli


@pytest.fixture
def facebook_path(cli, monkeypatch):
    """graph.facebook.com belongs to the Facebook Pages emulator in `--sandbox`; mount the Instagram
    Facebook-Login emulator there instead, as the Instagram tests do."""
    from psn.accounts import connect, wiring
    from psn.sandbox.instagram import InstagramFacebookEmulator
    from psn.sandbox.transport import SandboxTransport, load_emulators

    def transport(ctx):
        if not ctx.sandbox:
            return None
        if "sandbox_transport" not in ctx.extras:
            sandbox = wiring.sandbox_world(ctx)
            emulators = load_emulators(sandbox)
            facebook = InstagramFacebookEmulator(sandbox)
            emulators.update({host: facebook for host in facebook.hosts})
            ctx.extras["sandbox_transport"] = SandboxTransport(sandbox, emulators)
        return ctx.extras["sandbox_transport"]

    monkeypatch.setattr(wiring, "sandbox_transport", transport)
    monkeypatch.setattr(connect, "sandbox_transport", transport)
    monkeypatch.setenv("PSN_NOW", NOW.isoformat())
    assert cli("--sandbox", "config", "set", "instagram.login", "facebook").exit_code == 0
    result = cli("--sandbox", "--json", "setup", "instagram")
    assert result.exit_code == 0, result.stderr
    return cli


def post_and_seed(cli, tmp_path, caption: str, **metrics: int) -> None:
    from psn.sandbox.instagram import InstagramEmulator

    photo = tmp_path / f"{abs(hash(caption))}.jpg"
    photo.write_bytes(make_jpeg(1080, 1350))
    result = cli("--sandbox", "--json", "post", "-p", "instagram", "-t", caption, "--media", str(photo), "--yes")
    assert result.exit_code == 0, result.stderr
    emulator = InstagramEmulator(world())
    media_id = emulator.published()[-1]["id"]
    emulator.seed_metrics(media_id, **{"views": 0, "likes": 0, "comments": 0, "saved": 0, "shares": 0, **metrics})


def test_refresh_ranks_your_measured_posts_and_list_shows_the_pool(instagram, tmp_path):
    cli = instagram
    post_and_seed(cli, tmp_path, "Morning #coffee #latte", likes=100)  # like weight 2 → 200
    post_and_seed(cli, tmp_path, "Evening #coffee", likes=50)  # 100
    post_and_seed(cli, tmp_path, "Calm #tea", likes=400)  # 800
    assert cli("--sandbox", "--json", "analytics", "pull").exit_code == 0
    post_and_seed(cli, tmp_path, "Not measured yet #matcha", likes=9999)

    refreshed = cli("--sandbox", "--json", "hashtags", "refresh")
    assert refreshed.exit_code == 0, refreshed.stderr
    assert refreshed.json()["data"] | {"refreshed_at": None} == {
        "refreshed_at": None, "posts": 3, "own_posts": 3, "dropped": 0, "searched": 0, "search_error": None}
    listed = cli("--sandbox", "hashtags", "list", "--json")
    data = listed.json()["data"]
    assert [(e["hashtag"], e["source"], e["score_bp"]) for e in data["entries"]] == [
        ("tea", "own_posts", 10000), ("coffee", "own_posts", 3750), ("latte", "own_posts", 2500)]
    assert data["login"] == "instagram" and data["budget"] is None  # Instagram Login cannot search
    human = cli("--sandbox", "hashtags", "list")
    assert human.exit_code == 0 and "#tea" in human.stdout and "Hashtag searches" not in human.stdout
    assert cli("--sandbox", "hashtags", "refresh").exit_code == 0


def test_add_and_remove_by_hand(instagram):
    cli = instagram
    added = cli("--sandbox", "--json", "hashtags", "add", "#SlowLiving", "coffee", "coffee")
    assert added.exit_code == 0, added.stderr
    assert added.json()["data"]["added"] == ["slowliving", "coffee"]
    assert {(e["hashtag"], e["source"], e["score_bp"]) for e in added.json()["data"]["entries"]} == {
        ("slowliving", "manual", 5000), ("coffee", "manual", 5000)}
    removed = cli("--sandbox", "--json", "hashtags", "remove", "#coffee")
    assert removed.exit_code == 0 and removed.json()["data"] == {"removed": "coffee"}
    assert [e["hashtag"] for e in cli("--sandbox", "--json", "hashtags", "list").json()["data"]["entries"]] == [
        "slowliving"]
    again = cli("--sandbox", "--json", "hashtags", "remove", "coffee")
    assert again.exit_code == 2 and "not in your Instagram hashtag pool" in again.json()["error"]["message"]
    assert cli("--sandbox", "hashtags", "add", "coffee").exit_code == 0  # adding brings it back
    assert "coffee" in cli("--sandbox", "hashtags", "list").stdout


@pytest.mark.parametrize("bad", ["two words", "café☕", "#", "a" * 101, "semi;colon"])
def test_a_bad_tag_is_refused_and_nothing_is_stored(instagram, bad):
    cli = instagram
    result = cli("--sandbox", "--json", "hashtags", "add", "fine", bad)
    assert result.exit_code == 2
    assert "letters, digits and _" in result.json()["error"]["message"]
    assert cli("--sandbox", "--json", "hashtags", "list").json()["data"]["entries"] == []
    assert cli("--sandbox", "--json", "hashtags", "remove", bad).exit_code == 2
    assert cli("--sandbox", "--json", "hashtags", "search", bad).exit_code == 2


def test_not_connected_says_how_to_connect(cli):
    for args in (["list"], ["add", "coffee"], ["remove", "coffee"], ["refresh"], ["search", "coffee"]):
        result = cli("--sandbox", "--json", "hashtags", *args)
        assert result.exit_code == 3, args
        assert "psn setup instagram" in result.json()["error"]["hint"]


def test_search_needs_the_facebook_login_path(instagram):
    before = len(requests_sent())
    result = instagram("--sandbox", "--json", "hashtags", "search", "coffee")
    assert result.exit_code == 3
    error = result.json()["error"]
    assert "Facebook-Login" in error["message"] and "instagram.login facebook" in error["hint"]
    assert len(requests_sent()) == before


def test_search_spends_a_slot_only_for_a_new_tag_and_adds_it_to_the_pool(facebook_path):
    cli = facebook_path
    first = cli("--sandbox", "--json", "hashtags", "search", "#Coffee")
    assert first.exit_code == 0, first.stdout
    data = first.json()["data"]
    assert data["hashtag"] == "coffee" and data["spent_slot"] and data["media"] == 5
    assert data["likes"] + data["comments"] == round(data["average_interactions"] * 5)
    assert len(data["top"]) == 5 and data["top"][0]["url"].startswith("https://www.instagram.com/p/")
    assert data["pool"]["source"] == "search" and 0 < data["pool"]["score_bp"] <= 5000
    assert (data["budget"]["used"], data["budget"]["remaining"]) == (1, 29)

    before = [line for line in requests_sent() if "ig_hashtag_search" in line]
    again = cli("--sandbox", "--json", "hashtags", "search", "coffee").json()["data"]
    assert not again["spent_slot"] and again["budget"]["used"] == 1
    assert [line for line in requests_sent() if "ig_hashtag_search" in line] == before  # the id is known

    listed = cli("--sandbox", "--json", "hashtags", "list").json()["data"]
    assert listed["login"] == "facebook" and [e["hashtag"] for e in listed["entries"]] == ["coffee"]
    budget = listed["budget"]
    assert budget["used"] == 1 and budget["limit"] == 30
    assert datetime.fromisoformat(budget["next_slot_at"]) == NOW + timedelta(days=7)
    human = cli("--sandbox", "hashtags", "list")
    assert "Hashtag searches this week: 1 / 30; next slot frees at" in human.stdout
    assert "used 1 search slot" in cli("--sandbox", "hashtags", "search", "latte").stdout


def test_search_does_not_replace_a_tag_from_your_own_posts_or_your_picks(facebook_path):
    cli = facebook_path
    cli("--sandbox", "hashtags", "add", "coffee")
    data = cli("--sandbox", "--json", "hashtags", "search", "coffee").json()["data"]
    assert data["spent_slot"] and (data["pool"]["source"], data["pool"]["score_bp"]) == ("manual", 5000)


def test_the_31st_hashtag_is_refused_before_calling_instagram(facebook_path):
    from psn.store.instagram_tables import SqliteHashtagBudget

    cli = facebook_path
    app = sandbox_app()
    now = app.clock.now()
    budget = SqliteHashtagBudget(app.db.engine)
    for n in range(30):
        budget.record(IG_USER, f"tag{n}", f"1784{n:013d}", now - timedelta(days=6, minutes=n))
    before = len(requests_sent())
    result = cli("--sandbox", "--json", "hashtags", "search", "one_more")
    assert result.exit_code == 5, result.stdout
    error = result.json()["error"]
    assert "30" in error["message"] and "wait until" in error["hint"]
    assert datetime.fromisoformat(error["details"]["retry_at"]) == now + timedelta(days=1, minutes=-29)
    assert len(requests_sent()) == before
    assert cli("--sandbox", "--json", "hashtags", "list").json()["data"]["entries"] == []
    assert cli("--sandbox", "--json", "hashtags", "search", "tag3").exit_code == 0  # already searched: free


def test_refresh_rescores_this_weeks_searches_for_free(facebook_path):
    from psn.store.instagram_tables import SqliteHashtagBudget

    cli = facebook_path
    assert cli("--sandbox", "hashtags", "search", "coffee").exit_code == 0
    assert cli("--sandbox", "hashtags", "add", "latte").exit_code == 0
    assert cli("--sandbox", "hashtags", "search", "latte").exit_code == 0  # searched, but your pick
    app = sandbox_app()
    # A tag searched 8 days ago is out of the window: re-reading it would spend a slot.
    SqliteHashtagBudget(app.db.engine).record(IG_USER, "stale", "17843", app.clock.now() - timedelta(days=8))
    before = requests_sent()
    result = cli("--sandbox", "--json", "hashtags", "refresh")
    assert result.exit_code == 0, result.stdout
    assert result.json()["data"]["searched"] == 1
    sent = requests_sent()[len(before):]
    assert len(sent) == 1 and "/top_media" in sent[0]  # one free read (coffee), no new search
    listed = cli("--sandbox", "--json", "hashtags", "list").json()["data"]
    assert listed["budget"]["used"] == 2
    assert {(e["hashtag"], e["source"]) for e in listed["entries"]} == {("coffee", "search"), ("latte", "manual")}
    assert [e["score_bp"] for e in listed["entries"] if e["hashtag"] == "latte"] == [5000]


def test_a_hashtag_instagram_does_not_know_leaves_pool_and_budget_alone(facebook_path, monkeypatch):
    from psn.platforms.instagram.client import InstagramClient

    monkeypatch.setattr(InstagramClient, "hashtag_id", lambda self, user_id, name: None)
    result = facebook_path("--sandbox", "--json", "hashtags", "search", "qwxzzyv")
    assert result.exit_code == 0, result.stdout
    data = result.json()["data"]
    assert (data["media"], data["pool"], data["spent_slot"], data["budget"]["used"]) == (0, None, False, 0)
    assert "no posts for it" in facebook_path("--sandbox", "hashtags", "search", "qwxzzyv").stdout

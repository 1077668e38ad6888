"""Running the very same `psn post` / `psn article` again after a publish was cut short resumes
that publish instead of starting a second one (which posted twice: the crash matrix found it on
Instagram, TikTok and WordPress). A finished post, or different words, are a new publish."""

from __future__ import annotations

import pytest

from tests.crashkit import WP_FIELDS, WP_SITE


@pytest.fixture
def wordpress(cli):
    assert cli("--sandbox", "setup", "wordpress", *WP_FIELDS).exit_code == 0
    return cli


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def wp_titles() -> list[str]:
    return sorted(p["title"] for p in world().read(WP_SITE).get("posts", {}).values())


def article(cli, title: str = "Crash notes", text: str = "Body"):  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "article", "-p", "wordpress", "--title", title, "-t", text, "--yes")


def test_the_same_command_after_a_lost_answer_resumes_the_first_publish(wordpress):
    world().inject("wordpress", method="POST", path="/wp/v2/posts", kind="drop", after=True)
    lost = article(wordpress)
    assert lost.exit_code == 4 and lost.json()["error"]["kind"] == "uncertain_outcome"
    again = article(wordpress)
    assert again.exit_code == 0, again.stdout
    [row] = wordpress("--sandbox", "--json", "post", "list").json()["data"]
    assert row["status"] == "published" and again.json()["data"]["published"][0]["id"] == row["id"]
    assert wp_titles() == ["Crash notes"]


def test_a_finished_post_or_other_words_are_a_new_publish(wordpress):
    assert article(wordpress).exit_code == 0
    assert article(wordpress).exit_code == 0  # posting the same article again on purpose
    assert article(wordpress, text="Other body").exit_code == 0
    rows = wordpress("--sandbox", "--json", "post", "list").json()["data"]
    assert [r["status"] for r in rows] == ["published"] * 3
    assert wp_titles() == ["Crash notes"] * 3


def test_a_thread_cut_short_on_x_is_finished_by_the_same_command(cli):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    world().inject("x", method="POST", path="/2/tweets", kind="timeout", after=True, skip=1)
    args = ("--sandbox", "--json", "post", "-p", "x", "-t", "One\n\nTwo\n\nThree", "--thread", "--yes")
    assert cli(*args).exit_code == 4
    again = cli(*args)
    assert again.exit_code == 0, again.stdout  # it used to start over and fail on X's duplicate-content rule
    from psn.sandbox.x import XEmulator

    assert sorted(t["text"] for t in XEmulator(world()).posts_by_creator()) == ["One", "Three", "Two"]
    assert len(cli("--sandbox", "--json", "post", "list").json()["data"]) == 1

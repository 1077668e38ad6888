"""`psn post delete ID` against the X emulator: a thread goes last part first, a refusal half-way
is a partial success (exit 6) that a second run finishes without asking about a deleted part
again, and the post is recorded as deleted. What cannot be deleted is refused before anything is
sent."""

from __future__ import annotations

S = "--sandbox"


def world():
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def creator_posts():
    from psn.sandbox.x import XEmulator

    return XEmulator(world()).posts_by_creator()


def test_a_thread_is_deleted_part_by_part_and_a_partial_failure_resumes(cli, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli(S, "setup", "x").exit_code == 0
    posted = cli(S, "--json", "post", "-p", "x", "-t", "One.\n\nTwo.\n\nThree.", "--thread", "--yes")
    assert posted.exit_code == 0, posted.stdout
    content_id = posted.json()["data"]["published"][0]["id"]
    assert len(creator_posts()) == 3

    world().inject("x", path="/2/tweets/", method="DELETE", status=403, skip=1)  # the second delete is refused
    partial = cli(S, "--json", "post", "delete", str(content_id), "--yes")
    assert partial.exit_code == 6, partial.stdout
    assert "Deleted 1 of 3 parts" in partial.json()["error"]["message"]
    assert [t["text"] for t in creator_posts()] == ["One.", "Two."]  # the thread still reads from its start
    assert cli(S, "--json", "post", "status", str(content_id)).json()["data"]["status"] == "published"

    done = cli(S, "--json", "post", "delete", str(content_id), "--yes")
    assert done.exit_code == 0, done.stdout
    assert done.json()["data"]["status"] == "deleted" and creator_posts() == []
    assert cli(S, "--json", "post", "list", "--status", "deleted").json()["data"][0]["id"] == content_id
    again = cli(S, "--json", "post", "delete", str(content_id), "--yes")
    assert again.exit_code == 2 and "already deleted" in again.json()["error"]["message"]
    events = cli(S, "--json", "events").json()["data"]
    assert any(e.get("kind") == "content.deleted" for e in (events if isinstance(events, list) else events["events"]))

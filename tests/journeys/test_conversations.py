"""Conversations on the creator's own Instagram and Facebook posts, as a person lives them.

One home is seeded through the CLI (connect Instagram and Facebook — which subscribes their webhooks —,
publish one post on each) and copied per test. Someone comments through `psn sandbox comment`; psn
finds it with `psn engage monitor` (or the daemon's job, or a webhook delivered to `psn webhooks
serve`), the person approves an exact reply in `psn engage` on a pseudo-terminal or with
`psn engage reply --approve`, and the emulator must receive exactly that text, at the reply endpoint
the platform documents.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.journeys.engage_steps import engage_keep_the_first_draft_and_send
from tests.journeys.terminal import journey_env, psn_executable

START = "2026-12-07T19:30:39Z"
VERIFY_TOKEN = "my-fb-verify-token"
WORLD = Path("data") / "sandbox-home" / "data" / "sandbox-world"


def _psn(home: Path, *args: str, now: str = START, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = journey_env(home, {"PSN_SANDBOX": "1", "PSN_NOW": now})
    return subprocess.run([psn_executable(), *args], env=env, capture_output=True, text=True, timeout=120,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)


def _json(home: Path, *args: str, now: str = START) -> dict:
    result = _psn(home, "--json", *args, now=now)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["data"]


def _world(home: Path, platform: str) -> dict:
    path = home / WORLD / f"{platform}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _requests(home: Path) -> list[str]:
    return (home / WORLD / "requests.log").read_text().splitlines()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("conversations-seed") / "psn-home"
    instagram = _psn(home, "setup", "instagram")
    assert instagram.returncode == 0 and "Webhooks subscribed: comments, mentions" in instagram.stdout
    facebook = _psn(home, "setup", "facebook", "-f", f"webhook_verify_token={VERIFY_TOKEN}")
    assert facebook.returncode == 0 and "Webhooks subscribed: feed" in facebook.stdout
    posts = {}
    for platform, extra in (("instagram", ["--media-url", "https://example.com/blue-mug.jpg"]), ("facebook", [])):
        made = _json(home, "post", "create", "--text", "Cobalt blue mugs out of the kiln", "--platform", platform,
                     "--yes", *extra)
        posts[platform] = made["published"][0]
    (home.parent / "posts.json").write_text(json.dumps(posts))
    return home


@pytest.fixture
def home(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "psn-home"
    shutil.copytree(seeded, copy)
    shutil.copy(seeded.parent / "posts.json", tmp_path / "posts.json")
    return copy


@pytest.fixture
def posts(home: Path) -> dict:
    return json.loads((home.parent / "posts.json").read_text())


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
def test_a_comment_on_your_post_is_found_answered_in_the_session_and_logged(home, posts, terminal, platform):
    post_id = posts[platform]["platform_post_id"]
    said = _json(home, "sandbox", "comment", platform, post_id, "How do you get that blue?", "--author", "fan1")
    comment_id = said["comment_id"]

    found = _json(home, "engage", "monitor", now="2026-12-07T19:40:00Z")["platforms"][platform]
    assert found["conversations"]["new"] == 1 and found["new"] == 1
    [row] = _json(home, "engage", "list")
    assert (row["platform"], row["text"], row["on_your_post"]) == (platform, "How do you get that blue?", True)

    term = terminal("engage", env={"PSN_SANDBOX": "1", "PSN_NOW": "2026-12-07T19:45:00Z"})
    screen = term.wait_for("Engage?")
    assert "on your post" in screen and "How do you get that blue?" in screen
    approved = engage_keep_the_first_draft_and_send(term)

    # Exactly the approved text went out once, through the API, as a reply to that comment.
    endpoint = f"/{comment_id}/replies" if platform == "instagram" else f"/{comment_id}/comments"
    assert [line.split()[1:3] for line in _requests(home) if line.endswith(f"{endpoint} 200")] == [[platform, "POST"]]
    comments = _world(home, platform)["comments"].values()
    if platform == "instagram":
        replies = [c["text"] for c in comments if c.get("parent_id") == comment_id]
    else:
        replies = [c["message"] for c in comments if c["parent"] == comment_id]
    assert replies == [approved]
    history = _json(home, "engage", "history", now="2026-12-07T19:46:00Z")
    assert [(r["platform"], r["delivery"], r["text"]) for r in history["replies"]] == [(platform, "api", approved)]


def test_instagram_webhooks_and_reply_commands_reach_comments_and_mentions(home, posts):
    media_id = posts["instagram"]["platform_post_id"]
    serve = subprocess.Popen([psn_executable(), "webhooks", "serve", "--port", "0"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=journey_env(home, {"PSN_SANDBOX": "1", "PSN_NOW": START}))
    try:
        url = _listening(serve) + "/webhooks/instagram"
        comment_id = _json(home, "sandbox", "comment", "instagram", media_id, "Is it food safe?")["comment_id"]
        _json(home, "sandbox", "mention", "18000000000000077", "--comment", "17990000000000011")
        delivered = _json(home, "sandbox", "deliver", "instagram", "--to", url)
        assert [a["status"] for a in delivered["answers"]] == [200, 200]
        assert all(a["answer"]["stored"] == 1 and len(a["answer"]["opportunities"]) == 1
                   for a in delivered["answers"])
    finally:
        serve.terminate()
        serve.wait(timeout=10)
    rows = {r["text"]: r for r in _json(home, "engage", "list")}
    comment = rows["Is it food safe?"]
    [mention] = [r for t, r in rows.items() if "was mentioned in a comment" in t]
    assert comment["on_your_post"] and mention["on_your_post"]

    # The same comment found again by monitor is the same opportunity, not a second one.
    again = _json(home, "engage", "monitor")["platforms"]["instagram"]["conversations"]
    assert again["new"] == 0 and again["duplicates"] == 1

    sent = _psn(home, "engage", "reply", str(mention["id"]), "--text", "Thank you for the shout-out!", "--approve")
    assert sent.returncode == 0 and "Sent through the instagram API" in sent.stdout
    mentioned = _world(home, "instagram")["mentions"]["17990000000000011"]
    assert [r["text"] for r in mentioned["replies"]] == ["Thank you for the shout-out!"]
    assert [line for line in _requests(home) if "POST" in line and line.endswith("/17841400000000001/mentions 200")]

    later = "2026-12-07T19:36:00Z"  # past the 5-minute cooldown between two replies
    sent = _psn(home, "engage", "reply", str(comment["id"]), "--text", "Yes, lead-free glaze.", "--approve", now=later)
    assert sent.returncode == 0 and "Sent through the instagram API" in sent.stdout
    replies = [c["text"] for c in _world(home, "instagram")["comments"].values() if c.get("parent_id") == comment_id]
    assert replies == ["Yes, lead-free glaze."]


def test_facebook_webhooks_verify_with_the_setup_token_and_store_feed_comments(home, posts):
    post_id = posts["facebook"]["platform_post_id"]
    serve = subprocess.Popen([psn_executable(), "webhooks", "serve", "--port", "0"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=journey_env(home, {"PSN_SANDBOX": "1", "PSN_NOW": START}))
    try:
        base = _listening(serve) + "/webhooks/facebook"
        # The verify token given to `psn setup facebook -f webhook_verify_token=…` is the one checked.
        assert _get(f"{base}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}") == (
            200, "1158201444")
        assert _get(f"{base}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess")[0] == 403
        # `psn webhooks secret facebook --verify-token` replaces that same token: one key, not two.
        assert _psn(home, "webhooks", "secret", "facebook", "--verify-token", stdin="rotated-token\n").returncode == 0
        assert _get(f"{base}?hub.mode=subscribe&hub.challenge=2&hub.verify_token=rotated-token") == (200, "2")
        assert _get(f"{base}?hub.mode=subscribe&hub.challenge=3&hub.verify_token={VERIFY_TOKEN}")[0] == 403
        comment_id = _json(home, "sandbox", "comment", "facebook", post_id, "Do you ship to Lyon?",
                           "--author", "Jane Fan")["comment_id"]
        [answer] = _json(home, "sandbox", "deliver", "facebook", "--to", base)["answers"]
        assert answer["status"] == 200
        assert answer["answer"]["stored"] == 1 and len(answer["answer"]["opportunities"]) == 1
    finally:
        serve.terminate()
        serve.wait(timeout=10)
    [row] = _json(home, "engage", "list")
    assert (row["text"], row["on_your_post"]) == ("Do you ship to Lyon?", True)
    events = _json(home, "analytics", "show", str(posts["facebook"]["id"]))
    assert "comment" in json.dumps(events)

    sent = _psn(home, "engage", "reply", str(row["id"]), "--text", "We do, 5 days.", "--approve")
    assert sent.returncode == 0 and "Sent through the facebook API" in sent.stdout
    replies = [c["message"] for c in _world(home, "facebook")["comments"].values() if c["parent"] == comment_id]
    assert replies == ["We do, 5 days."]
    resubscribed = _json(home, "webhooks", "subscribe", "facebook")
    assert resubscribed == {"platform": "facebook", "fields": ["feed"]}


def test_the_daemon_job_and_pasting_your_own_post_reach_the_same_conversations(home, posts):
    media_id = posts["instagram"]["platform_post_id"]
    comment_id = _json(home, "sandbox", "comment", "instagram", media_id, "Which clay body?")["comment_id"]
    ran = _psn(home, "daemon", "run", "--once", "--job", "engage_monitor", now="2026-12-07T19:40:00Z")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    [row] = _json(home, "engage", "list")
    assert row["text"] == "Which clay body?" and row["on_your_post"]

    # A comment link on the creator's own Facebook post, pasted by hand, is answered through the API too.
    fb_post = posts["facebook"]
    fb_comment = _json(home, "sandbox", "comment", "facebook", fb_post["platform_post_id"], "Love the blue")
    added = _json(home, "engage", "add", f"{fb_post['url']}?comment_id={fb_comment['comment_id']}",
                  "--text", "Love the blue")
    assert added["on_own_post"] is True and added["new"] == 1
    sent = _psn(home, "engage", "reply", str(added["new_ids"][0]), "--text", "Thank you!", "--approve")
    assert sent.returncode == 0 and "Sent through the facebook API" in sent.stdout
    replies = [c["message"] for c in _world(home, "facebook")["comments"].values()
               if c["parent"] == fb_comment["comment_id"]]
    assert replies == ["Thank you!"]
    # The Instagram post's own link: a comment under the post, through the API.
    added = _json(home, "engage", "add", posts["instagram"]["url"], "--text", "Cobalt blue mugs out of the kiln")
    sent = _psn(home, "engage", "reply", str(added["new_ids"][0]), "--text", "Restock Friday!", "--approve",
                now="2026-12-07T19:36:00Z")  # past the 5-minute cooldown
    assert sent.returncode == 0 and "Sent through the instagram API" in sent.stdout
    assert comment_id and any(c["text"] == "Restock Friday!" and not c.get("parent_id")
                              for c in _world(home, "instagram")["comments"].values())


def _listening(serve: subprocess.Popen) -> str:
    line = serve.stderr.readline() if serve.stderr else ""
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    assert match, f"psn webhooks serve did not start: {line}"
    return f"http://127.0.0.1:{match.group(1)}"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()

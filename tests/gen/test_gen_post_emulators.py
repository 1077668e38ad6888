"""`psn --sandbox post` from one idea to X, LinkedIn and Instagram through their emulators, and
a Reel written as a script, waiting for its recording, then finished."""

import pytest
from post_helpers import IDEA, sandbox_ctx, write_and_approve


@pytest.fixture
def three(posting):
    for platform in ("linkedin", "instagram"):
        assert posting("--sandbox", "setup", platform).exit_code == 0
    posting("--sandbox", "config", "set", "instagram.media_host_command", "echo https://cdn.example.com/{hash}{ext}")
    return posting


def test_one_idea_to_three_platforms(three, tmp_path):
    from psn.platforms.instagram.probe import make_jpeg

    photos = []
    for number in range(3):
        photo = tmp_path / f"p{number}.jpg"
        photo.write_bytes(make_jpeg(1080, 1350))
        photos += ["--media", str(photo)]
    approvals = write_and_approve(three, IDEA, "-p", "x", "-p", "linkedin", "-p", "instagram", *photos)
    assert [a.exit_code for a in approvals] == [0, 0, 0], [a.stdout for a in approvals]
    published = {a.json()["data"]["platform"]: a.json()["data"] for a in approvals}
    assert set(published) == {"x", "linkedin", "instagram"}
    assert published["linkedin"]["url"].startswith("https://www.linkedin.com/feed/update/urn:li:share:")
    assert published["instagram"]["url"].startswith("https://www.instagram.com/p/")
    from psn.generate.drafts import list_drafts

    [stored] = list_drafts(sandbox_ctx().db)
    formats = {o.platform: o.format for o in stored.outputs}
    assert formats == {"x": "thread", "linkedin": "post", "instagram": "carousel"}
    assert stored.status == "published" and {o.status for o in stored.outputs} == {"published"}


def test_reel_script_waits_for_the_recording(three, tmp_path):
    from psn.platforms.instagram.probe import make_mp4

    result = three("--sandbox", "--json", "post", "Isolate a flaky test in thirty seconds.", "-p", "instagram",
                   "--format", "reel", "--yes")
    assert result.exit_code == 7, result.stdout  # saved with its script, nothing sent
    [waiting] = result.json()["error"]["details"]["saved"]
    assert waiting["waiting_for_media"] and f"psn post finish {waiting['id']}" in result.json()["error"]["hint"]
    take = tmp_path / "take.mp4"
    take.write_bytes(make_mp4(20.0))
    done = three("--sandbox", "--json", "post", "finish", str(waiting["id"]), "--media", str(take), "--yes")
    assert done.exit_code == 0, done.stdout
    assert done.json()["data"]["url"].startswith("https://www.instagram.com/reel/")


def test_one_idea_to_facebook_wordpress_and_a_blog(posting):
    from psn.cli.demo.steps.s040_wordpress import BLOG_SECRET, PASSWORD

    assert posting("--sandbox", "setup", "facebook").exit_code == 0
    assert posting("--sandbox", "setup", "wordpress", "--field", "site_url=https://wp.example.com", "--field",
                   "username=demo", "--field", f"application_password={PASSWORD}").exit_code == 0
    assert posting("--sandbox", "setup", "blog", "--field", "endpoint_url=https://blog.example.com/hooks/psn",
                   "--field", f"secret={BLOG_SECRET}").exit_code == 0
    approvals = write_and_approve(posting, IDEA, "-p", "facebook", "-p", "wordpress", "-p", "blog")
    assert [a.exit_code for a in approvals] == [0, 0, 0], [a.stdout for a in approvals]
    from psn.generate.drafts import list_drafts

    [stored] = list_drafts(sandbox_ctx().db)
    articles = [o for o in stored.outputs if o.format == "article"]
    assert [o.platform for o in articles] == ["wordpress", "blog"]
    assert all(o.body.title == "Most flaky tests come from shared state, not timing" for o in articles)
    urls = {a.json()["data"]["platform"]: a.json()["data"]["url"] for a in approvals}
    assert urls["wordpress"].startswith("https://wp.example.com/") and "most-flaky-tests" in urls["wordpress"]
    assert urls["blog"].startswith("https://blog.example.com/posts/") and urls["facebook"]

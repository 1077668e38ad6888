"""The WordPress adapter against the emulated WordPress 6.x: posts and pages, scheduling, terms
looked up or created (term_exists), featured images, unknown tags refused before anything is
created, crash/resume with exactly one post, and the site as a media host."""

from __future__ import annotations

from datetime import timedelta

import pytest
from wp_support import NOW, Crash, MemoryCheckpoint

from psn.core.errors import BadInput, ExitCode
from psn.platforms.base import MediaItem, PublishRequest, PublishStatus
from psn.platforms.errors import UncertainOutcome
from psn.sandbox.wordpress_site import seed_comment


def site(world, host: str = "wp.example.com") -> dict:  # type: ignore[no-untyped-def]
    return world.read(f"wordpress-{host}")


def article(title: str = "Launch notes", **options) -> PublishRequest:  # type: ignore[no-untyped-def]
    return PublishRequest(platform="wordpress", format="article", title=title, text="Hello\n\nSecond para & more",
                          options=options)


def test_publish_with_terms_excerpt_slug_and_featured_image(connect, world, tmp_path):
    adapter = connect()
    image = tmp_path / "hero.jpg"
    image.write_bytes(b"\xff\xd8jpeg")
    result = adapter.publish(article(tags=["python", "jamstack"], categories=["News", "1"], excerpt="Short",
                                     slug="launch-notes").model_copy(update={"media": [
                                         MediaItem(kind="image", path=image, alt_text="Hero")]}), MemoryCheckpoint())
    assert result.status == PublishStatus.PUBLISHED
    assert result.url == "https://wp.example.com/2026/11/21/launch-notes/"  # the real permalink
    [post] = site(world)["posts"].values()
    tags = {t["id"]: t["name"] for t in site(world)["terms"]["tags"].values()}
    assert sorted(tags[i] for i in post["tags"]) == ["jamstack", "python"]
    assert len(post["categories"]) == 2 and 1 in post["categories"]
    assert post["excerpt"] == "Short" and post["content"].startswith("<!-- wp:paragraph -->")
    assert "<p>Second para &amp; more</p>" in post["content"]
    [media] = site(world)["media"].values()
    assert post["featured_media"] == media["id"] and media["alt_text"] == "Hero"


def test_existing_terms_are_reused(connect, world):
    adapter = connect()
    adapter.publish(article("One", tags=["python"]), MemoryCheckpoint())
    adapter.publish(article("Two", tags=["Python"]), MemoryCheckpoint())
    assert len(site(world)["terms"]["tags"]) == 1


def test_term_exists_gives_the_id_when_search_missed_it(connect, world, monkeypatch):
    adapter = connect()
    adapter.publish(article("One", tags=["c++"]), MemoryCheckpoint())
    monkeypatch.setattr(adapter.client, "terms", lambda *a, **k: [])  # a search that misses (paging, escaping)
    adapter.publish(article("Two", tags=["C++"]), MemoryCheckpoint())  # the same name: term_exists gives its id
    posts = list(site(world)["posts"].values())
    assert posts[0]["tags"] == posts[1]["tags"] and len(site(world)["terms"]["tags"]) == 1


def test_a_clashing_slug_is_a_new_term(connect, world):
    adapter = connect()
    adapter.publish(article("One", tags=["C++"]), MemoryCheckpoint())  # slug "c"
    adapter.publish(article("Two", tags=["C"]), MemoryCheckpoint())  # another name: WordPress makes slug "c-2"
    slugs = sorted(t["slug"] for t in site(world)["terms"]["tags"].values())
    assert slugs == ["c", "c-2"]


def test_unknown_tag_is_refused_and_nothing_is_created(connect, world, sandbox_deps):
    sandbox_deps.settings["create_missing_terms"] = False
    adapter = connect()
    with pytest.raises(BadInput) as caught:
        adapter.publish(article(tags=["never-seen"]), MemoryCheckpoint())
    assert caught.value.exit_code == ExitCode.BAD_INPUT and "never-seen" in caught.value.message
    assert site(world)["posts"] == {} and site(world)["terms"]["tags"] == {}
    with pytest.raises(BadInput, match="Unknown tags id"):
        adapter.publish(article(tags=[999]), MemoryCheckpoint())


@pytest.mark.parametrize(("request_", "fragment"), [
    (article(schedule_at=(NOW - timedelta(hours=1)).isoformat()), "in the past"),
    (article(schedule_at=(NOW + timedelta(seconds=20)).isoformat()), "a minute ahead"),
    (article(status="future"), "needs its date"),
    (article(status="draft", schedule_at=(NOW + timedelta(days=1)).isoformat()), "cannot be scheduled"),
    (article(status="trash"), "no post status"),
    (article(slug="Not A Slug"), "not a slug"),
    (PublishRequest(platform="wordpress", format="article", text="no title"), "needs a title"),
    (PublishRequest(platform="wordpress", format="page", title="About", text="x", options={"tags": ["a"]}),
     "no tags"),
    (PublishRequest(platform="wordpress", format="thread", title="x", text="x"), "not 'thread'"),
])
def test_bad_input_sends_nothing(connect, world, request_, fragment):
    adapter = connect()
    with pytest.raises(BadInput, match=fragment):
        adapter.publish(request_, MemoryCheckpoint())
    assert site(world).get("posts", {}) == {}


def test_scheduled_post_is_future_then_published(connect, world, clock):
    adapter = connect()
    when = NOW + timedelta(days=1)
    result = adapter.publish(article(schedule_at=when.isoformat()), MemoryCheckpoint())
    assert result.status == PublishStatus.SCHEDULED and result.url.endswith(f"?p={result.platform_post_id}")
    [post] = site(world)["posts"].values()
    assert post["date_gmt"].startswith("2026-11-22T12:00:00")
    clock.advance(days=1, seconds=1)
    assert adapter.status(result.platform_post_id) == PublishStatus.PUBLISHED


def test_draft_and_page(connect, world):
    adapter = connect("https://plain.example.com")
    draft = adapter.publish(article(status="draft"), MemoryCheckpoint())
    page = adapter.publish(PublishRequest(platform="wordpress", format="page", title="About", text="Me"),
                           MemoryCheckpoint())
    assert draft.status == PublishStatus.DRAFT and draft.url.endswith(f"?p={draft.platform_post_id}")
    assert page.platform_post_id.startswith("page:") and "page_id=" in page.url
    assert adapter.status(page.platform_post_id) == PublishStatus.PUBLISHED


def test_a_contributor_cannot_publish(sandbox_deps):
    from psn.core.errors import NotAuthorised
    from psn.platforms.wordpress.spec import WordPressConnector

    with pytest.raises(NotAuthorised, match="cannot publish"):
        WordPressConnector(sandbox_deps).connect({"site_url": "https://wp.example.com", "username": "writer",
                                                  "application_password": "wxyz WXYZ 9876 mnop QRST 5432"})


def test_crash_after_the_post_then_rerun_creates_one(connect, world):
    adapter = connect()
    checkpoint = MemoryCheckpoint(crash_after="post")
    with pytest.raises(Crash):
        adapter.publish(article(), checkpoint)
    result = adapter.publish(article(), checkpoint)
    assert list(site(world)["posts"]) == [result.platform_post_id]


def test_lost_answer_is_found_by_title(connect, world, tmp_path):
    adapter = connect()
    image = tmp_path / "hero.png"
    image.write_bytes(b"\x89PNG")
    checkpoint = MemoryCheckpoint(crash_before="post")
    request = article(status="draft").model_copy(update={"media": [MediaItem(kind="image", path=image)]})
    with pytest.raises(Crash):
        adapter.publish(request, checkpoint)
    result = adapter.publish(request, checkpoint)
    assert list(site(world)["posts"]) == [result.platform_post_id]
    assert len(site(world)["media"]) == 1


def test_a_post_begun_but_never_sent_is_created_once(connect, world):
    """Killed after `begin` but before WordPress got the call: the lookup finds nothing in any status,
    so the post is created (it used to stop as uncertain, losing the post)."""
    adapter = connect()
    checkpoint = MemoryCheckpoint(crash_after_begin="post")
    with pytest.raises(Crash):
        adapter.publish(article("Nowhere"), checkpoint)
    assert site(world).get("posts", {}) == {}
    result = adapter.publish(article("Nowhere"), checkpoint)
    assert list(site(world)["posts"]) == [result.platform_post_id]


@pytest.mark.parametrize("sent", [False, True])
def test_an_older_post_with_the_same_title_is_never_taken_for_the_new_one(connect, world, sent):
    """A weekly series: last week's post has the same title. Killed before the call reached WordPress
    (sent=False) or after it did (sent=True), the rerun ends with exactly one new post, never adopting
    last week's."""
    adapter = connect()
    last_week = adapter.publish(article("Weekly notes"), MemoryCheckpoint()).platform_post_id
    checkpoint = MemoryCheckpoint(crash_before="post") if sent else MemoryCheckpoint(crash_after_begin="post")
    with pytest.raises(Crash):
        adapter.publish(article("Weekly notes"), checkpoint)
    result = adapter.publish(article("Weekly notes"), checkpoint)
    assert result.platform_post_id != last_week
    assert sorted(site(world)["posts"]) == sorted([last_week, result.platform_post_id])


def test_two_new_lookalikes_stop_as_uncertain(connect, world):
    adapter = connect()
    checkpoint = MemoryCheckpoint(crash_before="post")
    with pytest.raises(Crash):
        adapter.publish(article("Twice"), checkpoint)
    adapter.publish(article("Twice"), MemoryCheckpoint())  # someone else made one too
    with pytest.raises(UncertainOutcome):
        adapter.publish(article("Twice"), checkpoint)


def test_media_host_returns_a_public_url(connect, tmp_path):
    adapter = connect()
    photo = tmp_path / "for-instagram.jpg"
    photo.write_bytes(b"\xff\xd8")
    assert adapter.host(photo) == "https://wp.example.com/wp-content/uploads/2026/11/for-instagram.jpg"
    with pytest.raises(BadInput):
        adapter.host(tmp_path / "notes.svg")


def test_comments_count_list_and_reply(connect, world):
    adapter = connect()
    result = adapter.publish(article(), MemoryCheckpoint())
    seed_comment(world, "wp.example.com", int(result.platform_post_id), "Loved it &amp; shared it")
    assert adapter.fetch_metrics([result.platform_post_id])[result.platform_post_id].comments == 1
    [comment] = adapter.conversations()
    assert (comment.author_name, comment.text, comment.on_own_post) == ("A Reader", "Loved it & shared it", True)
    adapter.reply(comment, "Thanks!")
    [reply] = [c for c in site(world)["comments"] if c["parent"]]
    assert f"comment:{reply['parent']}" == comment.post_id and reply["author"] == 1
    assert [c.post_id for c in adapter.conversations()] == [comment.post_id]  # the creator's own reply is left out

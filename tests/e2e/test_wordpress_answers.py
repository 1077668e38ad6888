"""The real CLI against the emulated WordPress, on what a real WordPress 6.1 does (issue 17):
credential errors blamed on the credentials, titles that start with `#`, Markdown converted and
everything else escaped, terms matched by their whole name, a featured image attached to its
post with alt text, and articles listed by their title."""

from __future__ import annotations

import pytest

PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"
FIELDS = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
          "--field", f"application_password={PASSWORD}")
NOT_LOGGED_IN = {"code": "rest_not_logged_in", "message": "You are not currently logged in.", "data": {"status": 401}}
CANNOT_CREATE = {"code": "rest_cannot_create", "message": "Sorry, you are not allowed to create posts as this user.",
                 "data": {"status": 401}}


def world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx())


def site() -> dict:
    return world().read("wordpress-wp.example.com")


@pytest.fixture
def connected(cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "setup", "wordpress", *FIELDS).exit_code == 0
    return cli


def article(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "article", "-p", "wordpress", *args, "--yes")


def test_refused_credentials_blame_the_credentials_not_the_host(cli):
    world().inject("wordpress", path="/wp/v2/users/me", status=401, body=NOT_LOGGED_IN)
    result = cli("--sandbox", "--json", "setup", "wordpress", *FIELDS)
    assert result.exit_code == 3, result.stdout
    hint = result.json()["error"]["hint"]
    assert hint.startswith("WordPress did not accept the username and password")
    assert "application password" in hint and "not the password you log in with" in hint
    assert ".htaccess" not in hint


def test_a_revoked_password_on_create_says_so(connected):
    world().inject("wordpress", path="/wp/v2/posts", method="POST", status=401, body=CANNOT_CREATE)
    result = article(connected, "--title", "Launch", "-t", "Body")
    assert result.exit_code == 3, result.stdout
    hint = result.json()["error"]["hint"]
    assert "application password" in hint and "psn setup wordpress" in hint and ".htaccess" not in hint


def test_a_title_keeps_its_leading_hash(connected):
    result = connected("--sandbox", "--json", "post", "-p", "wordpress", "-t", "#1 tip for bloggers\n\nWrite daily.",
                       "--yes")
    assert result.exit_code == 0, result.stdout
    heading = connected("--sandbox", "--json", "post", "-p", "wordpress", "-t", "## A real heading\n\nBody", "--yes")
    assert heading.exit_code == 0
    assert sorted(p["title"] for p in site()["posts"].values()) == ["#1 tip for bloggers", "A real heading"]


def test_markdown_is_converted_and_html_is_escaped(connected):
    text = "Why 3 < 5 matters, **bold** and _soft_.\n\n# Heading\n\n- one\n- two\n\n<script>alert(1)</script>"
    assert article(connected, "--title", "Markdown", "-t", text).exit_code == 0
    [post] = site()["posts"].values()
    content = post["content"]
    assert "3 &lt; 5" in content and "<strong>bold</strong>" in content and "<em>soft</em>" in content
    assert "<h1>Heading</h1>" in content and "<li>one</li>" in content
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert "**" not in content and "<!-- wp:paragraph -->" in content


def test_block_markup_is_sent_as_written(connected):
    blocks = "<!-- wp:paragraph -->\n<p>From the editor</p>\n<!-- /wp:paragraph -->"
    assert article(connected, "--title", "Blocks", "-t", blocks).exit_code == 0
    [post] = site()["posts"].values()
    assert post["content"] == blocks


def test_tag_c_is_not_taken_for_c_plus_plus(connected):
    assert article(connected, "--title", "Templates", "-t", "Body", "--tag", "C++").exit_code == 0
    assert article(connected, "--title", "Pointers", "-t", "Body", "--tag", "C").exit_code == 0
    terms = {t["id"]: t["name"] for t in site()["terms"]["tags"].values()}
    tags = {p["title"]: [terms[i] for i in p["tags"]] for p in site()["posts"].values()}
    assert tags == {"Templates": ["C++"], "Pointers": ["C"]}


def test_featured_image_is_attached_with_its_alt_text(connected, tmp_path):
    image = tmp_path / "hero.jpg"
    image.write_bytes(b"\xff\xd8jpeg")
    result = article(connected, "--title", "Launch notes", "-t", "Body", "--featured", str(image),
                     "--featured-alt", "A rocket on the launch pad")
    assert result.exit_code == 0, result.stdout
    [post] = site()["posts"].values()
    media = site()["media"][str(post["featured_media"])]
    assert media["alt_text"] == "A rocket on the launch pad" and media["post"] == post["id"]


def test_post_list_shows_the_article_title(connected):
    assert article(connected, "--title", "Launch notes", "-t", "The body starts here and goes on.").exit_code == 0
    rows = connected("--sandbox", "--json", "post", "list").json()["data"]
    assert rows[0]["title"] == "Launch notes"
    screen = connected("--sandbox", "post", "list").stdout
    assert "Launch notes" in screen and "The body starts" not in screen

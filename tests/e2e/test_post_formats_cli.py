"""Every format each platform declares (`capabilities.formats`) is reachable with the person's own text
and media: `psn post -p P --format P:FORMAT -t TEXT -m FILE|--media-url URL --yes` publishes exactly
that to the sandbox and records the format that went out. A platform that declares a new format fails
here until it has a way in (a row in ROUTES)."""

from __future__ import annotations

import json

import pytest

from psn.platforms.registry import all_specs

BLOG = ("--field", "endpoint_url=https://blog.example.com/hooks/psn",
        "--field", "secret=whsec_c2FuZGJveC1ibG9nLXNlY3JldC1mb3ItcHNuLXRlc3Rz")
WORDPRESS = ("--field", "site_url=https://wp.example.com", "--field", "username=demo",
             "--field", "application_password=abcd EFGH 1234 ijkl MNOP 6789")
SETUP = {"blog": BLOG, "wordpress": WORDPRESS}
CDN = "https://cdn.example.com"
LINK = "https://blog.example.com/launch"

# (platform, format) → (media and flags beside --text, whether the format takes text, the format that goes out)
ROUTES: dict[tuple[str, str], tuple[tuple[str, ...], bool, str]] = {
    ("x", "text"): ((), True, "text"),
    ("x", "thread"): ((), True, "thread"),
    ("linkedin", "text"): ((), True, "text"),
    ("linkedin", "image"): (("-m", "<a.png>"), True, "image"),
    ("linkedin", "carousel"): (("-m", "<a.png>", "-m", "<b.png>"), True, "carousel"),
    ("linkedin", "document"): (("-m", "<deck.pdf>"), True, "document"),
    ("linkedin", "video"): (("-m", "<clip.mp4>"), True, "video"),
    ("linkedin", "article"): (("--link", LINK, "--title", "Launch notes"), True, "article"),
    ("facebook", "text"): ((), True, "text"),
    ("facebook", "link"): (("--link", LINK), True, "link"),
    ("facebook", "photo"): (("-m", "<a.jpg>"), True, "photo"),
    ("facebook", "photos"): (("-m", "<a.jpg>", "-m", "<b.png>"), True, "photos"),
    ("facebook", "image"): (("-m", "<a.jpg>"), True, "photo"),  # Facebook's name for one image is a photo
    ("facebook", "video"): (("-m", "<clip.mp4>"), True, "video"),
    ("instagram", "image"): (("--media-url", f"{CDN}/a.jpg"), True, "image"),
    ("instagram", "carousel"): (("--media-url", f"{CDN}/a.jpg", "--media-url", f"{CDN}/b.jpg"), True, "carousel"),
    ("instagram", "reel"): (("--media-url", f"{CDN}/r.mp4"), True, "reel"),
    ("instagram", "story"): (("--media-url", f"{CDN}/story.jpg"), False, "story"),
    ("tiktok", "video"): (("-m", "<clip.mp4>", "-o", "privacy=public"), True, "video"),
    ("tiktok", "photo"): (("--media-url", "https://media.example.com/1.jpg", "--title", "Lookbook",
                           "-o", "privacy=public"), True, "photo"),
    ("wordpress", "article"): (("--title", "Launch notes"), True, "article"),
    ("wordpress", "page"): (("--title", "About"), True, "page"),
    ("blog", "article"): (("--title", "Launch"), True, "article"),
}
STATE = {"wordpress": "wordpress-wp.example.com"}
"""Where the emulated world keeps what a platform received, when not under its own name."""
ELSEWHERE = {"whatsapp": "opted-in contacts get messages through `psn whatsapp send` (tests/e2e/test_whatsapp_cli.py)"}
"""Platforms `psn post` does not publish to, and the command that reaches their formats instead."""

DECLARED = [(name, fmt) for name, spec in all_specs().items() if name not in ELSEWHERE
            for fmt in spec.capabilities.formats]


def files(folder) -> dict[str, str]:  # type: ignore[no-untyped-def]
    made = {"a.jpg": b"\xff\xd8\xff\xe0jpeg", "a.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "b.png": b"\x89PNG\r\n\x1a\n" + b"\x01" * 64, "deck.pdf": b"%PDF-1.7\n" + b"\x00" * 500,
            "clip.mp4": b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (90 * 1024)}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {f"<{name}>": str(folder / name) for name in made}


def world_state(platform: str) -> str:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return json.dumps(sandbox_world(ctx()).read(STATE.get(platform, platform)))


def audited_tiktok(cli) -> None:  # type: ignore[no-untyped-def]
    """An unaudited app only drops uploads in the creator's inbox, without the caption: audit it."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.tiktok import TikTokEmulator

    current().sandbox = True
    TikTokEmulator.configure(sandbox_world(ctx()), audited=True)
    assert cli("--sandbox", "config", "set", "tiktok.audited", "true").exit_code == 0


def test_every_declared_format_has_a_way_in():
    assert sorted(DECLARED) == sorted(ROUTES), "a declared format with no `psn post` journey (or a stale route)"
    assert set(ELSEWHERE) <= set(all_specs())


@pytest.mark.parametrize(("platform", "fmt"), DECLARED, ids=[f"{p}:{f}" for p, f in DECLARED])
def test_given_text_and_media_publish_in_each_format(cli, tmp_path, monkeypatch, platform, fmt):
    monkeypatch.setenv("PSN_SECRETS", "file")
    assert cli("--sandbox", "setup", platform, *SETUP.get(platform, ())).exit_code == 0
    if platform == "tiktok":
        audited_tiktok(cli)
    extra, takes_text, went_out = ROUTES[(platform, fmt)]
    paths = files(tmp_path)
    text = f"Format check {platform} {fmt}" + ("\n\nsecond part" if fmt == "thread" else "")
    argv = ["--sandbox", "--json", "post", "-p", platform, "--format", f"{platform}:{fmt}",
            *(("-t", text) if takes_text else ()), *(paths.get(a, a) for a in extra), "--yes"]
    result = cli(*argv)
    assert result.exit_code == 0, result.stdout + result.stderr
    [row] = result.json()["data"]["published"]
    settles_later = (platform, fmt) == ("facebook", "video")  # Facebook processes a video before it is live
    assert (row["format"], row["status"]) == (went_out, "processing" if settles_later else "published")
    listed = cli("--sandbox", "--json", "post", "list").json()["data"]
    assert [(r["id"], r["format"]) for r in listed] == [(row["id"], went_out)]
    sent = world_state(platform)
    assert (f"Format check {platform} {fmt}" if takes_text else '"media_product_type": "STORY"') in sent, sent
    if "--link" in extra:
        assert LINK in sent

"""Bad input to `psn post` (given text, and from an idea): every unit each platform counts just over
its limit, too many items, wrong and broken media, bad URLs, bad times, unknown platforms and ids.

Each row: exit code 2 with the fix named, no traceback, nothing stored, nothing sent (see
badinput_matrix.py). The sandbox accounts are all connected, so each row could have posted.
"""

import pytest
from badinput_matrix import ids, row


def text(platform: str, body: str, *more: str) -> list[str]:
    return ["post", "-p", platform, "-t", body, *more, "--yes"]


def media(*names: str) -> list[str]:
    return [arg for name in names for arg in ("--media", f"<{name}>")]


def jpegs(count: int) -> list[str]:
    return media(*(f"j{n}.jpg" for n in range(1, count + 1)))


def urls(count: int) -> list[str]:
    return [arg for n in range(count) for arg in ("--media-url", f"https://example.com/{n}.jpg")]


def pngs(count: int) -> list[str]:
    return media(*(f"p{n}.png" for n in range(1, count + 1)))


OVER_LONG = [
    # X: weighted characters (Latin 1, CJK and emoji 2, every URL 23)
    row("x-latin-281", text("x", "a" * 281), 2, "X counts the text as 281 characters; the limit is 280"),
    row("x-emoji-141", text("x", "😀" * 141), 2, "X counts the text as 282 characters"),
    row("x-zwj-emoji-141", text("x", "👩‍💻" * 141), 2, "X counts the text as 282 characters"),
    row("x-cjk-141", text("x", "中" * 141), 2, "X counts the text as 282 characters"),
    row("x-urls-13", text("x", " ".join(["https://example.com/a"] * 13)), 2, "the limit is 280"),
    row("x-thread-part-281", text("x", "fine\n\n" + "a" * 281, "--thread"), 2, "X counts part 2 as 281"),
    row("x-thread-26-parts", text("x", "\n\n".join(["p"] * 26), "--thread"), 2, "Keep it to 25 parts"),
    row("x-two-cashtags", text("x", "$AAPL and $MSFT"), 2, "at most one $cashtag"),
    # LinkedIn: UTF-16 units of the visible text
    row("linkedin-3001", text("linkedin", "a" * 3001), 2, "LinkedIn counts the text as 3001 characters"),
    row("linkedin-emoji-1501", text("linkedin", "😀" * 1501), 2, "LinkedIn counts the text as 3002 characters"),
    row("linkedin-title-401", text("linkedin", "hi", "--title", "t" * 401), 2, "psn keeps LinkedIn titles to 400"),
    # Instagram caption: 2,200 characters, 30 hashtags, 20 mentions
    row("instagram-caption-2201", text("instagram", "a" * 2201, *media("a.jpg")), 2, "Instagram allows 2200"),
    row("instagram-hashtags-31", text("instagram", " ".join(f"#t{n}" for n in range(31)), *media("a.jpg")), 2,
        "31 hashtags; Instagram allows 30"),
    row("instagram-mentions-21", text("instagram", " ".join(f"@u{n}" for n in range(21)), *media("a.jpg")), 2,
        "21 @mentions; Instagram allows 20"),
    # TikTok: UTF-16 units of the video caption, the photo title and description
    row("tiktok-caption-emoji-1101", text("tiktok", "😀" * 1101, *media("a.mp4")), 2,
        "TikTok counts the caption as 2202 characters (UTF-16 units); the limit is 2200"),
    row("tiktok-photo-title-91", text("tiktok", "hi", "--media-url", "https://example.com/a.jpg", "--title", "t" * 91),
        2, "photo title as 91 characters"),
    row("tiktok-photo-description-4001", text("tiktok", "d" * 4001, "--media-url", "https://example.com/a.jpg"), 2,
        "description as 4001 characters"),
    # Facebook, WordPress
    row("facebook-63207", text("facebook", "a" * 63207), 2, "a Facebook post takes 63206"),
    row("wordpress-title-256", text("wordpress", "t" * 256 + "\nbody"), 2, "psn keeps them under 255"),
]

TOO_MANY = [
    row("x-5-images", text("x", "hi", *pngs(5)), 2, "X takes at most 4 images per post; got 5"),
    row("x-image-and-video", text("x", "hi", *media("a.png", "a.mp4")), 2, "X"),
    row("linkedin-21-images", text("linkedin", "hi", *jpegs(21)), 2, "at most 20 images per post; got 21"),
    row("linkedin-mixed-kinds", text("linkedin", "hi", *media("a.jpg", "a.pdf")), 2, "not a mix"),
    row("instagram-carousel-11", text("instagram", "hi", *jpegs(11)), 2,
        "A carousel has 11 items; Instagram allows 2 to 10"),
    row("tiktok-36-photos", text("tiktok", "hi", *urls(36)), 2, "at most 35 photos per post; got 36"),
    row("facebook-11-photos", text("facebook", "hi", *jpegs(11)), 2, "at most 10 photos in one Facebook post; got 11"),
    row("wordpress-2-featured", text("wordpress", "Title\nbody", *media("a.png", "p1.png")), 2, "one featured image"),
]

WRONG_MEDIA = [
    row("x-text-file", text("x", "hi", *media("notes.txt")), 2, "X does not accept 'notes.txt'"),
    row("linkedin-text-file", text("linkedin", "hi", *media("notes.txt")), 2, "LinkedIn does not accept 'notes.txt'"),
    row("instagram-png", text("instagram", "hi", *media("a.png")), 2, "Convert it to a baseline JPEG"),
    row("instagram-text-only", text("instagram", "hi"), 2, "Instagram posts need a photo or a video"),
    row("tiktok-local-photo", text("tiktok", "hi", *media("a.jpg")), 2, "TikTok pulls photos from URLs"),
    row("tiktok-text-only", text("tiktok", "hi"), 2, "TikTok"),
    row("facebook-gif", text("facebook", "hi", *media("a.gif")), 2, "Facebook"),
    row("wordpress-pdf-featured", text("wordpress", "Title\nbody", *media("a.pdf")), 2, "WordPress"),
    row("idea-text-file", ["post", "an idea", "-p", "x", *media("notes.txt"), "--yes"], 2,
        "psn does not know what kind of media notes.txt is"),
    row("idea-reel-with-image", ["post", "an idea", "-p", "instagram", "--format", "reel", *media("a.jpg"), "--yes"],
        2, "reel"),
]

BROKEN_FILES = [
    row("x-empty-file", text("x", "hi", *media("empty.png")), 2, "empty.png is empty"),
    row("x-missing-file", text("x", "hi", *media("missing.png")), 2, "Media file not found"),
    row("x-folder", text("x", "hi", *media("folder.png")), 2, "is a folder"),
    row("x-huge-image", text("x", "hi", *media("huge.png")), 2, "Compress or resize it"),
    row("x-huge-video", text("x", "hi", *media("huge.mp4")), 2, "Compress or resize it"),
    row("linkedin-empty-file", text("linkedin", "hi", *media("empty.png")), 2, "empty"),
    row("linkedin-huge-image", text("linkedin", "hi", *media("huge.png")), 2, "LinkedIn images of up to 100 MB"),
    row("linkedin-huge-gif", text("linkedin", "hi", *media("huge.gif")), 2, "LinkedIn images of up to 100 MB"),
    row("linkedin-huge-video", text("linkedin", "hi", *media("huge.mp4")), 2, "LinkedIn videos are 75 KB to 500 MB"),
    row("instagram-huge-image", text("instagram", "hi", *media("huge.jpg")), 2, "Instagram takes images up to 8 MB"),
    row("instagram-empty-image", ["post", "-p", "instagram", "-t", "hi", *media("empty.png"), "--yes"], 2, "empty"),
    row("tiktok-empty-video", text("tiktok", "hi", *media("empty.mp4")), 2, "empty.mp4 is empty"),
    row("tiktok-huge-video", text("tiktok", "hi", *media("huge.mp4")), 2, "TikTok accepts at most 4,000,000,000"),
    row("facebook-huge-photo", text("facebook", "hi", *media("huge.jpg")), 2, "Facebook takes up to 4096 KB"),
    row("facebook-empty-photo", text("facebook", "hi", *media("empty.png")), 2, "empty"),
    row("wordpress-huge-featured", text("wordpress", "Title\nbody", *media("huge.png")), 2,
        "featured images of up to 100 MB"),
    row("wordpress-empty-featured", text("wordpress", "Title\nbody", *media("empty.png")), 2, "empty"),
    row("wordpress-folder-featured", text("wordpress", "Title\nbody", *media("folder.png")), 2, "is a folder"),
    row("idea-empty-file", ["post", "an idea", "-p", "x", *media("empty.png"), "--yes"], 2, "empty.png is empty"),
    row("idea-missing-file", ["post", "an idea", "-p", "x", *media("missing.png"), "--yes"], 2, "Media file not found"),
    row("idea-folder", ["post", "an idea", "-p", "x", *media("folder.png"), "--yes"], 2, "is a folder"),
]

BAD_URLS = [
    row("x-media-url-not-a-url", text("x", "hi", "--media-url", "notaurl"), 2, "is not a web address"),
    row("x-media-url", text("x", "hi", "--media-url", "https://example.com/a.png"), 2, "X needs the media file itself"),
    row("instagram-media-url-not-a-url", text("instagram", "hi", "--media-url", "notaurl"), 2, "https"),
    row("instagram-media-url-ftp", text("instagram", "hi", "--media-url", "ftp://example.com/a.jpg"), 2, "https"),
    row("tiktok-media-url-javascript", text("tiktok", "hi", "--media-url", "javascript:alert(1)"), 2, "https"),
    row("facebook-media-url-relative", text("facebook", "hi", "--media-url", "/a.jpg"), 2, "https"),
    row("instagram-media-url-png", text("instagram", "hi", "--media-url", "https://example.com/a.png"), 2,
        "image/png; Instagram accepts JPEG images only"),
    row("instagram-media-url-avi", text("instagram", "hi", "--media-url", "https://example.com/a.avi"), 2,
        "Instagram accepts MP4 or MOV videos only"),
    row("instagram-media-url-no-kind", text("instagram", "hi", "--media-url", "https://example.com/v/123"), 2,
        "cannot tell whether"),
    row("media-kind-audio", text("instagram", "hi", "--media-url", "https://example.com/a", "--media-kind", "audio"),
        2, "is not image or video"),
    row("media-kind-without-url", text("x", "hi", "--media-kind", "video"), 2, "none was given"),
    row("media-kind-count", text("tiktok", "hi", *urls(3), "--media-kind", "image", "--media-kind", "image"), 2,
        "2 --media-kind values for 3 --media-url"),
    row("link-not-a-url", text("x", "hi", "--link", "blog.example.com/post"), 2, "--link 'blog.example.com/post' is "
        "not a web address"),
    row("link-javascript", text("facebook", "hi", "--link", "javascript:alert(1)"), 2, "is not a web address"),
    row("link-instagram", text("instagram", "hi", *urls(1), "--link", "https://example.com/post"), 2,
        "--link cannot go to Instagram"),
    row("link-tiktok", text("tiktok", "hi", *urls(1), "--link", "https://example.com/post"), 2,
        "--link cannot go to TikTok"),
    row("link-facebook-photo", text("facebook", "hi", *media("a.jpg"), "--format", "link", "--link",
                                    "https://example.com/post"), 2, "cannot also carry a link preview"),
    row("linkedin-article-no-title", text("linkedin", "hi", "--link", "https://example.com/post"), 2,
        "Give it: --title"),
]

BAD_FORMATS = [
    row("format-unknown-for-text", text("instagram", "hi", *urls(1), "--format", "instagram:tweet"), 2,
        "Instagram has no 'tweet' format"),
    row("format-no-platform-has-it", text("x", "hi", "--format", "reel"), 2, "No --platform here publishes"),
    row("format-other-platform", text("x", "hi", "--format", "instagram:story"), 2, "not one of the --platform"),
    row("story-with-caption", text("instagram", "hi", *urls(1), "--format", "instagram:story"), 2,
        "Instagram Stories take no caption"),
    row("carousel-of-one", text("instagram", "hi", *urls(1), "--format", "carousel"), 2, "A carousel has 1 items"),
]

BAD_TIMES = [
    row("at-words", text("x", "hi", "--at", "tomorrow-ish"), 2, 'Try "tomorrow 9am", "fri 18:00", "in 2h"'),
    row("at-past", text("x", "hi", "--at", "2020-01-01 10:00"), 2, "is in the past"),
    row("at-month-13", text("x", "hi", "--at", "2030-13-01 10:00"), 2, "Cannot read the time"),
    row("at-hour-25", text("x", "hi", "--at", "2030-01-01 25:00"), 2, "Cannot read the time"),
    row("at-bad-zone", text("x", "hi", "--at", "2030-01-01 10:00 Mars/Olympus"), 2, "Cannot read the time"),
    row("at-year-99999", text("x", "hi", "--at", "99999-01-01 10:00"), 2, "Cannot read the time"),
    row("at-empty", text("x", "hi", "--at", ""), 2, "Cannot read the time"),
    row("at-skipped-by-dst", text("x", "hi", "--at", "2030-03-31 02:30"), 2, "the clocks skip that hour"),
    row("at-bad-offset", text("x", "hi", "--at", "2030-01-01T10:00+25:00"), 2, "Cannot read the time"),
    row("idea-at-past", ["post", "an idea", "-p", "x", "--at", "2020-01-01 10:00", "--yes"], 2, "is in the past"),
    row("idea-at-words", ["post", "an idea", "-p", "x", "--at", "yesterday", "--yes"], 2, "Cannot read the time"),
]

BAD_CHOICES = [
    row("model-with-offline-composer", ["post", "an idea", "-p", "x", "--dry-run", "--model", "claude-haiku-4-5"], 2,
        "Connect a language model with `psn setup llm`"),
    row("model-name-with-spaces", ["post", "an idea", "-p", "x", "--dry-run", "--model", "claude haiku"], 2,
        "A model name has no spaces"),
    row("unknown-platform", text("myspace", "hi"), 2, "Unknown platform 'myspace'"),
    row("idea-unknown-platform", ["post", "an idea", "-p", "myspace", "--yes"], 2, "psn cannot write for 'myspace'"),
    row("whatsapp-via-post", text("whatsapp", "hi"), 2, "Use `psn whatsapp send`"),
    row("linkedin-thread", text("linkedin", "a\n\nb", "--thread"), 2, "has no threads"),
    row("empty-text", text("x", "   "), 2, "Nothing to post"),
    row("no-platform", ["post", "-t", "hi", "--yes"], 2, "Pass --platform"),
    row("text-and-idea", ["post", "an idea", "-t", "hi", "-p", "x", "--yes"], 2, "Use one or the other"),
    row("thread-with-idea", ["post", "an idea", "-p", "x", "--thread", "--yes"], 2, "--format thread"),
    row("bad-option", text("x", "hi", "-o", "privacy"), 2, "is not NAME=VALUE"),
    row("tiktok-bad-privacy", text("tiktok", "hi", *media("a.mp4"), "-o", "privacy=nobody"), 2,
        "Use public, friends, followers or private"),
    row("instagram-4-collaborators", text("instagram", "hi", *media("a.jpg"), "-o", "collaborators=ana,bo,cy,di"), 2,
        "4 collaborators; Instagram allows 3"),
    row("instagram-thumb-offset-words", text("instagram", "hi", *media("a.mp4"), "-o", "thumb_offset=soon"), 2,
        "e.g. -o thumb_offset=1500"),
    row("instagram-reel-option-on-image", text("instagram", "hi", *media("a.jpg"), "-o", "share_to_feed=no"), 2,
        "applies to Reels only"),
    row("tiktok-unknown-mode", text("tiktok", "hi", *media("a.mp4"), "-o", "mode=later"), 2, "Use mode=direct"),
    row("tiktok-unaudited-public", text("tiktok", "hi", *media("a.mp4"), "-o", "privacy=public"), 2,
        "psn config set tiktok.audited true"),
    row("facebook-schedule-words", text("facebook", "hi", "-o", "schedule_at=soon"), 2, "Use ISO 8601"),
    row("linkedin-bad-visibility", text("linkedin", "hi", "-o", "visibility=EVERYONE"), 2, "PUBLIC"),
    row("idea-unknown-format", ["post", "an idea", "-p", "x", "--format", "carousel", "--yes"], 2,
        "There is no 'carousel' format on x"),
    row("idea-format-other-platform", ["post", "an idea", "-p", "x", "--format", "instagram:reel", "--yes"], 2,
        "not one of the --platform values"),
    row("idea-unknown-id", ["post", "--idea", "999", "-p", "x", "--yes"], 2, "There is no idea 999"),
    row("idea-id-and-text", ["post", "an idea", "--idea", "1", "-p", "x", "--yes"], 2, "not both"),
    row("idea-no-tty", ["post", "an idea", "-p", "x"], 2, "Pass --yes"),
    row("text-no-tty", ["post", "-p", "x", "-t", "hi"], 2, "Pass --yes"),
    row("no-idea-no-tty", ["post", "-p", "x", "--yes"], 2, "Give it"),
    row("dry-run-over-long", ["post", "-p", "x", "-t", "a" * 281, "--dry-run"], 2, "the limit is 280"),
    row("dry-run-unknown-platform", ["post", "an idea", "-p", "myspace", "--dry-run"], 2, "cannot write for"),
]

NOT_CONNECTED = [
    row("not-connected-x", text("x", "hi"), 3, "psn setup x", sandbox=False),
    row("not-connected-idea", ["post", "an idea", "-p", "linkedin", "--yes"], 3, "setup", sandbox=False),
    row("not-connected-schedule", text("tiktok", "hi", "--at", "2099-01-01 10:00"), 3, "psn setup tiktok",
        sandbox=False),
]

PLATFORM_MEDIA_AFTER_DRAFTING = [
    row("idea-x-huge-image", ["post", "an idea", "-p", "x", *media("huge.png"), "--yes"], 2, "Compress or resize it"),
    row("idea-instagram-png", ["post", "an idea", "-p", "instagram", *media("a.png"), "--yes"], 2, "baseline JPEG"),
    row("idea-instagram-11-images", ["post", "an idea", "-p", "instagram", *jpegs(11), "--yes"], 2, "2 to 10"),
]
"""A platform's own media limits depend on the format the drafts take, so the idea flow checks them
once the drafts are written: refused before any draft or post is saved, but after the model call
(logged in llm_calls, with its prompt version)."""

ROWS = (OVER_LONG + TOO_MANY + WRONG_MEDIA + BROKEN_FILES + BAD_URLS + BAD_FORMATS + BAD_TIMES + BAD_CHOICES
        + NOT_CONNECTED)


@pytest.mark.parametrize("case", ROWS, ids=ids(ROWS))
def test_post_refuses(home, case):
    home.refuses(case)


MODEL_LOG = ("llm_calls", "prompt_versions", "sqlite_sequence")


@pytest.mark.parametrize("case", PLATFORM_MEDIA_AFTER_DRAFTING, ids=ids(PLATFORM_MEDIA_AFTER_DRAFTING))
def test_idea_flow_refuses_platform_media_before_saving(home, case):
    from badinput_matrix import one_line
    from badinput_snapshot import changes, snapshot

    before = snapshot(home.root)
    outcome = home.run(*home.argv(case))
    assert outcome.code == 2 and "Traceback" not in outcome.stdout + outcome.stderr, outcome
    assert one_line(case.fix) in one_line(outcome.stderr), outcome
    changed = [c for c in changes(before, snapshot(home.root)) if not c.split(": ")[0].endswith(MODEL_LOG)]
    assert not changed, changed


def test_command_line_options_read_as_what_they_mean():
    from psn.platforms.instagram.validate import typed_options

    typed = typed_options({"collaborators": "ana, @bo", "thumb_offset": "1500", "share_to_feed": "no", "x": "1"})
    assert typed == {"collaborators": ["ana", "bo"], "thumb_offset": 1500, "share_to_feed": False, "x": "1"}

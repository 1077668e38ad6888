"""What a person gives `psn post` beyond text, through the real CLI against the sandbox: a link (where
each platform takes it, or refused), hosted media whose server says what it is (image or video, its
type, a redirect, a lie the person corrects with --media-kind), and the format that went out recorded
everywhere psn shows the post. A local HTTP server in the test plays the creator's web server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = (b"<html><head><title>Plain title</title><meta property='og:title' content='How we ship'>"
        b"<meta name='description' content='Notes from the launch'></head><body>hi</body></html>")
SERVED = {  # path → (status, content type, extra headers)
    "/launch": (200, "text/html; charset=utf-8", {}),
    "/media/clip": (200, "video/mp4", {}),  # no extension: only the server can tell
    "/media/moved": (302, "text/plain", {"Location": "/media/clip"}),
    "/media/old.avi": (200, "video/x-msvideo", {}),
    "/media/photo.png": (200, "image/png", {}),
    "/media/photo.jpg": (200, "text/html", {}),  # a server that says wrong
    "/media/gone.jpg": (404, "text/html", {}),
}


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        status, kind, headers = SERVED.get(self.path, (404, "text/plain", {}))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name, value)
        payload = PAGE if self.path == "/launch" else b"\x00" * 16
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self.server.heads.append(self.path)  # type: ignore[attr-defined]
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.heads = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def world(platform: str) -> dict:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current

    current().sandbox = True
    return sandbox_world(ctx()).read(platform)


def connect(cli, *platforms: str) -> None:  # type: ignore[no-untyped-def]
    for platform in platforms:
        assert cli("--sandbox", "setup", platform).exit_code == 0


def post(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli("--sandbox", "--json", "post", *args, "--yes")


def test_a_link_goes_where_each_platform_takes_it(cli, site, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    _, base = site
    connect(cli, "linkedin", "facebook", "x", "instagram")
    link = f"{base}/launch"
    for args, fragment in ((["-p", "x", "-t", "hi", "--link", "notaurl"], "--link 'notaurl' is not a web address"),
                           (["-p", "x", "-p", "instagram", "-t", "hi", "--link", link], "cannot go to Instagram"),
                           (["-p", "tiktok", "-t", "hi", "--link", link], "cannot go to TikTok")):
        refused = post(cli, *args)
        assert refused.exit_code == 2 and fragment in refused.json()["error"]["message"], refused.stdout
    assert cli("--sandbox", "--json", "post", "list").json()["data"] == []

    result = post(cli, "-p", "linkedin", "-p", "facebook", "-p", "x", "-t", "Read this", "--link", link)
    assert result.exit_code == 0, result.stdout
    rows = {r["platform"]: r for r in result.json()["data"]["published"]}
    assert {p: (r["format"], r["link"]) for p, r in rows.items()} == {
        "linkedin": ("article", link), "facebook": ("link", link), "x": ("text", None)}
    [article] = [p["content"]["article"] for p in world("linkedin")["posts"].values()]
    assert article == {"source": link, "title": "How we ship", "description": "Notes from the launch"}
    [fb] = world("facebook")["posts"].values()
    assert (fb["message"], fb["link"]) == ("Read this", link)
    assert rows["x"]["text"] == f"Read this\n\n{link}"  # the approved text is what went out
    assert f"Read this\\n\\n{link}" in json.dumps(world("x"))
    shown = cli("--sandbox", "post", "show", str(rows["facebook"]["id"]))
    assert f"link: {link}" in shown.stdout and "facebook · link" in shown.stdout


def test_hosted_media_is_what_its_server_says(cli, site, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    server, base = site
    connect(cli, "instagram")
    refusals = (
        (["--media-url", f"{base}/media/photo.png"], "image/png; Instagram accepts JPEG images only"),
        (["--media-url", f"{base}/media/old.avi"], "video/x-msvideo; Instagram accepts MP4 or MOV"),
        (["--media-url", f"{base}/media/photo.jpg"], "The server says"),
        (["--media-url", f"{base}/media/gone.jpg"], "answers 404"),
        (["--media-url", f"{base}/media/clip", "--media-kind", "audio"], "not image or video"),
        (["--media-url", f"{base}/media/clip", "--media-kind", "video", "--media-kind", "image",
          "--media-kind", "video"], "3 --media-kind values for 1 --media-url"),
    )
    for args, fragment in refusals:
        refused = post(cli, "-p", "instagram", "-t", "clip", *args)
        assert refused.exit_code == 2 and fragment in refused.json()["error"]["message"], refused.stdout
    assert cli("--sandbox", "--json", "post", "list").json()["data"] == []
    assert world("instagram").get("containers", {}) == {}  # nothing reached Instagram

    # Instagram fetches only public URLs (the emulator refuses this machine's), so what psn would send to
    # it from a local server is read from --dry-run; the publishes below use public URLs.
    planned = cli("--sandbox", "--json", "post", "-p", "instagram", "-t", "No extension", "--media-url",
                  f"{base}/media/moved", "--dry-run")
    assert planned.exit_code == 0, planned.stdout
    [request] = planned.json()["data"]["requests"]
    assert [(m["kind"], m["mime_type"]) for m in request["media"]] == [("video", "video/mp4")]
    assert "/media/moved" in server.heads  # asked, and the redirect followed to the video

    for caption, url, kind in (("Unnamed video", "https://cdn.example.com/v/8f3a", "video"),
                               ("Unnamed photo", "https://cdn.example.com/p/77c1", "image")):
        unsaid = post(cli, "-p", "instagram", "-t", caption, "--media-url", url)
        assert unsaid.exit_code == 2 and "--media-kind" in unsaid.json()["error"]["hint"], unsaid.stdout
        said = post(cli, "-p", "instagram", "-t", caption, "--media-url", url, "--media-kind", kind)
        assert said.exit_code == 0, said.stdout
        assert said.json()["data"]["published"][0]["format"] == ("reel" if kind == "video" else "image")
    kinds = {c["caption"]: c["kind"] for c in world("instagram")["containers"].values()}
    assert kinds == {"Unnamed video": "video", "Unnamed photo": "image"}


def test_the_format_that_went_out_is_recorded(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    connect(cli, "instagram")
    urls = ("--media-url", "https://cdn.example.com/a.jpg", "--media-url", "https://cdn.example.com/b.jpg")
    result = post(cli, "-p", "instagram", "-t", "Two photos", *urls)
    assert result.exit_code == 0, result.stdout
    content_id = str(result.json()["data"]["published"][0]["id"])
    assert result.json()["data"]["published"][0]["format"] == "carousel"
    assert cli("--sandbox", "--json", "post", "show", content_id).json()["data"]["format"] == "carousel"
    assert [r["format"] for r in cli("--sandbox", "--json", "post", "list").json()["data"]] == ["carousel"]
    assert "instagram · carousel" in cli("--sandbox", "post", "list").stdout
    assert "instagram · carousel" in cli("--sandbox", "post", "status", content_id).stdout
    detail = cli("--sandbox", "--json", "analytics", "show", content_id).json()["data"]
    assert detail["format"] == "carousel"
    [media] = world("instagram")["media"].values()
    assert media["media_type"] == "CAROUSEL_ALBUM"


def test_a_link_on_a_post_psn_writes_is_saved_with_it_for_approval(cli, monkeypatch):
    monkeypatch.setenv("PSN_SECRETS", "file")
    connect(cli, "x", "facebook", "instagram")
    assert cli("--sandbox", "setup", "voice", "--archetype", "educator", "--pillar", "pottery").exit_code == 0
    link = "https://blog.example.com/wedging"
    refused = cli("--sandbox", "--json", "post", "Why wedging matters", "-p", "x", "-p", "instagram", "--link", link,
                  "--yes")
    assert refused.exit_code == 2 and "cannot go to Instagram" in refused.json()["error"]["message"]
    assert cli("--sandbox", "--json", "post", "list").json()["data"] == []  # refused before anything was written

    saved = cli("--sandbox", "--json", "post", "Why wedging matters", "-p", "x", "-p", "facebook", "--link", link,
                "--yes")
    assert saved.exit_code == 7, saved.stdout  # psn wrote it: nobody has seen it, so it waits for approval
    drafts = {d["platform"]: d for d in saved.json()["error"]["details"]["saved"]}
    assert drafts["x"]["text"].endswith(f"\n\n{link}") and drafts["facebook"]["format"] == "link"
    shown = cli("--sandbox", "post", "show", str(drafts["facebook"]["id"])).stdout
    assert f"link: {link}" in shown
    assert cli("--sandbox", "post", "approve", str(drafts["facebook"]["id"]), "--yes").exit_code == 0
    [fb] = world("facebook")["posts"].values()
    assert fb["link"] == link

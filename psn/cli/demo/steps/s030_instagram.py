"""Demo: connect sandbox Instagram and publish a carousel through containers."""

ORDER = 30
TITLE = "Connect Instagram and publish a carousel (sandbox)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    from psn.platforms.instagram.probe import make_jpeg

    folder = demo.home / "instagram-media"
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for number, (width, height) in enumerate([(1080, 1350), (1080, 1080), (1080, 1350)], start=1):
        photo = folder / f"look-{number}.jpg"
        photo.write_bytes(make_jpeg(width, height))
        photos.append(str(photo))
    demo.say("Connecting Instagram (Instagram Login: no Facebook Page needed). psn keeps")
    demo.say("the professional account id and a 60-day token it refreshes on its own.")
    demo.psn("setup", "instagram")
    demo.say("Instagram fetches images from a public URL. A real setup names an upload")
    demo.say("command (rclone, scp…); this stand-in only prints where the file would be:")
    demo.psn("config", "set", "instagram.media_host_command", "echo https://cdn.example.com/{hash}{ext}")
    demo.say("A carousel: one container per photo, then the parent. psn polls each until")
    demo.say("Instagram is done and saves every container id at once: a crash resumes,")
    demo.say("it never posts twice.")
    args = [a for photo in photos for a in ("--media", photo)]
    demo.psn("post", "--platform", "instagram", "--text", "Three looks for spring #slowfashion #handmade", *args,
             "--yes")
    demo.say("Every limit is checked before anything is sent: a PNG is refused (exit 2).")
    png = folder / "screenshot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    demo.psn("post", "--platform", "instagram", "--text", "A screenshot", "--media", str(png), "--yes", expect=2)
    demo.psn("post", "list", "--platform", "instagram")

"""Demo: connect sandbox LinkedIn, publish text and a carousel, and see its limits and versioning."""

ORDER = 22
TITLE = "Connect LinkedIn and publish (sandbox)"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Connecting LinkedIn: 3-legged OAuth (no PKCE), approved by the emulator here. For a real")
    demo.say("account, `psn setup linkedin` explains the developer app, its two products and the redirect URL.")
    demo.psn("setup", "linkedin")
    demo.say("LinkedIn cuts a post at the first unescaped ( ) * # … : psn escapes them and keeps #hashtags.")
    demo.psn("post", "--platform", "linkedin", "--yes", "--text",
             "Local-first publishing (no cloud) from my terminal #buildinpublic #python")
    slides = demo.home / "demo-media"
    slides.mkdir(exist_ok=True)
    images = []
    for number in range(1, 4):
        path = slides / f"slide-{number}.png"
        path.write_bytes(PNG + bytes([number]))
        images += ["--media", str(path)]
    demo.say("Three images become one multi-image post; each upload is checkpointed before the post is created.")
    demo.psn("post", "--platform", "linkedin", "--yes", "--text", "Three lessons, three slides.", *images)
    demo.say("LinkedIn has no threads: refused before anything is sent or recorded (exit 2).")
    demo.psn("post", "--platform", "linkedin", "--thread", "--yes", "--text", "One\n\nTwo", expect=2)
    demo.say("LinkedIn retires API versions after about a year. With a retired one, psn names the exact fix:")
    demo.psn("config", "set", "linkedin.version", "202401")
    demo.psn("post", "--platform", "linkedin", "--yes", "--text", "Sent with a retired API version", expect=3)
    demo.psn("config", "unset", "linkedin.version")
    demo.say("Tokens last 60 days and LinkedIn lets psn renew none: `psn accounts list` shows the countdown.")
    demo.psn("accounts", "list")

"""Demo: connect sandbox X and publish a post and a thread."""

ORDER = 20
TITLE = "Connect X and publish (sandbox)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Connecting X. In the sandbox the emulator approves the OAuth + PKCE flow by itself;")
    demo.say("for real accounts `psn setup x` explains which app to create and opens your browser.")
    demo.psn("setup", "x")
    demo.say("Publishing a post. --yes is your approval of exactly this text (without it psn asks).")
    demo.psn("post", "--platform", "x", "--text", "Trying psn: local-first social publishing from my terminal.",
             "--yes")
    demo.say("A thread: paragraphs become parts, each part is checkpointed so a crash never double-posts.")
    demo.psn("post", "--platform", "x", "--thread", "--yes", "--text",
             "Three things I learned shipping my side project:\n\n1. Ship small.\n\n2. Write it down.")
    demo.say("Over-long text is refused before anything is sent (exit code 2):")
    demo.psn("post", "--platform", "x", "--text", "too long " * 40, "--yes", expect=2)
    demo.psn("post", "list")
    demo.psn("accounts", "list")

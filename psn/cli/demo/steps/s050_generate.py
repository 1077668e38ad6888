"""Demo: a voice from an archetype, an idea in the bank, drafts for three platforms from it
(offline composer, nothing sent), the idea published on X, a post scheduled, and a Reel written
as a script that waits for its recording. X and Instagram were connected by earlier steps."""

ORDER = 50
TITLE = "Your voice, an idea, and drafts for three platforms"

IDEA = (
    "Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
    "Reset globals in a fixture. Never depend on test order."
)


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Build a voice profile from a starter archetype; the pillars are always your own:")
    demo.psn("setup", "voice", "--archetype", "educator", "--pillar", "python testing",
             "--pillar", "developer tools", "--name", "Ada, backend developer")
    demo.psn("voice", "show")
    demo.say("Capture an idea in the idea bank and move it forward:")
    demo.psn("ideas", "add", IDEA, "--pillar", "python testing", "--urgency", "high", "-p", "x")
    demo.psn("ideas", "promote", "1", "--to", "ready")
    demo.say("Draft it for X, LinkedIn and Instagram. No model is configured, so psn's offline composer")
    demo.say("writes them (and says so); each format is picked with a reason and checked against limits.")
    demo.say("--dry-run saves and sends nothing:")
    demo.psn("post", "--idea", "1", "-p", "x", "-p", "linkedin", "-p", "instagram", "--dry-run")
    demo.say("A format a platform does not have is refused before anything is written:")
    demo.psn("post", IDEA, "-p", "linkedin", "--format", "reel", "--dry-run", expect=2)
    demo.say("Now for real on X. On a terminal psn shows each draft and lets you approve, edit, regenerate,")
    demo.say("change the format, drop a platform or cancel. --yes never approves text nobody has seen: psn")
    demo.say("prints what it wrote, saves it as a draft and exits 7; you approve exactly that text:")
    demo.psn("post", "--idea", "1", "--yes", expect=7)
    demo.psn("post", "approve", _draft_id("x"), "--yes")
    demo.say("The idea is now used. Schedule another post for your next posting slot (your timezone):")
    demo.psn("post", "Fixtures beat setup methods: they say what a test needs.", "-p", "x", "--at", "next-slot",
             "--yes", expect=7)
    demo.psn("post", "approve", _draft_id("x"), "--at", "next-slot", "--yes")
    demo.say("A Reel with no video yet: psn writes the script (hook, beats, on-screen text, caption) and")
    demo.say("keeps the post waiting for the recording; `psn post finish` adds it and publishes:")
    demo.psn("post", "Isolate a flaky test in thirty seconds.", "-p", "instagram", "--format", "reel", "--yes",
             expect=7)
    waiting = _draft_id("instagram")
    demo.psn("post", "show", waiting)
    demo.psn("post", "finish", waiting, "--media", _recording(demo), "--yes")
    demo.psn("post", "list")
    demo.say("Every draft records the prompt version that wrote it:")
    demo.psn("prompts", "list")


def _recording(demo) -> str:  # type: ignore[no-untyped-def]
    from psn.platforms.instagram.probe import make_mp4

    take = demo.home / "reel-take-1.mp4"
    take.write_bytes(make_mp4(20.0))
    return str(take)


def _draft_id(platform: str) -> str:
    """The id of the draft just saved for `platform` (earlier steps made other posts, so it is looked up)."""
    from psn.context import AppContext
    from psn.publishing.records import list_content

    [row] = list_content(AppContext.create(sandbox=True), status="draft", platform=platform, limit=1)
    return str(row.id)

"""Demo: a voice from an archetype, an idea in the bank, and drafts for three platforms from it,
written by the offline composer. Nothing is published."""

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
    demo.psn("ideas", "add", IDEA, "--pillar", "python testing", "--urgency", "high")
    demo.psn("ideas", "promote", "1", "--to", "ready")
    demo.psn("ideas", "list")
    demo.say("Draft it for X, LinkedIn and Instagram. No model is configured, so psn's offline composer")
    demo.say("writes them (and says so); each format is picked with a reason and checked against limits:")
    demo.psn("voice", "preview", "--idea", "1", "--platform", "x", "--platform", "linkedin", "--platform", "instagram")
    demo.say("A format that does not exist on a platform is refused before anything is written:")
    demo.psn("voice", "preview", IDEA, "--platform", "linkedin", "--format", "reel", expect=2)
    demo.say("Every draft records the prompt version that wrote it:")
    demo.psn("prompts", "list")

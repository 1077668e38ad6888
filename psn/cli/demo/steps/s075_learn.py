"""Demo: learning cycles: the day-old posts trigger one per channel; a post that takes off
triggers another, whose text gradient critiques the best post against the worst."""

ORDER = 75
TITLE = "Learn: evolve each channel's prompt from what performed (offline composer, seeded)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("A post triggers a learning cycle for its channel (platform/format) after 100 engagement")
    demo.say("events or 24 hours, whichever comes first. The posts above are two days old:")
    demo.psn("learn", "run")
    demo.say("One post per channel is too little to compare, so those cycles only mutated the prompt.")
    demo.say("Now a short X post with a question takes off (150 views, 20 likes: past the threshold):")
    demo.psn("post", "-p", "x", "-t", "Ship small.\nWhat did you ship this week?", "--yes")
    demo.psn("analytics", "record", str(_latest_x_post()), "--views", "150", "--likes", "20")
    demo.psn("learn", "run")
    demo.say("Versions are scored by their posts' weighted engagement relative to the channel's average,")
    demo.say("shrunk towards it until they have a few posts, so one lucky post does not win. The gradient")
    demo.say("step critiqued the best post against the worst and rewrote the prompt; the voice and")
    demo.say("platform-rule blocks are never touched, and every version keeps its parents, diff and score:")
    demo.psn("learn", "history", "x/single")
    demo.say("The next post draws the best version, or, one time in five, a new one still being tried:")
    demo.psn("learn", "status", "--channel", "x/single")
    demo.say("Want to review changes first? New versions then wait for `psn learn approve VERSION`:")
    demo.psn("learn", "lock", "x/single", "--mode", "approval")


def _latest_x_post() -> int:
    from psn.context import AppContext
    from psn.publishing.records import list_content

    return list_content(AppContext.create(sandbox=True), "published", "x", 1)[0].id or 0

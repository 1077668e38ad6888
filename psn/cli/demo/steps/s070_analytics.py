"""Demo: measure the posts published earlier, let two days pass, measure again, and report."""

ORDER = 70
TITLE = "Analytics: pull metrics, then see what worked (sandbox)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Measuring published posts. Fresh posts (up to 7 days) are measured on every pull,")
    demo.say("8-30 days every third day, older ones only with --all; growth becomes engagement events.")
    demo.psn("analytics", "pull")
    demo.say("Two days pass in the sandbox, and a reader clicks the link in a post you track by hand:")
    demo.psn("sandbox", "advance", "2d")
    demo.psn("analytics", "pull")
    demo.psn("analytics", "record", "1", "--clicks", "12", "--conversions", "1")
    demo.say("The weighted score: views x1, likes x2, clicks x3, comments/saves/replies x4, shares x5,")
    demo.say("conversions x10. Change them with, e.g. (kinds left out weigh 0),")
    demo.say("`psn config set analytics.weights '{view = 1, like = 2, comment = 4, share = 8}'`.")
    demo.psn("analytics")
    demo.psn("analytics", "leaderboard")
    demo.psn("events", "--limit", "5")

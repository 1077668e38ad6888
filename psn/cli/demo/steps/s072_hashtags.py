"""Demo: the Instagram hashtag pool, ranked from the posts analytics just measured."""

ORDER = 72
TITLE = "Instagram's hashtag pool from your best posts (sandbox)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("The hashtags of your measured Instagram posts, ranked by the engagement they earned")
    demo.say("(the daemon does this weekly). Instagram drafts draw from the pool, best first.")
    demo.psn("hashtags", "refresh")
    demo.say("Your own picks join it and stay until you remove them:")
    demo.psn("hashtags", "add", "springstyle")
    demo.psn("hashtags", "list")
    demo.say("Hashtag search needs the Facebook-Login path (30 hashtags a week): without it, psn says so.")
    demo.psn("hashtags", "search", "linen", expect=3)

"""The demo's first step: an isolated home, config with provenance, and a health check."""

ORDER = 10
TITLE = "An isolated home, its settings and a health check"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say(f"Everything in this demo lives under {demo.home}; your real psn home is untouched.")
    demo.say("Settings come from defaults < config.toml < PSN_* environment < flags. Set a timezone:")
    demo.psn("config", "set", "general.timezone", "Europe/Paris")
    demo.psn("config", "get", "general.timezone")
    demo.say("A bad value is refused with exit code 2 and nothing is written:")
    demo.psn("config", "set", "general.timezone", "Mars/Olympus", expect=2)
    demo.say("`psn doctor` shows paths, where each setting came from, the secrets store and the database:")
    demo.psn("doctor")

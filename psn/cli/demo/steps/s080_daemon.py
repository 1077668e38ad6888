"""The daemon: one tick of the background jobs, run in the foreground, and its status."""

ORDER = 80
TITLE = "The daemon: one tick of the background jobs"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("The daemon runs psn's jobs on schedules; `--once` runs what is due now and exits.")
    demo.say("Notifications go to the log in this demo (desktop, webhook and email are one setting away):")
    demo.psn("config", "set", "notify.channels", '["log"]')
    demo.psn("notify", "queue", "A post is due for review", "--body", "Your draft about pacing is ready.")
    scheduled = demo.data("post", "list", "--status", "scheduled")
    if scheduled:  # the sandbox clock moved 3 days since it was scheduled, with no daemon running
        demo.say("The post scheduled earlier was due while no daemon ran; move it to a minute from now:")
        demo.psn("post", "edit", str(scheduled[0]["id"]), "--at", _in_a_minute(demo))
        demo.psn("sandbox", "advance", "2m")
    demo.psn("daemon", "run", "--once")
    demo.say("Each run is recorded; `status` shows the last and next run of every job:")
    demo.say("It is not running in the background here, so `status` exits 3 (scripts can test for that):")
    demo.psn("daemon", "status", expect=3)
    demo.psn("notify", "history")
    demo.say("`psn daemon install` writes a systemd user unit (or a launchd agent) to keep it running.")


def _in_a_minute(demo) -> str:  # type: ignore[no-untyped-def]
    """A minute from the sandbox world's now, as `--at` takes it (in the creator's timezone)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime.fromisoformat(demo.data("sandbox", "status")["now"])
    zone = ZoneInfo(demo.data("config", "get", "general.timezone")["value"])
    return f"{(now + timedelta(minutes=1)).astimezone(zone):%Y-%m-%d %H:%M}"

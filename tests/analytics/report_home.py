"""A sandbox home with a week of analytics, built through the CLI, for the HTML report tests.

X connected, a voice profile, one post psn wrote from an idea (so it has a prompt version), one
post whose text is HTML and one long post; two pulls a day apart with followers growing by 37 and
engagement recorded by hand, in a timezone that is not UTC."""

from __future__ import annotations

from dataclasses import dataclass

HOSTILE = '<script>alert("pwned")</script> & <b>bold</b> claims'
LONG = "\n\n".join(" ".join(f"centred{p}x{i} clay" for i in range(12)) for p in range(6)) + " FINALWORD"
"""A six-post thread of about 1,200 characters: the report cuts it at a word boundary."""
TIMEZONE = "Asia/Tokyo"


@dataclass(frozen=True)
class ReportHome:
    posts: list[dict]
    """`psn post list --json` after the week: id, text, url…"""


def build(cli) -> ReportHome:  # type: ignore[no-untyped-def]
    def ok(*args: str):  # type: ignore[no-untyped-def]
        result = cli("--sandbox", *args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    ok("setup", "x")
    ok("setup", "voice", "--archetype", "educator", "--pillar", "pottery")
    ok("config", "set", "general.timezone", TIMEZONE)
    # psn's own text is saved unseen (exit 7), then published once approved: the report's prompt
    # versions come from a post psn wrote
    assert cli("--sandbox", "post", "why slow drying stops cracks", "-p", "x", "--yes").exit_code == 7
    ok("post", "approve", "1", "--yes")
    ok("post", "-p", "x", "-t", HOSTILE, "--yes")
    ok("post", "-p", "x", "-t", LONG, "--thread", "--yes")
    ok("analytics", "pull")
    posts = ok("--json", "post", "list").json()["data"]
    for post, likes in zip(sorted(posts, key=lambda p: p["id"]), (40, 25, 10), strict=True):
        ok("analytics", "record", str(post["id"]), "--likes", str(likes), "--views", str(likes * 30))
    grow_followers(37)
    ok("sandbox", "advance", "1d")
    ok("analytics", "pull")
    return ReportHome(posts=ok("--json", "post", "list").json()["data"])


def grow_followers(by: int) -> None:
    """The emulator's follower count does not move by itself: people followed the creator."""
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx, current
    from psn.sandbox.x import CREATOR

    current().sandbox = True
    with sandbox_world(ctx()).state("x") as state:
        state["users"][CREATOR["id"]]["followers"] += by

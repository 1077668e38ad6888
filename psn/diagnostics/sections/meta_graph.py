"""Doctor section: the Graph API versions psn pins for Facebook and WhatsApp, and until when Meta
keeps them (an ended version would silently be answered by another one, so psn refuses it).

Checked offline against the end dates in psn's table (contracts §3.1): a version that has ended,
is older than every version Meta still serves, is unknown, or ends within WARN_DAYS is a warning
that names the exact `psn config set` to run."""

NAME = "graph_api"
ORDER = 30
WARN_DAYS = 90


def collect(ctx) -> dict:  # type: ignore[no-untyped-def]
    from psn.platforms.facebook.graph import version_hint, version_info

    today = ctx.clock.now().date()
    out: dict = {"ok": True, "warnings": []}
    for platform in ("facebook", "whatsapp"):
        info = version_info(getattr(ctx.settings, platform).graph_version, today)
        out[platform] = info.summary()
        ending = info.available_until is not None and (info.days_left or 0) < WARN_DAYS
        if info.expired or ending or not info.known:
            out["ok"] = False
            out["warnings"].append(f"{platform}: {info.summary()} {version_hint(f'{platform}.graph_version')}")
    return out

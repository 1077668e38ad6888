"""Doctor section: connected accounts, token expiry and warnings (never token values)."""

NAME = "accounts"
ORDER = 10


def collect(ctx) -> dict:  # type: ignore[no-untyped-def]
    from psn.accounts.connect import account_health

    rows = account_health(ctx)
    warnings = [f"{r['platform']}: {w}" for r in rows for w in r["warnings"]]
    return {
        "ok": not warnings,
        "connected": [f"{r['platform']}:@{r['handle']}" for r in rows if r["status"] != "disconnected"],
        "warnings": warnings,
    }

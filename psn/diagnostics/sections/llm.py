"""Doctor section: which model writes drafts, whether its key is there, and 30 days of usage."""

from __future__ import annotations

from typing import Any

from psn.context import AppContext

NAME = "llm"
ORDER = 50


def collect(ctx: AppContext) -> dict[str, Any]:
    from psn.llm.base import is_local
    from psn.llm.registry import PROVIDERS, read_key
    from psn.llm.usage import usage_summary

    settings = ctx.settings.llm
    spec = PROVIDERS[settings.provider]
    base_url = settings.base_url or spec.default_base_url
    if settings.provider == "offline" or (settings.provider == "openai" and is_local(base_url)):
        key = "not needed"
    else:
        key = "stored" if read_key(ctx.secrets, settings.provider) else "missing"
    usage = usage_summary(ctx.db, ctx.clock.now(), days=30)
    report: dict[str, Any] = {
        "ok": key != "missing",
        "provider": settings.provider,
        "model": settings.model or spec.default_model,
        "base_url": base_url,
        "key": key,
        "calls_30d": usage.calls,
        "failed_30d": usage.failed,
        "tokens_30d": usage.input_tokens + usage.output_tokens,
        "cost_usd_30d": usage.cost_usd,
    }
    if key == "missing":
        report["hint"] = f"Run `psn setup llm --provider {settings.provider}`, or use the offline composer."
    return report

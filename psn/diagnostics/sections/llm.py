"""Doctor section: which model writes drafts, whether its key is there, and 30 days of its usage.

Only the provider in use is described: after a switch to the offline composer, a model or URL
left in config.toml is not used, so showing it beside a ✓ would say the opposite of the truth.
Call and failure counts are those of the current provider and model, not of earlier choices.
"""

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
    model = spec.default_model if settings.provider == "offline" else settings.model or spec.default_model
    report: dict[str, Any] = {"ok": True, "provider": settings.provider, "model": model}
    if settings.provider == "offline":
        report["key"] = "not needed"
    else:
        base_url = settings.base_url or spec.default_base_url
        local = settings.provider == "openai" and is_local(base_url)
        key = "not needed" if local else "stored" if read_key(ctx.secrets, settings.provider) else "missing"
        report |= {"ok": key != "missing", "base_url": base_url, "key": key}
    usage = usage_summary(ctx.db, ctx.clock.now(), days=30, provider=settings.provider, model=model)
    report |= {
        "calls_30d": usage.calls,
        "failed_30d": usage.failed,
        "tokens_30d": usage.input_tokens + usage.output_tokens,
        "cost_usd_30d": usage.cost_usd,
    }
    if report["key"] == "missing":
        report["hint"] = f"Run `psn setup llm --provider {settings.provider}`, or use the offline composer."
    elif settings.provider != "offline":
        report |= _recent_failures(ctx, settings.provider, model, usage.calls, usage.failed)
    return report


def _recent_failures(ctx: AppContext, provider: str, model: str, calls: int, failed: int) -> dict[str, Any]:
    """A ✓ must mean drafts get written: the last call failed (a model name the server refuses,
    a server that stopped), or a quarter of the month's calls did, is not fine."""
    from psn.llm.usage import last_call

    last = last_call(ctx.db, provider, model)
    if last is not None and not last.ok:
        return {"ok": False, "last_call": f"failed ({last.error})",
                "hint": "`psn setup llm` tests the server before saving a model it accepts."}
    if calls >= 4 and failed * 4 >= calls:
        return {"ok": False, "hint": f"{failed} of {calls} calls failed in 30 days: "
                                     "`psn setup llm` tests the server before saving."}
    return {}

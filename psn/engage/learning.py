"""Learning from outcomes: measure replies sent through an API, compare what they earned with the
score components that picked them, and suggest (or, with engage.auto_tune, apply within the
configured bounds) score-weight changes. `learn(ctx)` is what the daemon's daily pull calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from statistics import fmean, pstdev
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from psn.core.clock import ensure_utc
from psn.core.errors import PsnError
from psn.core.sections.engage import EngageSettings
from psn.platforms.base import EngagementMetrics
from psn.store.db import Database, record_event
from psn.store.engage_tables import EngageLog, Opportunity, Outcome, WeightChange

COMPONENTS = ("relevance", "recency", "reach", "potential")
OUTCOME_WEIGHTS = {"likes": 2, "comments": 4, "shares": 5}
MEASURE_AFTER = timedelta(hours=24)
MIN_SAMPLES = 8
MIN_GAP = 0.3  # correlation gap between the best and worst component before anything is suggested
TUNE_EVERY = timedelta(days=7)


def outcome_score(m: EngagementMetrics) -> int:
    return sum(getattr(m, name) * weight for name, weight in OUTCOME_WEIGHTS.items())


def due(db: Database, now: datetime) -> list[EngageLog]:
    """API replies at least a day old that were never measured."""
    query = (select(EngageLog).where(EngageLog.delivery == "api", col(EngageLog.platform_reply_id).is_not(None),
                                     col(EngageLog.sent_at) <= ensure_utc(now) - MEASURE_AFTER)
             .where(col(EngageLog.id).not_in(select(Outcome.log_id))))
    with db.session() as session:
        return list(session.exec(query.order_by(col(EngageLog.id))).all())


def pull_outcomes(db: Database, adapter_for: Callable[[str], Any], now: datetime) -> dict[str, dict[str, Any]]:
    """Fetch metrics for due replies, one call per platform; a failing platform never stops the others."""
    by_platform: dict[str, list[EngageLog]] = {}
    for log in due(db, now):
        by_platform.setdefault(log.platform, []).append(log)
    report: dict[str, dict[str, Any]] = {}
    for platform, logs in by_platform.items():
        report[platform] = _measure(db, adapter_for(platform), logs, now)
    return report


def _measure(db: Database, adapter: Any, logs: list[EngageLog], now: datetime) -> dict[str, Any]:
    if adapter is None:
        return {"measured": 0, "error": "not connected"}
    try:
        metrics = adapter.fetch_metrics([str(log.platform_reply_id) for log in logs])
    except PsnError as exc:
        return {"measured": 0, "error": exc.message}
    rows = [Outcome(log_id=log.id or 0, measured_at=now, views=m.views, likes=m.likes, comments=m.comments,
                    shares=m.shares, score=outcome_score(m))
            for log in logs if (m := metrics.get(str(log.platform_reply_id))) is not None]
    with db.session() as session:
        session.add_all(rows)
    return {"measured": len(rows), "error": None}


def samples(db: Database) -> list[tuple[dict[str, float], int]]:
    query = (select(Opportunity, Outcome).join(EngageLog, col(EngageLog.opportunity_id) == Opportunity.id)
             .join(Outcome, col(Outcome.log_id) == EngageLog.id))
    with db.session() as session:
        rows = session.exec(query).all()
    return [({c: getattr(o, f"{c}_bp") / 100 for c in COMPONENTS}, out.score) for o, out in rows]


def correlation(xs: list[float], ys: list[float]) -> float:
    sx, sy = pstdev(xs), pstdev(ys)
    if not sx or not sy:
        return 0.0
    mx, my = fmean(xs), fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) * sx * sy)


def suggest(db: Database, settings: EngageSettings) -> list[dict[str, Any]]:
    """Raise the weight of the component that best predicts outcomes, lower the worst, by one step."""
    found = samples(db)
    if len(found) < MIN_SAMPLES:
        return []
    scores = [float(s) for _, s in found]
    corr = {c: round(correlation([parts[c] for parts, _ in found], scores), 2) for c in COMPONENTS}
    best, worst = max(corr, key=corr.__getitem__), min(corr, key=corr.__getitem__)
    if corr[best] - corr[worst] < MIN_GAP:
        return []
    weights, step = settings.weights(), settings.auto_tune_step
    targets = {best: min(settings.auto_tune_max_weight, weights[best] + step),
               worst: max(settings.auto_tune_min_weight, weights[worst] - step)}
    reason = f"{best} correlates {corr[best]:+.2f} with reply outcomes, {worst} {corr[worst]:+.2f}"
    return [{"component": c, "from": weights[c], "to": t, "reason": reason, "samples": len(found),
             "correlations": corr} for c, t in targets.items() if t != weights[c]]


def auto_tune(db: Database, settings: EngageSettings, now: datetime,
              write: Callable[[str, int], None]) -> list[dict[str, Any]]:
    """Apply the suggestions when engage.auto_tune is on, at most once a week, within the bounds."""
    if not settings.auto_tune or _tuned_recently(db, now):
        return []
    applied = suggest(db, settings)
    for change in applied:
        write(f"weight_{change['component']}", change["to"])
    with db.session() as session:
        session.add_all([WeightChange(at=now, component=c["component"], old_weight=c["from"], new_weight=c["to"],
                                      reason=c["reason"], samples=c["samples"]) for c in applied])
    if applied:
        with db.write() as conn:
            record_event(conn, "engage.weights_tuned", now, subject="engage.weights",
                         changes={c["component"]: [c["from"], c["to"]] for c in applied})
    return applied


def _tuned_recently(db: Database, now: datetime) -> bool:
    with db.session() as session:
        last = session.exec(select(func.max(WeightChange.at))).one()
    return last is not None and ensure_utc(now) - ensure_utc(last) < TUNE_EVERY


def weight_changes(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.exec(select(WeightChange).order_by(col(WeightChange.id).desc()).limit(limit)).all()
    return [{"at": r.at, "component": r.component, "from": r.old_weight, "to": r.new_weight, "reason": r.reason,
             "samples": r.samples} for r in rows]


def outcome_summary(db: Database, since: datetime) -> dict[str, dict[str, Any]]:
    """Per platform: API replies sent in the period, how many were measured, and what they earned."""
    query = (select(EngageLog, Outcome).join(Outcome, col(Outcome.log_id) == EngageLog.id, isouter=True)
             .where(EngageLog.delivery == "api", col(EngageLog.sent_at) >= since))
    with db.session() as session:
        rows = session.exec(query).all()
    out: dict[str, dict[str, Any]] = {}
    for log, outcome in rows:
        entry = out.setdefault(log.platform, {"api_replies": 0, "measured": 0, "likes": 0, "comments": 0,
                                              "shares": 0, "average_score": 0.0})
        entry["api_replies"] += 1
        if outcome is not None:
            entry["measured"] += 1
            for key in ("likes", "comments", "shares"):
                entry[key] += getattr(outcome, key)
            entry["average_score"] += outcome.score
    for entry in out.values():
        entry["average_score"] = round(entry["average_score"] / entry["measured"], 1) if entry["measured"] else None
    return dict(sorted(out.items()))


def learn(ctx: Any) -> dict[str, Any]:
    """The daily job: measure due replies, then auto-tune (if enabled) and report the suggestions."""
    from psn.engage.config import set_key
    from psn.engage.reply import connected_adapter

    now, settings = measuring_now(ctx), ctx.settings.engage
    pulled = pull_outcomes(ctx.db, lambda platform: connected_adapter(ctx, platform), now)
    applied = auto_tune(ctx.db, settings, now,
                        lambda key, value: set_key(ctx.paths.config_file, ctx.db, now, key, str(value)))
    return {"outcomes": pulled, "applied": applied, "suggestions": [] if applied else suggest(ctx.db, settings)}


def measuring_now(ctx: Any) -> datetime:
    """In the sandbox, the emulated world's time (so `psn sandbox advance 2d` ages the replies)."""
    if ctx.sandbox:
        from psn.accounts.wiring import sandbox_world

        return sandbox_world(ctx).now()
    return ctx.clock.now()

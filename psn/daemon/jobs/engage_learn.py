"""Daily: measure replies sent through an API a day ago and tune engagement weights within bounds."""

from __future__ import annotations

from psn.daemon.job import JobContext, JobOutcome

NAME = "engage_learn"
SCHEDULE = "daily 06:30"
DESCRIPTION = "Measure what sent replies earned; suggest (or, with engage.auto_tune, apply) weight changes"
ORDER = 35


def run(ctx: JobContext) -> JobOutcome:
    from psn.engage.learning import learn

    report = learn(ctx.app)
    outcomes = report["outcomes"].values()
    measured = sum(int(o.get("measured", 0)) for o in outcomes)
    errors = [f"{p}: {o['error']}" for p, o in report["outcomes"].items() if o.get("error")]
    if not measured and not report["applied"] and not errors:
        return JobOutcome.idle("no reply due for measuring")
    summary = f"{measured} replies measured, {len(report['applied'])} weight change(s)"
    if errors:
        return JobOutcome.partial(summary + "; " + "; ".join(errors), measured=measured)
    return JobOutcome.done(summary, measured=measured, applied=len(report["applied"]))

"""`psn analytics report --html FILE`: one self-contained page (inline SVG, inline CSS, no script,
no external assets), so it opens offline, can be mailed as a single file and kept open.

Written 0600: it names the creator's accounts and unpublished numbers, like everything psn keeps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from psn.analytics import charts
from psn.analytics.report_data import Followers, ReportData, Slot, gather
from psn.context import AppContext

TEMPLATE = Path(__file__).with_name("report.html.j2")


def trend_chart(data: ReportData) -> charts.Chart:
    base = charts.Chart("Weighted engagement score per day", "day (UTC)", "score (points)")
    labels = [_day_label(d) for d in data.days]
    tips = [f"{d:%a %d %b %Y}: {v:,.0f} points" for d, v in zip(data.days, data.summary.daily, strict=True)]
    return charts.bar_chart(base, labels, data.summary.daily, tips, room=10)


def follower_chart(series: Followers) -> charts.Chart:
    base = charts.Chart(f"Followers of {series.account or series.platform} over time", "date (UTC)", "followers",
                        height=200)
    xs = [t.timestamp() for t in series.at]
    tips = [f"{t:%d %b %Y %H:%M} UTC: {n:,} followers" for t, n in zip(series.at, series.counts, strict=True)]
    return charts.line_chart(base, xs, [float(n) for n in series.counts], tips, _date_ticks(series.at))


def _date_ticks(moments: list[datetime], room: int = 6) -> list[tuple[float, str]]:
    """Midnights (UTC) between the first and last moment, thinned to `room` labels; when fewer
    than two midnights fall inside (pulls within a day), the first and last moment with their time."""
    if not moments:
        return []
    first, last = moments[0].timestamp(), moments[-1].timestamp()
    midnight = first - first % 86400
    days = int((last - midnight) // 86400) + 1
    step = max(1, -(-days // room))
    inside = [t for t in (midnight + i * 86400 for i in range(0, days + 1, step)) if first <= t <= last]
    if len(inside) >= 2:
        return [(t, _day_label(datetime.fromtimestamp(t, UTC))) for t in inside]
    return [(t, f"{_day_label(datetime.fromtimestamp(t, UTC))} {datetime.fromtimestamp(t, UTC):%H:%M}")
            for t in sorted({first, last})]


def _day_label(moment: datetime) -> str:
    return f"{moment:%b} {moment.day}"


def slot_chart(title: str, x_label: str, slots: list[Slot], room: int = 24) -> charts.Chart:
    base = charts.Chart(title, x_label, "average score per post", height=220)
    tips = [f"{s.label}: {s.average:,.1f} points on average over {s.posts} post(s)" for s in slots]
    return charts.bar_chart(base, [s.label[:3] if len(s.label) > 5 else s.label for s in slots],
                            [s.average for s in slots], tips, room=room)


def best(slots: list[Slot]) -> str | None:
    ranked = sorted((s for s in slots if s.posts), key=lambda s: -s.average)
    return ranked[0].label if ranked and ranked[0].average > 0 else None


def _hour_span(label: str | None) -> str | None:
    return f"{label}–{label[:2]}:59" if label else None


def render_report(ctx: AppContext, days: int, campaign: str | None = None) -> str:
    from jinja2 import Environment, StrictUndefined

    from psn.core.sections.analytics import KINDS

    data = gather(ctx, days, campaign)
    # Autoescape: post text, account names and campaign names are user text and never trusted as HTML.
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        d=data, kinds=KINDS, trend=trend_chart(data),
        followers=[(s, follower_chart(s)) for s in data.followers],
        weekdays=slot_chart("Average score by weekday of publishing", f"weekday ({data.timezone})", data.weekdays),
        hours=slot_chart("Average score by hour of publishing", f"hour of day ({data.timezone})", data.hours,
                         room=12),
        best_day=best(data.weekdays), best_hour=_hour_span(best(data.hours)),
        plural={k: k[:-1] + "ies" if k.endswith("y") else k + "s" for k in KINDS},
        gmax=max((g.score for g in data.summary.groups), default=0) or 1)


def write_report(ctx: AppContext, path: Path, days: int, campaign: str | None = None) -> Path:
    from psn.core.filelock import replace_privately
    from psn.core.files import check_output_file

    path = check_output_file(path, "--html report.html")  # before the report is computed
    try:
        replace_privately(path, render_report(ctx, days, campaign).encode("utf-8"))
    except OSError as exc:
        from psn.core.errors import BadInput

        raise BadInput(f"Cannot write {path}: {exc.strerror}.", hint="Choose a folder you can write to.") from None
    return path

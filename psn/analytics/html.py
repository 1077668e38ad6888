"""`psn analytics report --html FILE`: one self-contained page (inline SVG, inline CSS, no
external assets), so it opens offline and can be mailed as a single file."""

from __future__ import annotations

from pathlib import Path

from psn.analytics import reports
from psn.context import AppContext

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>psn analytics</title>
<style>body{font:15px system-ui,sans-serif;max-width:860px;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}.muted{color:#777}</style></head><body>
<h1>Engagement report</h1>
<p class="muted">{{ s.since.date() }} → {{ s.until.date() }}{% if campaign %} · campaign {{ campaign }}{% endif %}
 · total weighted score {{ "{:,.0f}".format(s.total_score) }}</p>
<h2>Trend (weighted score per day)</h2>
<svg width="800" height="120" viewBox="0 0 800 120" role="img" aria-label="daily score">
{% for v in s.daily %}<rect x="{{ loop.index0 * bw }}" y="{{ 110 - (v / dmax * 100) }}" width="{{ bw - 1 }}"
 height="{{ v / dmax * 100 }}" fill="#4a7"><title>{{ v }}</title></rect>{% endfor %}
<line x1="0" y1="110" x2="800" y2="110" stroke="#999"/></svg>
<h2>By channel</h2>
<svg width="800" height="{{ s.groups|length * 28 + 4 }}" role="img" aria-label="score by channel">
{% for g in s.groups %}<text x="0" y="{{ loop.index0 * 28 + 18 }}">{{ g.group }}</text>
<rect x="120" y="{{ loop.index0 * 28 + 4 }}" width="{{ (g.score / gmax * 560)|round(1) }}" height="20" fill="#47a"/>
<text x="{{ 128 + g.score / gmax * 560 }}" y="{{ loop.index0 * 28 + 18 }}">{{ "{:,.0f}".format(g.score) }}</text>
{% endfor %}</svg>
<table><tr><th>channel</th>{% for k in kinds %}<th>{{ k }}</th>{% endfor %}<th>score</th></tr>
{% for g in s.groups %}<tr><td>{{ g.group }}</td>{% for k in kinds %}<td>{{ g.counts.get(k, 0) }}</td>{% endfor %}
<td>{{ "{:,.0f}".format(g.score) }}</td></tr>{% endfor %}</table>
<h2>Leaderboard</h2>
<table><tr><th>content</th><th>channel</th><th>score</th></tr>
{% for r in top %}<tr><td>#{{ r.content_id }} {{ r.text[:80] }}</td><td>{{ r.platform }}</td>
<td>{{ "{:,.0f}".format(r.score) }}</td></tr>{% endfor %}</table>
</body></html>
"""


def render_report(ctx: AppContext, days: int, campaign: str | None = None) -> str:
    from jinja2 import Environment

    from psn.core.sections.analytics import KINDS

    flt = reports.window(ctx, days, campaign=campaign)
    data = reports.summary(ctx, flt)
    top = reports.leaderboard(ctx, flt, 20)
    env = Environment(autoescape=True)  # content text is the creator's, but never trust it inside HTML
    return env.from_string(TEMPLATE).render(
        s=data, top=top, kinds=KINDS, campaign=campaign, bw=800 / max(1, len(data.daily)),
        dmax=max(data.daily, default=0) or 1, gmax=max((g.score for g in data.groups), default=0) or 1)


def write_report(ctx: AppContext, path: Path, days: int, campaign: str | None = None) -> Path:
    from psn.core.files import check_output_file, write_text_file

    check_output_file(path, "--html report.html")  # before the report is computed
    return write_text_file(path, render_report(ctx, days, campaign), "--html report.html")

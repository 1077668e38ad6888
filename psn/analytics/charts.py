"""Chart geometry for the HTML report: axes with round tick values, bars and lines in SVG user
units. Pure functions over numbers and labels; the template only draws what they return, so
every chart has labelled axes, units and readable ticks without a plotting library or script."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 860, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 52
"""Margins: the y tick labels sit in LEFT, the x tick labels and the x axis title in BOTTOM."""


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A bar (width and height > 0) or a point of a line (a dot), with its tooltip."""

    x: float
    y: float
    width: float
    height: float
    tip: str


@dataclass(frozen=True)
class Chart:
    title: str
    x_label: str
    y_label: str
    width: int = WIDTH
    height: int = HEIGHT
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    bars: list[Mark] = field(default_factory=list)
    dots: list[Mark] = field(default_factory=list)

    @property
    def left(self) -> int:
        return LEFT

    @property
    def top(self) -> int:
        return TOP

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def bottom(self) -> int:
        return self.height - BOTTOM

    @property
    def line(self) -> str:
        """The dots joined, as SVG polyline points."""
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


def nice_ticks(top: float, count: int = 4, bottom: float = 0.0) -> list[float]:
    """Round steps (1, 2, 2.5 or 5 × 10^n) from at most `bottom` up to at least `top`: axis values
    people read at a glance."""
    if top <= 0:  # nothing yet: an axis from 0 to 1
        return [0.0, 1.0]
    if top <= bottom:  # a flat series: a small band around it, so the line sits inside the plot
        top, bottom = top + max(1.0, abs(top) * 0.01), max(0.0, bottom - max(1.0, abs(bottom) * 0.01))
    raw = (top - bottom) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(bottom / step + 1e-9)
    return [round(i * step, 10) for i in range(start, math.ceil(top / step - 1e-9) + 1)]


def compact(value: float) -> str:
    """1234 → 1.2k, 2500000 → 2.5M, 2.5 → 2.5: tick labels that fit the margin."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _y_axis(chart: Chart, values: list[float], from_zero: bool = True) -> tuple[list[Tick], float, float]:
    """The y ticks and the (low, high) they span; bars start at zero, lines may zoom in on their range."""
    ticks = nice_ticks(max(values, default=0), bottom=0.0 if from_zero else min(values, default=0))
    low, high = ticks[0], ticks[-1]
    return [Tick(_scale(chart, t, low, high), tick_label(t, ticks[1] - ticks[0])) for t in ticks], low, high


def tick_label(value: float, step: float) -> str:
    """As short as the step allows: 15k for steps of thousands, 1,240 when the steps are 20 apart
    (1.2k, 1.2k, 1.3k would repeat), 2.5 for fractional steps."""
    if step >= 1000 or (value >= 1e6 and step >= 1e5):
        return compact(value)
    if step >= 1:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _scale(chart: Chart, value: float, low: float, high: float) -> float:
    return chart.bottom - (value - low) / ((high - low) or 1) * (chart.bottom - chart.top)


def _every(count: int, room: int) -> int:
    """Label every n-th slot so at most `room` labels share the axis."""
    return max(1, math.ceil(count / room))


def bar_chart(chart: Chart, labels: list[str], values: list[float], tips: list[str], room: int = 12) -> Chart:
    """One bar per label, left to right; only every n-th label is printed when they would collide."""
    y_ticks, low, high = _y_axis(chart, values)
    slot = (chart.right - chart.left) / max(1, len(values))
    bars, x_ticks = [], []
    every = _every(len(labels), room)
    for i, (label, value, tip) in enumerate(zip(labels, values, tips, strict=True)):
        y = _scale(chart, value, low, high)
        bars.append(Mark(chart.left + i * slot + slot * 0.12, y, slot * 0.76, chart.bottom - y, tip))
        if i % every == 0:
            x_ticks.append(Tick(chart.left + (i + 0.5) * slot, label))
    return Chart(chart.title, chart.x_label, chart.y_label, chart.width, chart.height, x_ticks, y_ticks, bars)


def line_chart(chart: Chart, xs: list[float], ys: list[float], tips: list[str],
               x_ticks: list[tuple[float, str]]) -> Chart:
    """Points at (x, y) in data units joined by a line; `x_ticks` are (x in data units, label).
    The y axis spans the values' range (a follower count of 1,500 ± 40 would be a flat line from 0)."""
    y_ticks, bottom, top = _y_axis(chart, ys, from_zero=False)
    low, high = min(xs, default=0.0), max(xs, default=1.0)
    width = (high - low) or 1.0

    def at(x: float) -> float:
        return chart.left + 8 + (x - low) / width * (chart.right - chart.left - 16)

    dots = [Mark(at(x), _scale(chart, y, bottom, top), 0, 0, tip) for x, y, tip in zip(xs, ys, tips, strict=True)]
    shown = [Tick(at(x), label) for x, label in x_ticks if low <= x <= high]
    return Chart(chart.title, chart.x_label, chart.y_label, chart.width, chart.height, shown, y_ticks, [], dots)

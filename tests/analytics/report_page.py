"""Read the HTML report the way a browser shows it: sections, links, chart labels and visible text.
Used on the file psn wrote and on the DOM Chromium rendered from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SECTIONS = {"trend", "channels", "leaderboard", "followers", "best-times", "prompts"}


@dataclass
class ReportPage(HTMLParser):
    sections: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(href, link text)."""
    chart_texts: list[str] = field(default_factory=list)
    """Every <text> drawn inside an <svg>: tick labels and axis titles."""
    axis_titles: list[str] = field(default_factory=list)
    scripts: int = 0
    external: list[str] = field(default_factory=list)
    """src/href attributes that would load something (stylesheets, images, scripts)."""
    texts: list[str] = field(default_factory=list)
    _open: list[str] = field(default_factory=list)
    _href: str | None = None
    _link_text: list[str] = field(default_factory=list)
    _classes: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    @classmethod
    def parse(cls, html: str) -> ReportPage:
        page = cls()
        page.feed(html)
        page.close()
        return page

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._open.append(tag)
        self._classes = values.get("class") or ""
        if tag == "section" and values.get("id"):
            self.sections.append(values["id"] or "")
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self._href, self._link_text = values.get("href"), []
        if tag in ("img", "script", "link", "iframe", "source") and (values.get("src") or values.get("href")):
            self.external.append(values.get("src") or values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._link_text).strip()))
            self._href = None
        while self._open:
            if self._open.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if "style" in self._open or "title" in self._open[-1:]:
            return
        self.texts.append(data)
        if self._href is not None:
            self._link_text.append(data)
        if "svg" in self._open and self._open[-1:] == ["text"] and data.strip():
            self.chart_texts.append(data.strip())
            if "axis-title" in self._classes:
                self.axis_titles.append(data.strip())

"""The title and description of a web page, as a link preview shows them (Open Graph tags first,
then `<title>` and the meta description). Only the start of the page is read."""

from __future__ import annotations

from html.parser import HTMLParser

READ_LIMIT = 512 * 1024  # the <head> is at the top; a huge page is not read to its end
TIMEOUT_SECONDS = 5.0
WANTED = {"og:title": "title", "og:description": "description", "description": "fallback_description",
          "twitter:title": "fallback_title", "twitter:description": "fallback_description"}


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = WANTED.get((values.get("property") or values.get("name") or "").lower())
            content = " ".join(values.get("content", "").split())
            if key and content:
                self.found.setdefault(key, content)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)

    def preview(self) -> dict[str, str]:
        title = self.found.get("title") or self.found.get("fallback_title") or " ".join("".join(self._title).split())
        description = self.found.get("description") or self.found.get("fallback_description") or ""
        return {k: v for k, v in (("title", title), ("description", description)) if v}


def read_preview(html: str) -> dict[str, str]:
    parser = _Head()
    parser.feed(html)
    return parser.preview()


def fetch_preview(url: str) -> dict[str, str]:
    """{} when the page cannot be read: the caller asks the person instead."""
    import httpx

    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=TIMEOUT_SECONDS) as response:
            if response.status_code >= 400 or "html" not in response.headers.get("content-type", "html"):
                return {}
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) >= READ_LIMIT:
                    break
            return read_preview(body.decode(response.encoding or "utf-8", errors="replace"))
    except httpx.HTTPError:
        return {}

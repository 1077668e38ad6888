"""Finding a WordPress site's REST API (contracts §5.1) and building URLs from it.

Always build from the discovered root, never from a hard-coded `/wp-json`: with plain permalinks
the root is `https://site/?rest_route=/` and every route becomes `?rest_route=/wp/v2/...`.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

from psn.core.errors import BadInput, NotConfigured
from psn.platforms.errors import PlatformError, RateLimitedError
from psn.platforms.http import HttpClient

API_REL = "https://api.w.org/"
MAX_REDIRECTS = 3
_LINK = re.compile(r'<([^>]+)>\s*;\s*([^,]*rel="?([^";,]+)"?[^,]*)')


def check_site_url(raw: str, allow_http: bool = False) -> str:
    """The site URL, normalised; plain http only to this machine or with an explicit flag,
    because the application password travels in every request."""
    text = raw.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"{raw!r} is not a web address.", hint="Give your site's address, e.g. https://blog.example.com.")
    refuse_plain_http(text, allow_http)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def refuse_plain_http(url: str, allow_http: bool, setting: str = "wordpress.allow_http",
                      what: str = "your application password") -> None:
    parts = urlsplit(url)
    if parts.scheme == "http" and not (is_loopback(parts.hostname or "") or allow_http):
        raise BadInput(
            f"{url!r} uses plain http: {what} would cross the network unencrypted.",
            hint="Use https. For a site on this machine http://localhost works; otherwise set "
                 f"`psn config set {setting} true` if you accept the risk.",
        )


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def rest_root_from_link(header: str) -> str | None:
    for match in _LINK.finditer(header or ""):
        if match.group(3) == API_REL:
            return match.group(1)
    return None


def route_url(root: str, route: str) -> str:
    """`wp/v2/posts` under a pretty (`…/wp-json/`) or plain (`…/?rest_route=/`) root."""
    return root.rstrip("/") + "/" + route.lstrip("/")


def discover(http: HttpClient, site_url: str, allow_http: bool = False) -> str:
    """The REST root from the front page's `Link: <…>; rel="https://api.w.org/"` header."""
    url = site_url
    for _ in range(MAX_REDIRECTS + 1):  # the home page may redirect (to www, to a trailing slash…)
        try:
            response = http.request("GET", url, operation="auth", authenticated=False)
        except RateLimitedError:
            raise  # a site that says "too many requests" is there: wait, do not doubt its address
        except PlatformError as exc:
            raise NotConfigured(f"{site_url} did not answer like a WordPress site ({exc.message}).",
                                hint="Check the address; psn needs the site's home page.") from None
        location = response.headers.get("location")
        if not (response.is_redirect and location):
            break
        url = str(response.url.join(location))
    root = rest_root_from_link(response.headers.get("link", ""))
    if root is None:
        raise NotConfigured(
            f"{site_url} does not advertise a WordPress REST API (no Link rel=\"{API_REL}\" header).",
            hint="Check it is a self-hosted WordPress ≥ 5.6 and that no plugin disables the REST API. "
                 "WordPress.com-hosted sites use another API and are not supported.",
        )
    refuse_plain_http(root, allow_http)  # a site may advertise an http API behind an https front page
    return root


def check_index(index: dict[str, object], root: str) -> None:
    namespaces = index.get("namespaces") or []
    if "wp/v2" not in namespaces:  # type: ignore[operator]
        raise NotConfigured(f"The REST API at {root} has no wp/v2 namespace.",
                            hint="A plugin may be hiding the core endpoints.")
    auth = index.get("authentication") or {}
    if not isinstance(auth, dict) or "application-passwords" not in auth:
        raise NotConfigured(
            "This site does not offer application passwords.",
            hint="They need HTTPS (or WP_ENVIRONMENT_TYPE=local), WordPress ≥ 5.6, and no security plugin "
                 "turning them off.",
        )

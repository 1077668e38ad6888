"""Connecting a WordPress site: https only (except this machine or an explicit flag), discovery
from the Link header (pretty or plain permalinks, through a redirect), and credentials proved on
`users/me` because a wrong password still reads public posts on older WordPress."""

from __future__ import annotations

import httpx
import pytest
from wp_support import PASSWORD

from psn.core.errors import BadInput, ExitCode, NotAuthorised, NotConfigured
from psn.platforms.wordpress import discovery
from psn.platforms.wordpress.spec import WordPressConnector


@pytest.mark.parametrize(("url", "allow", "expected"), [
    ("https://blog.example.com", False, "https://blog.example.com/"),
    ("blog.example.com/", False, "https://blog.example.com/"),
    ("http://localhost:8080/", False, "http://localhost:8080/"),
    ("http://127.0.0.1/wp", False, "http://127.0.0.1/wp/"),
    ("http://wp.localhost", False, "http://wp.localhost/"),
    ("http://blog.example.com", True, "http://blog.example.com/"),
])
def test_site_urls_accepted(url, allow, expected):
    assert discovery.check_site_url(url, allow) == expected


@pytest.mark.parametrize("url", ["http://blog.example.com", "ftp://blog.example.com", "https://"])
def test_site_urls_refused(url):
    with pytest.raises(BadInput):
        discovery.check_site_url(url)


@pytest.mark.parametrize("site", ["https://wp.example.com", "https://plain.example.com", "http://wp.localhost"])
def test_connect_discovers_the_root(connect, site):
    adapter = connect(site)
    plain = "plain" in site
    assert adapter.client.root.endswith("?rest_route=/" if plain else "/wp-json/")
    assert adapter.account().handle == "demo"


def test_a_wrong_password_reads_public_posts_but_users_me_says_401(sandbox_deps):
    wrong = "Basic ZGVtbzp3cm9uZ3dyb25nd3Jvbmd3cm9uZ3dyb25n"
    with httpx.Client(transport=sandbox_deps.transport) as client:
        public = client.get("https://wp.example.com/wp-json/wp/v2/posts", headers={"Authorization": wrong})
    assert public.status_code == 200  # why psn never trusts a public endpoint to check credentials
    with pytest.raises(NotAuthorised) as caught:
        WordPressConnector(sandbox_deps).connect({"site_url": "https://wp.example.com", "username": "demo",
                                                  "application_password": "abcd EFGH 1234 ijkl MNOP 0000"})
    assert caught.value.exit_code == ExitCode.NOT_CONFIGURED
    assert "invalid application password" in caught.value.message


@pytest.mark.parametrize(("fields", "error", "fragment"), [
    ({"username": "nobody"}, NotAuthorised, "not registered"),
    ({"username": "writer", "application_password": "wxyz WXYZ 9876 mnop QRST 5432"}, NotAuthorised,
     "cannot publish"),
    ({"application_password": "my login password"}, BadInput, "application password"),
    ({"username": ""}, BadInput, "username"),
    ({"site_url": "http://wp.example.com"}, BadInput, "plain http"),
    ({"site_url": "https://unknown.example.com"}, NotConfigured, "did not answer"),
])
def test_connect_failures(sandbox_deps, fields, error, fragment):
    values = {"site_url": "https://wp.example.com", "username": "demo", "application_password": PASSWORD, **fields}
    with pytest.raises(error) as caught:
        WordPressConnector(sandbox_deps).connect(values)
    assert fragment in caught.value.message


def test_http_with_the_flag_still_fails_when_wordpress_offers_no_passwords(sandbox_deps):
    sandbox_deps.settings["allow_http"] = True
    with pytest.raises(NotConfigured, match="application passwords"):
        WordPressConnector(sandbox_deps).connect({"site_url": "http://wp.example.com", "username": "demo",
                                                  "application_password": PASSWORD})


def test_discovery_follows_a_redirect_and_needs_the_link(httpx_mock, deps):
    from psn.platforms.wordpress.spec import _http

    http = _http(deps, "https://example.com/")
    httpx_mock.add_response(url="https://example.com/", status_code=301, headers={"Location": "https://www.example.com/"})
    httpx_mock.add_response(url="https://www.example.com/", headers={"Link": '<https://www.example.com/wp-json/>; '
                                                                             'rel="https://api.w.org/"'})
    assert discovery.discover(http, "https://example.com/") == "https://www.example.com/wp-json/"
    httpx_mock.add_response(url="https://static.example.com/", html="<html>not WordPress</html>")
    with pytest.raises(NotConfigured, match="does not advertise"):
        discovery.discover(http, "https://static.example.com/")


def test_an_http_api_behind_an_https_front_page_is_refused(httpx_mock, deps):
    from psn.platforms.wordpress.spec import _http

    httpx_mock.add_response(url="https://example.com/", headers={"Link": '<http://example.com/wp-json/>; '
                                                                         'rel="https://api.w.org/"'})
    with pytest.raises(BadInput, match="plain http"):
        discovery.discover(_http(deps, "https://example.com/"), "https://example.com/")


def test_a_rate_limited_front_page_is_not_a_wrong_address(httpx_mock, deps):
    """Fault storm finding: a host's 429 on the front page made `psn setup wordpress` say the site
    "did not answer like a WordPress site" (exit 3, check the address) instead of "wait" (exit 5)."""
    from psn.platforms.errors import RateLimitedError
    from psn.platforms.wordpress.spec import _http

    httpx_mock.add_response(url="https://example.com/", status_code=429, headers={"Retry-After": "600"},
                            html="<html>Too Many Requests</html>")
    with pytest.raises(RateLimitedError) as caught:
        discovery.discover(_http(deps, "https://example.com/"), "https://example.com/")
    assert caught.value.exit_code == ExitCode.RATE_LIMITED and caught.value.retry_at is not None

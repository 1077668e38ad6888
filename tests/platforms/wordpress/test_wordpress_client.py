"""Every WordPress endpoint psn calls: exact URL (pretty and plain roots), Basic auth, bodies and
headers, term_exists, and the error envelope (and the HTML some hosts answer with)."""

from __future__ import annotations

import pytest
from wp_support import BASIC, ROOT, SITE

from psn.core.errors import ExitCode
from psn.platforms.errors import AuthExpired, PermissionDenied, RateLimitedError, Rejected
from psn.platforms.wordpress import discovery
from psn.platforms.wordpress.client import WordPressClient
from psn.platforms.wordpress.spec import _http

AUTH = {"Authorization": BASIC, "User-Agent": "psn/0.1.0"}


def wp_error(code: str, message: str, status: int, **data: object) -> dict:
    return {"code": code, "message": message, "data": {"status": status, **data}}


def test_link_header_parsing():
    header = ('<https://blog.example.com/wp-json/>; rel="https://api.w.org/", '
              '<https://blog.example.com/wp-json/wp/v2/posts/1>; rel="alternate"; type="application/json"')
    assert discovery.rest_root_from_link(header) == "https://blog.example.com/wp-json/"
    assert discovery.rest_root_from_link('<https://a.example/?rest_route=/>; rel="https://api.w.org/"') == \
        "https://a.example/?rest_route=/"
    assert discovery.rest_root_from_link('<https://a.example/feed>; rel="alternate"') is None


def test_routes_under_pretty_and_plain_roots():
    assert discovery.route_url(ROOT, "wp/v2/posts") == "https://blog.example.com/wp-json/wp/v2/posts"
    assert discovery.route_url("https://a.example/?rest_route=/", "wp/v2/posts") == \
        "https://a.example/?rest_route=/wp/v2/posts"


def test_users_me_with_basic_auth(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{ROOT}wp/v2/users/me?context=edit", match_headers=AUTH,
                            json={"id": 1, "name": "Demo", "slug": "demo", "capabilities": {"publish_posts": True}})
    assert adapter.client.me().capabilities["publish_posts"]


def test_create_post_json(httpx_mock, adapter):
    body = {"title": "T", "content": "<p>x</p>", "status": "future", "date_gmt": "2026-12-01T09:00:00",
            "tags": [12], "categories": [3], "featured_media": 55}
    httpx_mock.add_response(method="POST", url=f"{ROOT}wp/v2/posts", match_headers=AUTH, match_json=body,
                            status_code=201, json={"id": 321, "status": "future", "link": f"{SITE}?p=321"})
    post = adapter.client.create("posts", body)
    assert (post.id, post.link) == (321, f"{SITE}?p=321")
    assert httpx_mock.get_request().headers["content-type"] == "application/json"


def test_plain_permalinks_keep_rest_route_when_adding_parameters(httpx_mock, deps):
    client = WordPressClient(_http(deps, SITE), "https://blog.example.com/?rest_route=/")
    httpx_mock.add_response(url="https://blog.example.com/?rest_route=%2Fwp%2Fv2%2Ftags&per_page=100&"
                                "_fields=id%2Cname%2Cslug&search=python", json=[{"id": 4, "name": "python"}])
    assert client.terms("tags", search="python")[0].id == 4


def test_search_posts_of_every_status(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{ROOT}wp/v2/posts", match_params={
        "search": "Launch", "status": "publish,future,draft,pending,private", "context": "edit", "per_page": "20",
        "_fields": "id,link,status,slug,type,title,date_gmt"}, json=[{"id": 3, "title": {"raw": "Launch"}}])
    assert adapter.client.search("posts", "Launch")[0].raw_title == "Launch"


def test_create_term_and_term_exists(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{ROOT}wp/v2/tags", match_json={"name": "new"}, status_code=201,
                            json={"id": 20, "name": "new", "slug": "new"})
    httpx_mock.add_response(method="POST", url=f"{ROOT}wp/v2/tags", match_json={"name": "jamstack"},
                            status_code=400, json=wp_error("term_exists", "A term with the name provided already "
                                                           "exists in this taxonomy.", 400, term_id=12))
    assert adapter.client.create_term("tags", "new") == 20
    assert adapter.client.create_term("tags", "jamstack") == 12


def test_raw_media_upload_and_alt_text(httpx_mock, adapter, tmp_path):
    image = tmp_path / "héro image.jpg"
    image.write_bytes(b"\xff\xd8jpeg")
    httpx_mock.add_response(method="POST", url=f"{ROOT}wp/v2/media", match_content=b"\xff\xd8jpeg",
                            match_headers={**AUTH, "Content-Type": "image/jpeg",
                                           "Content-Disposition": 'attachment; filename="h-ro image.jpg"'},
                            status_code=201, json={"id": 55, "source_url": f"{SITE}wp-content/uploads/h.jpg"})
    httpx_mock.add_response(method="POST", url=f"{ROOT}wp/v2/media/55", match_json={"alt_text": "A hero"},
                            json={"id": 55})
    assert adapter.client.upload(image, alt_text="A hero").id == 55


def test_comments_total_comes_from_the_header(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{ROOT}wp/v2/comments?post=321&per_page=1", headers={"X-WP-Total": "7"},
                            json=[{"id": 1, "post": 321}])
    assert adapter.client.comments(321, per_page=1)[1] == 7


@pytest.mark.parametrize(("status", "body", "error_type", "exit_code", "hint"), [
    (401, wp_error("incorrect_password", "The provided password is an invalid application password.", 401),
     AuthExpired, ExitCode.NOT_CONFIGURED, "Application Passwords"),
    (401, wp_error("rest_cannot_create", "Sorry, you are not allowed to create posts as this user.", 401),
     AuthExpired, ExitCode.NOT_CONFIGURED, "not the password you log in with"),
    (403, wp_error("rest_cannot_publish", "Sorry, you are not allowed to publish posts.", 403),
     PermissionDenied, ExitCode.NOT_CONFIGURED, "Author or higher"),
    (404, wp_error("rest_no_route", "No route was found matching the URL and request method.", 404),
     Rejected, ExitCode.PLATFORM_REJECTED, "psn setup wordpress"),
])
def test_errors_are_typed(httpx_mock, adapter, status, body, error_type, exit_code, hint):
    httpx_mock.add_response(method="POST", status_code=status, json=body)
    with pytest.raises(error_type) as caught:
        adapter.client.create("posts", {"title": "x"})
    assert caught.value.exit_code == exit_code and hint in (caught.value.hint or "")
    assert "<strong>" not in caught.value.message


def test_invalid_param_lists_the_params(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", status_code=400, json=wp_error(
        "rest_invalid_param", "Invalid parameter(s): status", 400,
        params={"status": "status is not one of publish, future, draft, pending, private."}))
    with pytest.raises(Rejected, match="status: status is not one of"):
        adapter.client.create("posts", {"title": "x"})


def test_html_from_a_firewall_is_not_parsed_as_json(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", status_code=403, html="<html>Blocked by WAF</html>")
    with pytest.raises(Rejected) as caught:
        adapter.client.create("posts", {"title": "x"})
    assert caught.value.code == "non_json" and "firewall" in (caught.value.hint or "")
    httpx_mock.add_response(status_code=429, html="<html>Slow down</html>", headers={"Retry-After": "500"})
    with pytest.raises(RateLimitedError):
        adapter.client.get("posts", 1)

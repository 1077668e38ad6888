"""Every Instagram endpoint: exact URL, token transport, body, and the typed result."""

from __future__ import annotations

import pytest

from psn.platforms.instagram.client import ME_FIELDS, MEDIA_FIELDS
from psn.platforms.instagram.spec import make_client
from psn.platforms.oauth import MemoryTokenStore

from .helpers import FB_GRAPH, GRAPH, TOKEN, USER, deps, form, query, tokens

CONTAINER = "17900000000000002"
MEDIA = "17920238422030506"


@pytest.fixture
def client():
    return make_client(deps())


def test_me_sends_the_token_as_a_parameter(httpx_mock, client):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/me?fields={ME_FIELDS}&access_token={TOKEN}",
                            json={"id": "37342907808657598", "user_id": USER, "username": "acme_studio",
                                  "account_type": "BUSINESS"})
    me = client.me()
    assert (me.user_id, me.id, me.account_type) == (USER, "37342907808657598", "BUSINESS")
    sent = httpx_mock.get_request()
    assert "authorization" not in sent.headers and sent.headers["user-agent"].startswith("psn/")


def test_bearer_transport_puts_the_token_in_a_header(httpx_mock):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/me?fields={ME_FIELDS}", json={"id": "1", "user_id": USER})
    make_client(deps(settings={"token_transport": "bearer"})).me()
    sent = httpx_mock.get_request()
    assert sent.headers["authorization"] == f"Bearer {TOKEN}" and "access_token" not in str(sent.url)


def test_create_image_container_form_body(httpx_mock, client):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER})
    tags = [{"username": "friend", "x": 0.5, "y": 0.8}]
    container = client.create_container(USER, {"image_url": "https://cdn.example.com/a.jpg", "caption": "Spring #sale",
                                               "alt_text": None, "user_tags": tags, "is_carousel_item": True})
    assert container.id == CONTAINER and container.uri is None
    sent = httpx_mock.get_request()
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form(sent) == {"image_url": "https://cdn.example.com/a.jpg", "caption": "Spring #sale",
                          "user_tags": '[{"username":"friend","x":0.5,"y":0.8}]', "is_carousel_item": "true",
                          "access_token": TOKEN}


def test_resumable_container_returns_its_upload_uri(httpx_mock, client):
    uri = f"https://rupload.facebook.com/ig-api-upload/v26.0/{CONTAINER}"
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER, "uri": uri})
    container = client.create_container(USER, {"media_type": "REELS", "upload_type": "resumable",
                                               "share_to_feed": True})
    assert container.uri == uri
    assert form(httpx_mock.get_request())["share_to_feed"] == "true"


def test_container_status_publish_and_quota(httpx_mock, client):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{CONTAINER}?fields=id,status_code,status&access_token={TOKEN}",
                            json={"status_code": "ERROR", "id": CONTAINER,
                                  "status": "Error: Media upload has failed with error code 2207026"})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media_publish", json={"id": MEDIA})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/content_publishing_limit?fields=quota_usage,config"
                                              f"&since=1761980400&access_token={TOKEN}",
                            json={"data": [{"quota_usage": 3, "config": {"quota_total": 100,
                                                                         "quota_duration": 86400}}]})
    status = client.container_status(CONTAINER)
    assert status.status_code == "ERROR" and status.error_subcode == 2207026
    assert client.publish(USER, CONTAINER) == MEDIA
    assert form(httpx_mock.get_requests()[1]) == {"creation_id": CONTAINER, "access_token": TOKEN}
    quota = client.publishing_limit(USER, since=1761980400)
    assert (quota.quota_usage, quota.quota_total, quota.remaining) == (3, 100, 97)


def test_rupload_sends_bytes_with_oauth_scheme(httpx_mock, client, tmp_path):
    video = tmp_path / "r.mp4"
    video.write_bytes(b"\x00" * 5000)
    uri = f"https://rupload.facebook.com/ig-api-upload/v26.0/{CONTAINER}"
    httpx_mock.add_response(method="POST", url=uri, json={"success": True, "message": "Upload successful."})
    client.upload_video(uri, video)
    sent = httpx_mock.get_request()
    assert sent.headers["authorization"] == f"OAuth {TOKEN}"
    assert (sent.headers["offset"], sent.headers["file_size"]) == ("0", "5000")
    assert sent.headers["content-type"] == "application/octet-stream"
    assert sent.read() == b"\x00" * 5000 and "access_token" not in str(sent.url)


def test_media_listing_follows_cursors(httpx_mock, client):
    httpx_mock.add_response(method="GET",
                            url=f"{GRAPH}/{USER}/media?fields={MEDIA_FIELDS}&limit=2&access_token={TOKEN}",
                            json={"data": [{"id": "1", "timestamp": "2026-09-20T14:03:11+0000"}, {"id": "2"}],
                                  "paging": {"cursors": {"before": "B", "after": "QVFIa"},
                                             "next": "https://graph.instagram.com/v26.0/x/media?after=QVFIa"}})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/media?fields={MEDIA_FIELDS}&limit=2&after=QVFIa"
                                              f"&access_token={TOKEN}",
                            json={"data": [{"id": "3"}], "paging": {"cursors": {"before": "C", "after": "D"}}})
    first = client.list_media(USER, limit=2)
    second = client.list_media(USER, limit=2, after=first.after)
    assert [m.id for m in first.items + second.items] == ["1", "2", "3"]
    assert first.after == "QVFIa" and second.after is None


def test_stories_and_media_read_back(httpx_mock, client):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/stories?fields={MEDIA_FIELDS}&access_token={TOKEN}",
                            json={"data": [{"id": "9", "media_product_type": "STORY"}]})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{MEDIA}?fields=id,permalink&access_token={TOKEN}",
                            json={"id": MEDIA, "permalink": "https://www.instagram.com/reel/C9x/"})
    assert client.stories(USER)[0].media_product_type == "STORY"
    assert client.media(MEDIA, fields="id,permalink").permalink == "https://www.instagram.com/reel/C9x/"


def test_media_and_account_insights(httpx_mock, client):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{MEDIA}/insights?metric=views,reach&access_token={TOKEN}",
                            json={"data": [{"name": "views", "period": "lifetime", "values": [{"value": 5210}]},
                                           {"name": "reach", "period": "lifetime", "values": [{"value": 1834}]}]})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/insights?metric=views&period=day&metric_type=total_value"
                                              f"&since=1&until=2&breakdown=media_product_type&access_token={TOKEN}",
                            json={"data": [{"name": "views", "period": "day", "total_value": {"value": 12840}}]})
    assert {v.name: v.value for v in client.media_insights(MEDIA, ["views", "reach"])} == {"views": 5210,
                                                                                        "reach": 1834}
    values = client.account_insights(USER, ["views"], since=1, until=2, breakdown="media_product_type")
    assert values[0].value == 12840


def test_comment_endpoints(httpx_mock, client):
    fields = "id,text,timestamp,username,from,like_count,hidden,parent_id"
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{MEDIA}/comments?fields={fields}&limit=50&access_token={TOKEN}",
                            json={"data": [{"id": "c1", "text": "Love it", "username": "fan1",
                                            "from": {"id": "9876", "username": "fan1"}}]})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{MEDIA}/comments", json={"id": "c2"})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/c1/replies", json={"id": "r2"})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/mentions", json={"id": "m1"})
    page = client.comments(MEDIA)
    assert page.items[0].from_.username == "fan1" and page.items[0].media_id == MEDIA
    assert client.comment_on_media(MEDIA, "Thanks all!") == "c2"
    assert client.reply_to_comment("c1", "Thank you") == "r2"
    assert client.reply_to_mention(USER, "m9", "Thanks for the shout-out", comment_id="k1") == "m1"
    posts = httpx_mock.get_requests(method="POST")
    assert form(posts[0]) == {"message": "Thanks all!", "access_token": TOKEN}
    assert form(posts[2]) == {"media_id": "m9", "message": "Thanks for the shout-out", "comment_id": "k1",
                              "access_token": TOKEN}


def test_webhook_subscription_uses_the_numeric_id(httpx_mock, client):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/subscribed_apps", json={"success": True})
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/subscribed_apps?access_token={TOKEN}",
                            json={"data": [{"id": "1", "subscribed_fields": ["comments", "mentions"]}]})
    assert client.subscribe_webhooks(USER, ["comments", "mentions"])
    assert form(httpx_mock.get_requests()[0])["subscribed_fields"] == "comments,mentions"
    assert client.subscribed_fields(USER) == ["comments", "mentions"]


def test_facebook_path_hashtag_endpoints(httpx_mock):
    client = make_client(deps(MemoryTokenStore(tokens("EAAlong0000000", login="facebook")),
                              settings={"login": "facebook"}))
    token = "EAAlong0000000"
    httpx_mock.add_response(method="GET", url=f"{FB_GRAPH}/ig_hashtag_search?user_id={USER}&q=coffee"
                                              f"&access_token={token}", json={"data": [{"id": "17843853986012965"}]})
    fields = "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
    httpx_mock.add_response(method="GET", url=f"{FB_GRAPH}/17843853986012965/recent_media?user_id={USER}"
                                              f"&fields={fields}&limit=5&access_token={token}",
                            json={"data": [{"id": "x1", "caption": "#coffee"}]})
    assert client.hashtag_id(USER, "coffee") == "17843853986012965"
    assert client.hashtag_media("17843853986012965", USER, "recent_media", limit=5)[0].caption == "#coffee"


def test_long_query_values_are_never_logged_with_the_token(httpx_mock, client, caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="psn.http")
    httpx_mock.add_response(json={"id": "1"})
    client.media("1", fields="id")
    assert TOKEN not in caplog.text and query(httpx_mock.get_request())["access_token"] == TOKEN

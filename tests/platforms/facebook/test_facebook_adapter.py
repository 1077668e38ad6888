"""The Facebook adapter's local checks (nothing sent on bad input), its publish flows on the wire,
the user-token refusal, and Meta webhooks."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fb_support import GRAPH, NOW, MemoryCheckpoint

from psn.core.errors import BadInput, ExitCode, NotAuthorised
from psn.platforms.base import MediaItem, PublishRequest, PublishStatus
from psn.platforms.errors import VersionUnsupported
from psn.platforms.facebook import webhooks
from psn.sandbox.meta_graph import PAGE_ID


def request(**kwargs) -> PublishRequest:  # type: ignore[no-untyped-def]
    return PublishRequest(platform="facebook", **kwargs)


def at(delta: timedelta) -> str:
    return (NOW + delta).isoformat()


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"text": ""}, "Nothing to post"),
    ({"text": "x" * 63_207}, "63206"),
    ({"text": "soon", "options": {"schedule_at": at(timedelta(minutes=5))}}, "at least 10 minutes"),
    ({"text": "far", "options": {"schedule_at": at(timedelta(days=31))}}, "at most 30 days"),
    ({"text": "past", "options": {"schedule_at": at(-timedelta(hours=1))}}, "in the past"),
    ({"text": "when?", "options": {"schedule_at": "next tuesday"}}, "not a date"),
    ({"format": "reel", "text": "x"}, "not 'reel'"),
    ({"format": "photo", "text": "x"}, "needs media"),
    ({"format": "link", "text": "x"}, "needs the link"),
])
def test_bad_input_is_refused_before_any_call(adapter, kwargs, fragment):
    with pytest.raises(BadInput) as caught:  # no httpx_mock responses: any request would fail the test
        adapter.validate(request(**kwargs))
    assert fragment in caught.value.message
    assert caught.value.exit_code == ExitCode.BAD_INPUT


def test_media_limits(adapter, tmp_path):
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff" * (4 * 1024 * 1024 + 1))
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a")
    small = tmp_path / "s.jpg"
    small.write_bytes(b"\xff\xd8")
    video = tmp_path / "v.mp4"
    video.write_bytes(b"mp4")
    cases = [
        ([MediaItem(kind="image", path=big)], "KB"),
        ([MediaItem(kind="image", path=gif)], "does not take"),
        ([MediaItem(kind="image", path=small)] * 11, "at most 10 photos"),
        ([MediaItem(kind="video", path=video), MediaItem(kind="image", path=small)], "one video"),
        ([MediaItem(kind="image", url="http://cdn.example/a.jpg")], "https"),
        ([MediaItem(kind="image", path=tmp_path / "missing.jpg")], "not found"),
    ]
    for media, fragment in cases:
        with pytest.raises(BadInput) as caught:
            adapter.validate(request(format="photos", text="x", media=media))
        assert fragment in caught.value.message
    with pytest.raises(BadInput, match="link preview"):
        adapter.validate(request(text="x", link="https://a.example", media=[MediaItem(kind="image", path=small)]))


def test_an_expired_graph_version_is_refused(deps):
    from psn.platforms.facebook.spec import make_adapter

    deps.settings["graph_version"] = "v20.0"  # ended 2026-09-24
    with pytest.raises(VersionUnsupported) as caught:
        make_adapter(deps).validate(request(text="hi"))
    assert "facebook.graph_version v26.0" in (caught.value.hint or "")


def test_text_post(httpx_mock, adapter):
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/feed?fields=id%2Cpermalink_url",
                            match_json={"message": "Hello", "published": True, "link": "https://a.example"},
                            json={"id": f"{PAGE_ID}_1", "permalink_url": "https://www.facebook.com/x/posts/1"})
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(request(format="link", text="Hello", link="https://a.example"), checkpoint)
    assert (result.platform_post_id, result.url) == (f"{PAGE_ID}_1", "https://www.facebook.com/x/posts/1")
    assert checkpoint.values == {"post": f"{PAGE_ID}_1"}


def test_scheduled_multi_photo_post(httpx_mock, adapter, tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8")
    when = NOW + timedelta(hours=3)
    for fbid in ("11", "12"):
        httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/photos",
                                match_data={"published": "false", "temporary": "true"},
                                match_files={"source": ("a.jpg", b"\xff\xd8", "image/jpeg")}, json={"id": fbid})
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{PAGE_ID}/feed?fields=id%2Cpermalink_url",
                            match_json={"message": "Two", "published": False,
                                        "scheduled_publish_time": int(when.timestamp()),
                                        "attached_media": [{"media_fbid": "11"}, {"media_fbid": "12"}]},
                            json={"id": f"{PAGE_ID}_2"})
    checkpoint = MemoryCheckpoint()
    result = adapter.publish(request(format="photos", text="Two", media=[MediaItem(kind="image", path=photo)] * 2,
                                     options={"schedule_at": when.isoformat()}), checkpoint)
    assert result.status == PublishStatus.SCHEDULED
    assert checkpoint.values == {"photo:0": "11", "photo:1": "12", "post": f"{PAGE_ID}_2"}


def test_account_refuses_a_user_token(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/me?fields=id%2Cname", json={"id": "10001", "name": "Jane Creator"})
    with pytest.raises(NotAuthorised) as caught:
        adapter.account()
    assert "user token" in caught.value.message and "Jane Creator" in caught.value.message
    assert caught.value.exit_code == ExitCode.NOT_CONFIGURED


def test_account_surfaces_the_version_end(httpx_mock, adapter):
    httpx_mock.add_response(url=f"{GRAPH}/me?fields=id%2Cname", json={"id": PAGE_ID, "name": "Sandbox Page"})
    httpx_mock.add_response(url=f"{GRAPH}/{PAGE_ID}?fields=id%2Cname%2Cfollowers_count%2Clink",
                            json={"id": PAGE_ID, "name": "Sandbox Page", "followers_count": 3})
    info = adapter.account()
    assert info.extra["graph_version"]["version"] == "v26.0"
    assert "not before 2028-07-29" in info.extra["graph_version_note"]


def test_webhook_challenge_and_signature(adapter):
    query = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    assert adapter.verify_webhook({}, b"", query)
    assert not adapter.verify_webhook({}, b"", {**query, "hub.verify_token": "nope"})
    assert not adapter.verify_webhook({}, b"", {**query, "hub.mode": "unsubscribe"})
    body = json.dumps({"object": "page", "entry": [{"id": PAGE_ID, "time": 1767225600, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add", "post_id": f"{PAGE_ID}_1",
                                    "comment_id": "1_998", "message": "Great post!", "from": {"id": "555"},
                                    "created_time": 1767225599}}]}]}).encode()
    signature = webhooks.sign("app-secret-xyz", body)
    assert signature.startswith("sha256=") and len(signature) == 71
    assert adapter.verify_webhook({"X-Hub-Signature-256": signature}, body, {})
    assert not adapter.verify_webhook({"X-Hub-Signature-256": signature}, body + b" ", {})
    assert not adapter.verify_webhook({"X-Hub-Signature-256": webhooks.sign("other", body)}, body, {})
    [event] = adapter.parse_webhook({}, body)
    assert (event.kind, event.object_id, event.data["message"]) == ("comment.add", "1_998", "Great post!")

"""Delivering to the receiver emulator, which verifies signatures independently and deduplicates
on webhook-id; the body template the user can override; connect checks; no metrics to pull."""

from __future__ import annotations

import pytest
from blog_support import MemoryCheckpoint

from psn.core.errors import BadInput
from psn.platforms.base import PublishRequest
from psn.platforms.blog.spec import BlogConnector
from psn.platforms.errors import AuthExpired, Rejected
from psn.platforms.registry import AdapterDeps
from psn.sandbox.blog import SECRET, deliveries, received_posts


def post(title: str = "Launch", **options) -> PublishRequest:  # type: ignore[no-untyped-def]
    return PublishRequest(platform="blog", format="article", title=title, text="Body", idempotency_key="k",
                          options={"canonical_url": "https://me.example/launch", "tags": ["a", "b"], **options})


def test_publish_maps_the_receivers_id_and_url(sandbox, world):
    result = sandbox().publish(post(), MemoryCheckpoint())
    assert (result.platform_post_id, result.url) == ("101", "https://blog.example.com/posts/launch")
    [stored] = received_posts(world)
    assert stored["tags"] == ["a", "b"] and stored["canonical_url"] == "https://me.example/launch"


def test_a_failed_attempt_is_retried_once_delivered_once(sandbox, world):
    world.inject("blog", path="/hooks/psn", status=500, times=1)
    result = sandbox().publish(post(), MemoryCheckpoint())
    assert result.raw["attempts"] == 2 and len(received_posts(world)) == 1


def test_a_repeat_with_the_same_id_is_deduplicated_by_the_receiver(sandbox, world):
    adapter = sandbox()
    checkpoint = MemoryCheckpoint()
    first = adapter.publish(post(), checkpoint)
    checkpoint.values.pop("post")  # as if psn died before recording the answer
    again = adapter.publish(post(), checkpoint)
    assert again.platform_post_id == first.platform_post_id
    assert len(received_posts(world)) == 1 and len(deliveries(world)) == 1


def test_a_finished_publish_is_not_sent_again(sandbox, world):
    adapter = sandbox()
    checkpoint = MemoryCheckpoint()
    adapter.publish(post(), checkpoint)
    adapter.publish(post(), checkpoint)
    assert len([line for line in (world.root / "requests.log").read_text().splitlines() if "POST" in line]) == 1


def test_the_receiver_refuses_a_wrong_secret(sandbox, world, clock):
    deps = AdapterDeps(urls={}, settings={}, clock=clock)
    other = BlogConnector(deps).connect({"endpoint_url": "https://blog.example.com/hooks/psn",
                                         "secret": "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"})
    adapter = sandbox()
    adapter.client.secret = other.access_token
    with pytest.raises(AuthExpired, match="no matching signature") as caught:
        adapter.publish(post(), MemoryCheckpoint())
    assert "psn setup blog" in (caught.value.hint or "")
    assert received_posts(world) == []


def test_gone_and_moved_endpoints(sandbox):
    with pytest.raises(Rejected, match="410"):
        sandbox("https://blog.example.com/hooks/gone").publish(post(), MemoryCheckpoint())
    with pytest.raises(Rejected, match="redirect"):
        sandbox("https://blog.example.com/hooks/moved").publish(post(), MemoryCheckpoint())


def test_a_custom_body_template(sandbox, world, tmp_path):
    template = tmp_path / "body.json.j2"
    template.write_text('{"type": "article.new", "data": {"title": {{ title|tojson }}, "labels": {{ tags|tojson }},'
                        ' "status": "publish", "psn": {{ psn|tojson }}}}')
    sandbox(body_template=str(template)).publish(post(), MemoryCheckpoint())
    assert received_posts(world)[0]["title"] == "Launch"


@pytest.mark.parametrize(("text", "fragment"), [
    ('{"title": {{ title }}}', "valid JSON"),
    ("{{ title", "failed"),
    ("{{ ''.__class__.__mro__ }}", "failed"),  # the template runs in a sandbox
])
def test_a_broken_template_is_bad_input_and_sends_nothing(sandbox, world, tmp_path, text, fragment):
    template = tmp_path / "bad.j2"
    template.write_text(text)
    with pytest.raises(BadInput, match=fragment):
        sandbox(body_template=str(template)).publish(post(), MemoryCheckpoint())
    assert received_posts(world) == []


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"endpoint_url": "http://blog.example.com/hooks/psn"}, "plain http"),
    ({"endpoint_url": "blog.example.com"}, "not a web address"),
    ({"secret": "plain-text-secret"}, "whsec_"),
])
def test_connect_checks(clock, fields, fragment):
    deps = AdapterDeps(urls={}, settings={}, clock=clock)
    values = {"endpoint_url": "https://blog.example.com/hooks/psn", "secret": SECRET, **fields}
    with pytest.raises(BadInput, match=fragment):
        BlogConnector(deps).connect(values)
    assert BlogConnector(deps).connect({**values, "endpoint_url": "http://127.0.0.1:9000/hook", "secret": SECRET})


def test_nothing_to_pull(sandbox):
    adapter = sandbox()
    assert adapter.fetch_metrics(["101"]) == {} and not adapter.capabilities.metrics
    assert "psn analytics record" in " ".join(adapter.capabilities.notes)

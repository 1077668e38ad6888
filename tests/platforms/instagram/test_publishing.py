"""The container lifecycle against scripted answers: backoff, 9007 waits, ERROR reasons, quota refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn.platforms.base import MediaItem, PublishRequest
from psn.platforms.errors import QuotaExhausted, Rejected, Unavailable
from psn.platforms.instagram.spec import make_adapter

from .conftest import MemoryCheckpoint
from .helpers import GRAPH, NOW, USER, deps, form, graph_error

CONTAINER = "17900000000000001"
MEDIA = "17920000000000001"
URL = "https://cdn.example.com/a.jpg"


def image_request(text="Spring #sale"):
    return PublishRequest(platform="instagram", text=text, media=[MediaItem(kind="image", url=URL)])


def quota(httpx_mock, usage=3, total=100):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{USER}/content_publishing_limit?fields=quota_usage,config"
                                              f"&since={int((NOW - timedelta(hours=24)).timestamp())}"
                                              f"&access_token=IGAALlongtoken0123456789",
                            json={"data": [{"quota_usage": usage, "config": {"quota_total": total}}]})


def status(httpx_mock, code, text=""):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{CONTAINER}?fields=id,status_code,status"
                                              f"&access_token=IGAALlongtoken0123456789",
                            json={"id": CONTAINER, "status_code": code, "status": text})


def read_back(httpx_mock):
    httpx_mock.add_response(method="GET", url=f"{GRAPH}/{MEDIA}?fields=id,permalink,media_type,media_product_type,"
                                              f"timestamp&access_token=IGAALlongtoken0123456789",
                            json={"id": MEDIA, "permalink": "https://www.instagram.com/p/C1/",
                                  "media_product_type": "FEED"})


def test_polls_with_backoff_then_publishes(httpx_mock):
    sleeps: list[float] = []
    quota(httpx_mock)
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER})
    for _ in range(4):
        status(httpx_mock, "IN_PROGRESS")
    status(httpx_mock, "FINISHED", "Finished: Media has been uploaded and it is complete.")
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media_publish", json={"id": MEDIA})
    read_back(httpx_mock)
    adapter = make_adapter(deps(sleeps=sleeps))
    progress: list[str] = []
    adapter.progress = progress.append
    result = adapter.publish(image_request(), MemoryCheckpoint())
    assert result.platform_post_id == MEDIA and result.url == "https://www.instagram.com/p/C1/"
    assert sleeps == [2.0, 4.0, 8.0, 16.0]
    assert len(progress) == 4 and "processing" in progress[0]
    created = form(httpx_mock.get_requests(method="POST")[0])
    assert created == {"image_url": URL, "caption": "Spring #sale", "access_token": "IGAALlongtoken0123456789"}


def test_not_ready_on_publish_waits_instead_of_failing(httpx_mock):
    sleeps: list[float] = []
    quota(httpx_mock)
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER})
    status(httpx_mock, "FINISHED")
    for _ in range(2):
        httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media_publish", status_code=400,
                                json=graph_error(9007, "Media ID is not available", 2207027))
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media_publish", json={"id": MEDIA})
    read_back(httpx_mock)
    checkpoint = MemoryCheckpoint()
    result = make_adapter(deps(sleeps=sleeps)).publish(image_request(), checkpoint)
    assert result.platform_post_id == MEDIA and sleeps == [2.0, 4.0]
    assert checkpoint.values["media"] == MEDIA and not checkpoint.in_flight("media")


def test_error_status_gives_the_platform_reason_and_starts_a_new_attempt(httpx_mock):
    quota(httpx_mock)
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER})
    status(httpx_mock, "ERROR", "Error: Media upload has failed with error code 2207026")
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Rejected) as err:
        make_adapter(deps()).publish(image_request(), checkpoint)
    assert "2207026" in err.value.message and "MP4/MOV" in err.value.hint and err.value.code == 2207026
    assert checkpoint.values["attempt"] == "2" and checkpoint.values["a1:container"] == CONTAINER


def test_processing_too_long_leaves_the_container_for_a_retry(httpx_mock):
    quota(httpx_mock)
    httpx_mock.add_response(method="POST", url=f"{GRAPH}/{USER}/media", json={"id": CONTAINER})
    for _ in range(4):
        status(httpx_mock, "IN_PROGRESS")
    checkpoint = MemoryCheckpoint()
    with pytest.raises(Unavailable) as err:
        make_adapter(deps(settings={"publish_max_wait": 10})).publish(image_request(), checkpoint)
    assert "psn post retry" in err.value.hint and checkpoint.values["a1:container"] == CONTAINER
    assert "attempt" not in checkpoint.values


def test_quota_used_up_is_refused_before_any_container(httpx_mock):
    quota(httpx_mock, usage=100, total=100)
    oldest = NOW - timedelta(hours=20)
    httpx_mock.add_response(method="GET", json={"data": [
        {"id": "2", "timestamp": (NOW - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+0000")},
        {"id": "1", "timestamp": oldest.strftime("%Y-%m-%dT%H:%M:%S+0000")}]})
    with pytest.raises(QuotaExhausted) as err:
        make_adapter(deps()).publish(image_request(), MemoryCheckpoint())
    assert "100 of 100" in err.value.message and "remaining 0" in err.value.message
    assert err.value.retry_at == oldest + timedelta(hours=24)
    assert f"{oldest + timedelta(hours=24):%Y-%m-%d %H:%M}" in err.value.hint and err.value.exit_code == 5
    assert httpx_mock.get_requests(method="POST") == []
    listing = httpx_mock.get_requests()[1]
    assert listing.url.params["since"] == str(int((NOW - timedelta(hours=24)).timestamp()))


def test_local_validation_happens_before_any_network_call(httpx_mock):
    from psn.core.errors import BadInput

    with pytest.raises(BadInput):
        make_adapter(deps()).publish(image_request("x" * 2201), MemoryCheckpoint())
    assert httpx_mock.get_requests() == []

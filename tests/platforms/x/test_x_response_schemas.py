"""Every answer X's official spec allows, fed to psn's X client (issue 17): psn either accepts it or
raises a typed psn error with a message — never a bare exception, which the CLI shows as exit 1.

Answers come from the v2.167 response schemas (tests/specs/x-openapi.json) through
hypothesis-jsonschema: success bodies of each endpoint psn calls (null counts, missing optional
fields, partial `errors`, huge and negative numbers) and its error bodies (`Error` or problem JSON)
under every error status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psn.core.clock import FixedClock
from psn.core.errors import PsnError
from psn.platforms.http import HttpClient, RetryPolicy
from psn.platforms.oauth import StaticCredentials
from psn.platforms.x.client import XClient, classify
from tests.spec_schemas import answers, property_settings, response_schema, tiny_jpeg

SPEC = "x-openapi.json"
POST_FIELDS = {"id", "text", "edit_history_tweet_ids", "edit_history_post_ids", "created_at", "author_id",
               "conversation_id", "public_metrics", "non_public_metrics", "entities", "referenced_tweets"}
# What psn asks for (tweet.fields, user.fields, expansions=author_id) is all X sends besides its defaults.
ONLY = {"Post": POST_FIELDS, "Tweet": POST_FIELDS, "User": {"id", "name", "username", "public_metrics"},
        "Expansions": {"users"}}
ALWAYS = {"Post": {"id", "text"}, "User": {"id", "name", "username"}}  # X's default fields
ERROR_STATUSES = (400, 401, 402, 403, 404, 409, 429, 500, 502, 503)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    status: str
    call: Callable[[XClient, Path], Any]


ENDPOINTS = [
    Endpoint("create_post", "post", "/2/tweets", "201", lambda c, f: c.create_post("hi")),
    Endpoint("delete_post", "delete", "/2/tweets/{id}", "200", lambda c, f: c.delete_post("1")),
    Endpoint("me", "get", "/2/users/me", "200", lambda c, f: c.me()),
    Endpoint("lookup_posts", "get", "/2/tweets", "200", lambda c, f: c.lookup_posts(["1"], private=True)),
    Endpoint("user_posts", "get", "/2/users/{id}/tweets", "200", lambda c, f: c.user_posts("1")),
    Endpoint("search_recent", "get", "/2/tweets/search/recent", "200", lambda c, f: c.search_recent("cms")),
    Endpoint("mentions", "get", "/2/users/{id}/mentions", "200", lambda c, f: c.mentions("1")),
    Endpoint("upload_image", "post", "/2/media/upload", "200", lambda c, f: c.upload_image(f)),
    Endpoint("media_initialize", "post", "/2/media/upload/initialize", "200",
             lambda c, f: c.media_initialize(10, "video/mp4", "tweet_video")),
    Endpoint("media_append", "post", "/2/media/upload/{id}/append", "200", lambda c, f: c.media_append("1", 0, b"x")),
    Endpoint("media_finalize", "post", "/2/media/upload/{id}/finalize", "200", lambda c, f: c.media_finalize("1")),
    Endpoint("media_status", "get", "/2/media/upload", "200", lambda c, f: c.media_status("1")),
]
BY_NAME = {e.name: e for e in ENDPOINTS}


@cache
def success_answers(endpoint: Endpoint) -> st.SearchStrategy[Any]:
    schema = response_schema(SPEC, endpoint.method, endpoint.path, endpoint.status, only=ONLY, always=ALWAYS)
    return answers(schema)


@cache
def error_answers(endpoint: Endpoint) -> st.SearchStrategy[tuple[int, str, Any]]:
    def bodies(content_type: str) -> st.SearchStrategy[Any]:
        return answers(response_schema(SPEC, endpoint.method, endpoint.path, "default", content_type))

    kinds = st.sampled_from(["application/json", "application/problem+json"])
    return st.tuples(st.sampled_from(ERROR_STATUSES), kinds).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), bodies(pair[1])))


def _client(status: int, body: Any, content_type: str = "application/json") -> XClient:
    def answer(request: httpx.Request) -> httpx.Response:
        import json

        return httpx.Response(status, content=json.dumps(body).encode(), headers={"content-type": content_type})

    http = HttpClient(platform="x", base_url="https://api.x.com", classify=classify,
                      credentials=StaticCredentials({"Authorization": "Bearer t"}),
                      transport=httpx.MockTransport(answer),
                      clock=FixedClock(datetime(2026, 11, 21, tzinfo=UTC)), sleep=lambda s: None,
                      policy=RetryPolicy(attempts=1))
    return XClient(http)


def accepted_or_typed(endpoint: Endpoint, client: XClient, image: Path) -> None:
    """The property: psn's answer to the platform's answer is a value or a typed, worded error."""
    try:
        endpoint.call(client, image)
    except PsnError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_jpeg(tmp_path_factory.mktemp("media"))


PROPERTY = property_settings(4)


@pytest.mark.parametrize("name", list(BY_NAME))
@PROPERTY
@given(data=st.data())
def test_every_documented_success_answer_is_accepted_or_a_typed_error(name, image, data):
    endpoint = BY_NAME[name]
    body = data.draw(success_answers(endpoint), label="body")
    accepted_or_typed(endpoint, _client(int(endpoint.status), body), image)


@pytest.mark.parametrize("name", list(BY_NAME))
@PROPERTY
@given(data=st.data())
def test_every_documented_error_answer_is_a_typed_error(name, image, data):
    endpoint = BY_NAME[name]
    status, content_type, body = data.draw(error_answers(endpoint), label="error")
    with pytest.raises(PsnError) as raised:
        endpoint.call(_client(status, body, content_type), image)
    assert str(raised.value).strip()


# Shapes that once escaped as a bare exception (issue 17), pinned one by one.

@pytest.mark.parametrize("name", ["create_post", "me", "media_initialize", "media_status"])
def test_a_success_status_without_data_is_a_typed_error(name, image):
    body = {"errors": [{"type": "https://api.x.com/2/problems/invalid-request", "title": "Invalid Request",
                        "detail": "One or more parameters to your request was invalid."}]}
    accepted_or_typed(BY_NAME[name], _client(int(BY_NAME[name].status), body), image)


def test_null_user_counts_are_accepted(image):
    body = {"data": {"id": "1", "name": "A", "username": "a", "public_metrics": {
        "followers_count": 1, "following_count": 1, "post_count": 1, "listed_count": 0, "like_count": None,
        "media_count": None}}}
    assert _client(200, body).me().username == "a"


@pytest.mark.parametrize("hint", [-1, 10**12])
def test_odd_wait_hints_are_read_as_given_for_the_adapter_to_bound(hint, image):
    """The client keeps X's hint; the adapter bounds every wait (tests/e2e/test_x_answers.py proves the
    post goes out after -1 and that a huge hint is capped)."""
    body = {"data": {"id": "1", "processing_info": {"state": "in_progress", "check_after_secs": hint}}}
    assert _client(200, body).media_status("1").check_after_secs == hint


def test_an_off_model_metric_is_accepted_or_a_typed_error(image):
    body = {"data": [{"id": "1", "text": "hi", "non_public_metrics": {"impression_count": None}}]}
    accepted_or_typed(BY_NAME["lookup_posts"], _client(200, body), image)

"""Every answer WhatsApp's official spec allows, fed to psn's WhatsApp client (issue 17): psn either
accepts it or raises a typed psn error with a message — never a bare exception (exit 1).

Success bodies come from the response schemas of each endpoint psn calls in
tests/specs/whatsapp-business-messaging-openapi.yaml; error bodies from its `GraphAPIError`, under
every error status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from psn.platforms.facebook.graph import graph_classifier
from psn.platforms.http import HttpClient, RetryPolicy
from psn.platforms.oauth import StaticCredentials
from psn.platforms.whatsapp.client import WhatsAppClient, text_message
from tests.spec_schemas import answers, property_settings, response_schema, tiny_jpeg

SPEC = "whatsapp-business-messaging-openapi.yaml"
PHONE = "/{Version}/{Phone-Number-ID}"
ERROR_STATUSES = (400, 401, 403, 404, 422, 429, 500, 503)
Call = Callable[[WhatsAppClient, Path], Any]
ENDPOINTS: dict[str, tuple[str, str, Call]] = {
    "phone_number": ("get", PHONE, lambda c, f: c.phone_number()),
    "templates": ("get", "/{Version}/{WABA-ID}/message_templates", lambda c, f: c.templates("hello")),
    "send": ("post", PHONE + "/messages", lambda c, f: c.send(text_message("15551234567", "hi"))),
    "upload_media": ("post", PHONE + "/media", lambda c, f: c.upload_media(f, "image/jpeg")),
}


@cache
def success_answers(name: str) -> st.SearchStrategy[Any]:
    method, path, _ = ENDPOINTS[name]
    return answers(response_schema(SPEC, method, path, "200"))


@cache
def error_bodies() -> st.SearchStrategy[Any]:
    return answers(response_schema(SPEC, "get", PHONE, "400"))


def _client(status: int, body: Any) -> WhatsAppClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=json.dumps(body).encode(), headers={"content-type": "application/json"})

    clock = FixedClock(datetime(2026, 11, 21, tzinfo=UTC))
    http = HttpClient(platform="whatsapp", base_url="https://graph.facebook.com",
                      classify=graph_classifier("whatsapp", "WhatsApp", clock),
                      credentials=StaticCredentials({"Authorization": "Bearer t"}),
                      transport=httpx.MockTransport(answer), clock=clock, sleep=lambda s: None,
                      policy=RetryPolicy(attempts=1))
    return WhatsAppClient(http, "v23.0", "106540352242922", "102290129340398")


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_jpeg(tmp_path_factory.mktemp("media"))


PROPERTY = property_settings(5)


@pytest.mark.parametrize("name", list(ENDPOINTS))
@PROPERTY
@given(data=st.data())
def test_every_documented_success_answer_is_accepted_or_a_typed_error(name, image, data):
    body = data.draw(success_answers(name), label="body")
    try:
        ENDPOINTS[name][2](_client(200, body), image)
    except PsnError as error:
        assert str(error).strip()


@pytest.mark.parametrize("name", list(ENDPOINTS))
@PROPERTY
@given(data=st.data())
def test_every_documented_error_answer_is_a_typed_error(name, image, data):
    status = data.draw(st.sampled_from(ERROR_STATUSES), label="status")
    body = data.draw(error_bodies(), label="body")
    with pytest.raises(PsnError) as raised:
        ENDPOINTS[name][2](_client(status, body), image)
    assert str(raised.value).strip()


@pytest.mark.parametrize(("name", "body"), [("send", {"messaging_product": "whatsapp", "messages": []}),
                                            ("upload_media", {}), ("phone_number", {"verified_name": "Shop"})])
def test_a_success_without_the_id_is_a_typed_error(name, body, image):
    with pytest.raises(PsnError):
        ENDPOINTS[name][2](_client(200, body), image)

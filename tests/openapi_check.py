"""Validate requests psn builds against the platforms' official OpenAPI specs (tests/specs/).

The X spec (v2.167) fails its own schema validation (a duplicated enum value in
`dm_event.fields`), so the spec check is switched off; request validation still works.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from pathlib import Path

import httpx

SPECS = Path(__file__).parent / "specs"


@cache
def _api(name: str, host: str):  # type: ignore[no-untyped-def]
    from openapi_core import Config, OpenAPI

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return OpenAPI.from_file_path(str(SPECS / name), config=Config(spec_validator_cls=None)), host


class _Request:
    def __init__(self, request: httpx.Request, host_url: str) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = host_url
        self.path = request.url.path
        self.method = request.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())), cookie=ImmutableMultiDict(), path={},
        )
        self.content_type = request.headers.get("content-type", "application/json").split(";")[0]
        self.body = request.content or None

    @property
    def full_url_pattern(self) -> str:
        return self.host_url + self.path


def validate_x_request(request: httpx.Request) -> None:
    """Raise if the request does not match X's OpenAPI spec (body schema, required params)."""
    api, host = _api("x-openapi.json", "https://api.x.com")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.validate_request(_Request(request, host))


def body(request: httpx.Request) -> dict:
    return json.loads(request.content)

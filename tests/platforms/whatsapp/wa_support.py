"""Helpers for the WhatsApp tests: constants, a crashable checkpoint, and validation of every
request psn builds (and every answer the emulator gives) against Meta's OpenAPI description.

The published description has quirks that make it reject valid traffic, its own examples
included. They are patched here, each narrowly, and a test shows each quirk is real:
1. YAML integer keys (unquoted status codes) break the schema loader → keys become strings.
2. `TextMessage`, `ImageMessage` … are `allOf: [BaseMessageProperties, {additionalProperties:
   false, …}]`, so the second branch rejects `messaging_product`, `to` … → the base properties
   are copied into the strict branch (unknown keys are still refused).
3. Button `index` has the pattern `^[2-6, 11-14]$`, a character class that refuses "0" → `^[0-9]$`.
4. The multipart `file` of media uploads is `type: string`, but parts arrive as bytes → untyped.
"""

from __future__ import annotations

import copy
import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from tests.checkpoints import Crash, MemoryCheckpoint  # noqa: F401 - shared by the WhatsApp tests

SPEC_PATH = Path(__file__).parents[2] / "specs" / "whatsapp-business-messaging-openapi.yaml"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
GRAPH = "https://graph.facebook.com/v26.0"


@functools.cache
def raw_spec() -> dict[str, Any]:
    import yaml

    return _string_keys(yaml.safe_load(SPEC_PATH.read_text()))


def _string_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _string_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_string_keys(v) for v in node]
    return node


def patched_spec() -> dict[str, Any]:
    spec = copy.deepcopy(raw_spec())
    schemas = spec["components"]["schemas"]
    base = schemas["BaseMessageProperties"]["properties"]
    for schema in schemas.values():
        branches = schema.get("allOf") or []
        if any(b.get("$ref", "").endswith("/BaseMessageProperties") for b in branches):
            for branch in branches:
                if branch.get("additionalProperties") is False:
                    branch["properties"] = {**base, **branch.get("properties", {})}
    for name in ("TemplateComponent", "ButtonComponent"):
        for branch in [schemas[name], *schemas[name].get("allOf", [])]:
            if "index" in branch.get("properties", {}):
                branch["properties"]["index"]["pattern"] = "^[0-9]$"
    upload = spec["paths"]["/{Version}/{Phone-Number-ID}/media"]["post"]["requestBody"]["content"]
    upload["multipart/form-data"]["schema"]["properties"]["file"] = {"format": "binary"}
    return spec


@functools.cache
def openapi(patched: bool = True):  # type: ignore[no-untyped-def]
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(patched_spec() if patched else raw_spec(), config=Config(spec_validator_cls=None))


class _Request:
    """httpx.Request seen through openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = f"{request.url.scheme}://{request.url.host}"
        self.path = request.url.path
        self.method = request.method.lower()
        self.parameters = RequestParameters(query=ImmutableMultiDict(list(request.url.params.multi_items())),
                                            header=Headers(list(request.headers.items())), cookie=ImmutableMultiDict())
        self.content_type = request.headers.get("content-type", "")
        self.body = request.read()


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        from werkzeug.datastructures import Headers

        self.data = response.read()
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers([])


def check_request(request: httpx.Request, patched: bool = True) -> None:
    """Raises openapi-core's validation error if the request breaks the description."""
    openapi(patched).validate_request(_Request(request))


def check_exchange(request: httpx.Request, response: httpx.Response) -> None:
    openapi(True).validate_request(_Request(request))
    openapi(True).validate_response(_Request(request), _Response(response))

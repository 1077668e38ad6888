"""Any blog or CMS through a signed webhook, in the platform registry."""

from __future__ import annotations

import time
from dataclasses import dataclass

from psn.core.errors import BadInput
from psn.platforms.base import TokenSet
from psn.platforms.blog import signing
from psn.platforms.blog.adapter import CAPABILITIES, BlogAdapter
from psn.platforms.blog.client import BlogClient, classify
from psn.platforms.http import RetryPolicy
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http
from psn.platforms.wordpress.discovery import refuse_plain_http

INSTRUCTIONS = """\
1. On your blog or CMS, create an endpoint that accepts a POST with a JSON body and checks
   Standard Webhooks signatures (libraries: https://github.com/standard-webhooks/standard-webhooks).
2. Give psn the endpoint URL (https) and the endpoint's secret, which starts with `whsec_`.
   No secret yet? Make one and give it to both sides:
   python3 -c "import base64,os;print('whsec_'+base64.b64encode(os.urandom(32)).decode())"
3. The body psn sends is a template you can change: `psn config set blog.body_template PATH`
   (start from psn/platforms/blog/body.json.j2). Deduplicate on the `webhook-id` header: psn
   retries with the same id. Answer 2xx with {"id": …, "url": …} and psn records them."""


def _endpoint(deps: AdapterDeps) -> tuple[str, str]:
    tokens = deps.tokens.load() if deps.tokens is not None else None
    endpoint = deps.app.get("endpoint_url") or (tokens.extra.get("endpoint_url", "") if tokens else "")
    return endpoint, (tokens.access_token if tokens else deps.app.get("secret", ""))


def make_adapter(deps: AdapterDeps) -> BlogAdapter:
    endpoint, secret = _endpoint(deps)
    s = deps.settings
    http = build_http(deps, "blog", endpoint or "https://invalid", classify)
    http.policy = RetryPolicy(attempts=1)  # BlogClient retries itself, re-signing each attempt
    http.timeout = float(s.get("timeout_seconds", 20.0))
    client = BlogClient(http, endpoint, secret, deps.clock, sleep=deps.sleep or time.sleep,
                        attempts=int(s.get("attempts", 3)))
    return BlogAdapter(client, deps.clock, event_type=str(s.get("event_type", "post.published")),
                       body_template=str(s.get("body_template", "")))


@dataclass
class BlogConnector:
    deps: AdapterDeps

    def connect(self, fields: dict[str, str]) -> TokenSet:
        endpoint = fields.get("endpoint_url", "").strip()
        if not endpoint.startswith(("https://", "http://")):
            raise BadInput(f"{endpoint!r} is not a web address.", hint="Give the full https URL of the endpoint.")
        refuse_plain_http(endpoint, bool(self.deps.settings.get("allow_http", False)), "blog.allow_http",
                          "every article and its signature")
        secret = fields.get("secret", "").strip()
        signing.decode_secret(secret)
        return TokenSet(access_token=secret, token_type="webhook_secret", extra={"endpoint_url": endpoint})

    def revoke(self, tokens: TokenSet) -> None:
        """Nothing to revoke remotely: rotate the secret on the receiver."""


SPEC = PlatformSpec(
    name="blog",
    title="Blog (webhook)",
    capabilities=CAPABILITIES,
    default_urls={},
    connect=ConnectSpec(kind="webhook", instructions=INSTRUCTIONS, app_fields=("endpoint_url", "secret"),
                        secret_fields=("secret",),
                        field_help={"endpoint_url": "Webhook endpoint URL (https://…)",
                                    "secret": "Endpoint secret (whsec_…)"}),
    make_adapter=make_adapter,
    make_connector=BlogConnector,
    emulator="psn.sandbox.blog:BlogEmulator",
)

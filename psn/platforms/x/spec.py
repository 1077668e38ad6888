"""X's entry in the platform registry."""

from __future__ import annotations

from dataclasses import dataclass

from psn.platforms.base import TokenSet
from psn.platforms.oauth import AuthorizationRequest, RefreshingCredentials
from psn.platforms.ratelimit import x_retry_at
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http
from psn.platforms.x import oauth
from psn.platforms.x.adapter import CAPABILITIES, XAdapter
from psn.platforms.x.client import XClient, classify

DEFAULT_URLS = {"api": "https://api.x.com", "authorize": "https://x.com/i/oauth2/authorize"}

INSTRUCTIONS = """\
1. Open https://console.x.com and create a Project and an App (pay-per-use credits, or a legacy tier).
2. In the App's "User authentication settings": OAuth 2.0, type "Native App" (public) or
   "Web App / Confidential client"; App permissions "Read and write".
3. Register this exact callback URI (X rejects `localhost`): {redirect_uri}
4. Copy the OAuth 2.0 Client ID (and Client Secret for a confidential client).
Replies through the API only work when the author mentioned or quoted you (X policy since 2026-02-23)."""


def _prices(deps: AdapterDeps) -> dict[str, float]:
    s = deps.settings
    return {"post": s.get("price_post", 0.0), "post_with_url": s.get("price_post_with_url", 0.0),
            "post_read": s.get("price_post_read", 0.0), "user_read": s.get("price_user_read", 0.0),
            "owned_read": s.get("price_owned_read", 0.0)}


def make_adapter(deps: AdapterDeps) -> XAdapter:
    auth_http = build_http(deps, "x", deps.urls["api"], classify, x_retry_at)
    client_id, secret = deps.app.get("client_id", ""), deps.app.get("client_secret") or None

    def refresher(tokens: TokenSet) -> TokenSet:
        return oauth.refresh(auth_http, deps.clock, client_id, secret, tokens)

    credentials = RefreshingCredentials(deps.tokens, refresher, deps.clock) if deps.tokens else None
    http = build_http(deps, "x", deps.urls["api"], classify, x_retry_at, credentials)
    account = deps.account
    adapter = XAdapter(
        XClient(http), user_id=account.platform_user_id if account else "", handle=account.handle if account else "",
        max_weighted=int(deps.settings.get("max_weighted_length", 280)), prices=_prices(deps), clock=deps.clock,
    )
    if deps.sleep is not None:
        adapter.sleep = deps.sleep
    return adapter


@dataclass
class XConnector:
    deps: AdapterDeps

    def _http(self):  # type: ignore[no-untyped-def]
        return build_http(self.deps, "x", self.deps.urls["api"], classify, x_retry_at)

    def authorize(self, redirect_uri: str) -> AuthorizationRequest:
        return oauth.authorize(self.deps.urls["authorize"], self.deps.app["client_id"], redirect_uri)

    def exchange(self, request: AuthorizationRequest, code: str) -> TokenSet:
        app = self.deps.app
        return oauth.exchange_code(self._http(), self.deps.clock, app["client_id"], app.get("client_secret") or None,
                                   request, code)

    def revoke(self, tokens: TokenSet) -> None:
        app = self.deps.app
        oauth.revoke(self._http(), app["client_id"], app.get("client_secret") or None, tokens.access_token)


SPEC = PlatformSpec(
    name="x",
    title="X",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="oauth_pkce", instructions=INSTRUCTIONS, scopes=oauth.SCOPES, default_port=8765,
                        app_fields=("client_id", "client_secret"), secret_fields=("client_secret",),
                        optional_fields=("client_secret",),
                        field_help={"client_id": "OAuth 2.0 Client ID",
                                    "client_secret": "Client Secret (leave empty for a public Native App)"}),
    make_adapter=make_adapter,
    make_connector=XConnector,
    emulator="psn.sandbox.x:XEmulator",
)

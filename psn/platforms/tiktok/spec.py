"""TikTok's entry in the platform registry: the adapter and the connector, wired from AdapterDeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psn.core.redact import register_secret
from psn.platforms.base import TokenSet, TokenStore
from psn.platforms.http import HttpClient, generic_classify
from psn.platforms.oauth import AuthorizationRequest, RefreshingCredentials, StaticCredentials
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http
from psn.platforms.tiktok import oauth
from psn.platforms.tiktok.adapter import CAPABILITIES, TikTokAdapter
from psn.platforms.tiktok.client import TikTokClient
from psn.platforms.tiktok.discovery import CreativeCenterSource, Discovery, DiscoverySource, ProviderSource
from psn.platforms.tiktok.errors import classify, classify_upload, retry_at
from psn.platforms.tiktok.job import PublishPolicy

DEFAULT_URLS = {
    "api": "https://open.tiktokapis.com",
    "authorize": "https://www.tiktok.com/v2/auth/authorize/",
    "creative_center": "https://ads.tiktok.com",
}
UPLOAD_TIMEOUT = 120.0  # seconds per socket operation while a 64 MB chunk streams

INSTRUCTIONS = """\
1. Open https://developers.tiktok.com, create an app and choose the "Desktop" platform.
2. Add the products Login Kit, Content Posting API (enable Direct Post) and Display API, with the scopes
   user.info.basic, user.info.profile, user.info.stats, video.list, video.upload, video.publish.
3. Register this redirect URI for Desktop (http and 127.0.0.1 are allowed): {redirect_uri}
4. Copy the Client key and Client secret. `discovery_api_key` is optional (a premium discovery
   provider's key); leave it empty if you have none.
Until TikTok audits the app, posts can only be private: psn uploads drafts to your TikTok inbox.
After the audit, run `psn config set tiktok.audited true`."""


def _policy(settings: dict[str, Any]) -> PublishPolicy:
    return PublishPolicy(audited=bool(settings.get("audited", False)),
                         unaudited_mode=str(settings.get("unaudited_mode", "inbox")),
                         chunk_size=int(settings.get("chunk_size", 64_000_000)),
                         verified_url_prefixes=tuple(settings.get("verified_url_prefixes") or ()))


def _discovery(deps: AdapterDeps) -> Discovery:
    sources: list[DiscoverySource] = []
    reasons = []
    if deps.settings.get("creative_center_enabled"):
        http = build_http(deps, "tiktok", deps.urls.get("creative_center") or DEFAULT_URLS["creative_center"],
                          generic_classify("TikTok Creative Center"))
        sources.append(CreativeCenterSource(http, str(deps.settings.get("creative_center_country", "US"))))
    else:
        reasons.append("Creative Center is off (tiktok.creative_center_enabled; unofficial and unstable)")
    url, key = deps.urls.get("discovery") or "", deps.app.get("discovery_api_key") or ""
    if url and key:
        register_secret(key)
        http = build_http(deps, "tiktok", url, generic_classify("TikTok discovery provider"),
                          credentials=StaticCredentials({"Authorization": f"Bearer {key}"}))
        sources.append(ProviderSource(http))
    else:
        reasons.append("no premium provider (tiktok.discovery_url and the app's discovery_api_key secret)"
                       if not url else "the premium provider has no API key (the app's discovery_api_key secret)")
    return Discovery(sources, "; ".join(reasons))


@dataclass
class RedactingTokenStore:
    """Registers every token it passes on, so a token TikTok echoes in an error is masked."""

    inner: TokenStore

    def load(self) -> TokenSet:
        return _registered(self.inner.load())

    def save(self, tokens: TokenSet) -> None:
        self.inner.save(_registered(tokens))


def _registered(tokens: TokenSet) -> TokenSet:
    register_secret(tokens.access_token)
    register_secret(tokens.refresh_token)
    return tokens


def make_adapter(deps: AdapterDeps) -> TikTokAdapter:
    app = deps.app
    client_key, secret = app.get("client_key", ""), app.get("client_secret", "")
    register_secret(secret)
    auth_http = build_http(deps, "tiktok", deps.urls["api"], classify, retry_at)

    def refresher(tokens: TokenSet) -> TokenSet:
        return oauth.refresh(auth_http, deps.clock, client_key, secret, tokens)

    tokens = RedactingTokenStore(deps.tokens) if deps.tokens else None
    credentials = RefreshingCredentials(tokens, refresher, deps.clock) if tokens else None
    http = build_http(deps, "tiktok", deps.urls["api"], classify, retry_at, credentials)
    upload_http: HttpClient = build_http(deps, "tiktok", deps.urls["api"], classify_upload, retry_at)
    upload_http.timeout = UPLOAD_TIMEOUT
    s = deps.settings
    adapter = TikTokAdapter(
        TikTokClient(http, upload_http), policy=_policy(s), handle=deps.account.handle if deps.account else "",
        scopes=(lambda: tokens.load().scopes) if tokens else tuple, discovery=_discovery(deps),
        client_secret=secret, clock=deps.clock, webhook_tolerance=int(s.get("webhook_tolerance_seconds", 300)),
        poll_interval=float(s.get("poll_interval_seconds", 5.0)), poll_timeout=float(s.get("poll_timeout_seconds",
                                                                                            600.0)),
        max_restarts=int(s.get("max_upload_restarts", 2)),
    )
    if deps.sleep is not None:
        adapter.sleep = deps.sleep
    return adapter


@dataclass
class TikTokConnector:
    deps: AdapterDeps

    def _http(self) -> HttpClient:
        return build_http(self.deps, "tiktok", self.deps.urls["api"], classify, retry_at)

    def _app(self) -> tuple[str, str]:
        secret = self.deps.app.get("client_secret", "")
        register_secret(secret)
        return self.deps.app["client_key"], secret

    def authorize(self, redirect_uri: str) -> AuthorizationRequest:
        return oauth.authorize(self.deps.urls["authorize"], self.deps.app["client_key"], redirect_uri)

    def exchange(self, request: AuthorizationRequest, code: str) -> TokenSet:
        key, secret = self._app()
        return _registered(oauth.exchange_code(self._http(), self.deps.clock, key, secret, request, code))

    def revoke(self, tokens: TokenSet) -> None:
        key, secret = self._app()
        oauth.revoke(self._http(), key, secret, tokens.access_token)


SPEC = PlatformSpec(
    name="tiktok",
    title="TikTok",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="oauth_pkce", instructions=INSTRUCTIONS, scopes=oauth.SCOPES, default_port=8766,
                        app_fields=("client_key", "client_secret", "discovery_api_key"),
                        secret_fields=("client_secret", "discovery_api_key"),
                        optional_fields=("discovery_api_key",),
                        field_help={"client_key": "Client key (Login Kit, Desktop app)",
                                    "client_secret": "Client secret",
                                    "discovery_api_key": "API key of a premium discovery provider (optional, "
                                                         "leave empty)"}),
    make_adapter=make_adapter,
    make_connector=TikTokConnector,
    emulator="psn.sandbox.tiktok:TikTokEmulator",
)

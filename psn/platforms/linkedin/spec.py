"""LinkedIn's entry in the platform registry."""

from __future__ import annotations

import time
from dataclasses import dataclass

from psn.core.errors import NotConfigured
from psn.core.sections.linkedin import DEFAULT_VERSION
from psn.platforms.base import TokenSet
from psn.platforms.http import HttpClient
from psn.platforms.linkedin import oauth
from psn.platforms.linkedin.adapter import CAPABILITIES, LinkedInAdapter
from psn.platforms.linkedin.client import LinkedInClient
from psn.platforms.linkedin.errors import make_classify
from psn.platforms.linkedin.uploads import MediaUploader
from psn.platforms.oauth import AuthorizationRequest, RefreshingCredentials
from psn.platforms.ratelimit import linkedin_retry_at
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http

DEFAULT_URLS = {
    "api": "https://api.linkedin.com",
    "authorize": "https://www.linkedin.com/oauth/v2/authorization",
    "token": "https://www.linkedin.com/oauth/v2/accessToken",
    "revoke": "https://www.linkedin.com/oauth/v2/revoke",
}

INSTRUCTIONS = """\
1. Open https://www.linkedin.com/developers/apps and create an app (LinkedIn asks for a Company Page
   to associate it with; any page you administer will do, posts still go out as you).
2. Products tab: add "Sign In with LinkedIn using OpenID Connect" and "Share on LinkedIn".
3. Auth tab: under "Authorized redirect URLs for your app", add exactly: {redirect_uri}
4. Copy the Client ID and the Primary Client Secret from the Auth tab.
LinkedIn tokens last 60 days and psn cannot renew them: `psn accounts health` warns a week ahead,
and running this setup again renews the connection (no consent screen if you are logged in)."""


def _app(deps: AdapterDeps) -> tuple[str, str]:
    client_id, secret = deps.app.get("client_id", ""), deps.app.get("client_secret", "")
    if not client_id or not secret:
        raise NotConfigured("LinkedIn needs your app's Client ID and Client Secret.",
                            hint="Run `psn setup linkedin`.")
    return client_id, secret


def _version(deps: AdapterDeps) -> str:
    return str(deps.settings.get("version") or DEFAULT_VERSION)


def _token_http(deps: AdapterDeps) -> HttpClient:
    return build_http(deps, "linkedin", deps.urls["token"], make_classify(_version(deps), deps.clock),
                      linkedin_retry_at)


def _credentials(deps: AdapterDeps) -> RefreshingCredentials | None:
    """Bearer credentials; a refresher only for partner apps, the ones LinkedIn gave a refresh token."""
    if deps.tokens is None:
        return None
    refresher = None
    if deps.tokens.load().refresh_token:
        client_id, secret = _app(deps)
        token_http = _token_http(deps)

        def refresher(tokens: TokenSet) -> TokenSet:
            return oauth.refresh(token_http, deps.urls["token"], deps.clock, client_id, secret, tokens)

    return RefreshingCredentials(deps.tokens, refresher, deps.clock)


def make_adapter(deps: AdapterDeps) -> LinkedInAdapter:
    settings = deps.settings
    version = _version(deps)
    http = build_http(deps, "linkedin", deps.urls["api"], make_classify(version, deps.clock), linkedin_retry_at,
                      _credentials(deps))
    client = LinkedInClient(http, version)
    uploader = MediaUploader(client, deps.sleep or time.sleep, float(settings.get("media_wait_seconds", 600)))
    return LinkedInAdapter(
        client, uploader, author_id=deps.account.platform_user_id if deps.account else "",
        visibility=str(settings.get("visibility", "PUBLIC")), analytics=bool(settings.get("analytics_enabled")),
        tokens=deps.tokens, clock=deps.clock,
    )


@dataclass
class LinkedInConnector:
    deps: AdapterDeps

    def authorize(self, redirect_uri: str) -> AuthorizationRequest:
        client_id, _ = _app(self.deps)
        scope = oauth.scopes(bool(self.deps.settings.get("analytics_enabled")))
        return oauth.authorize(self.deps.urls["authorize"], client_id, redirect_uri, scope)

    def exchange(self, request: AuthorizationRequest, code: str) -> TokenSet:
        client_id, secret = _app(self.deps)
        return oauth.exchange_code(_token_http(self.deps), self.deps.urls["token"], self.deps.clock, client_id,
                                   secret, request, code)

    def revoke(self, tokens: TokenSet) -> None:
        client_id, secret = _app(self.deps)
        oauth.revoke(_token_http(self.deps), self.deps.urls["revoke"], client_id, secret, tokens.access_token)


SPEC = PlatformSpec(
    name="linkedin",
    title="LinkedIn",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="oauth", instructions=INSTRUCTIONS, scopes=oauth.SCOPES, default_port=8766,
                        app_fields=("client_id", "client_secret"), secret_fields=("client_secret",),
                        field_help={"client_id": "Client ID (Auth tab)",
                                    "client_secret": "Primary Client Secret (Auth tab)"}),
    make_adapter=make_adapter,
    make_connector=LinkedInConnector,
    emulator="psn.sandbox.linkedin:LinkedInEmulator",
)

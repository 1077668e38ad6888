"""Facebook Pages in the platform registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psn.platforms.base import TokenSet
from psn.platforms.facebook import oauth
from psn.platforms.facebook.adapter import CAPABILITIES, FacebookAdapter
from psn.platforms.facebook.client import FacebookClient, FbPage
from psn.platforms.facebook.graph import graph_classifier
from psn.platforms.http import HttpClient
from psn.platforms.oauth import AuthorizationRequest, RefreshingCredentials, StaticCredentials
from psn.platforms.ratelimit import meta_retry_at
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http

DEFAULT_URLS = {"api": "https://graph.facebook.com", "video": "https://graph-video.facebook.com",
                "authorize": "https://www.facebook.com"}
DEFAULT_VERSION = "v26.0"

INSTRUCTIONS = """\
1. Open https://developers.facebook.com/apps and create an app of type "Business".
2. Add the "Facebook Login for Business" product; under its settings add this Valid OAuth
   Redirect URI: {redirect_uri}
3. Copy the App ID and the App Secret (App settings → Basic).
4. psn asks for: pages_show_list, pages_manage_posts, pages_read_engagement, pages_manage_engagement,
   pages_read_user_engagement, read_insights, publish_video, business_management. Outside development
   mode these need App Review (Advanced Access) and Business Verification.
5. You need the CREATE_CONTENT and MODERATE tasks on the Page. psn keeps the Page's own token
   (it does not expire), never your user token.
Optional: a webhook verify token of your choosing, for Page webhooks (comments as they happen)."""

HINTS = {
    190: "The Page token is no longer valid (password change, role removed or app removed): `psn setup facebook`.",
    200: "The app lacks a Page permission (e.g. pages_manage_posts): reconnect and grant all of them.",
    368: "Facebook has temporarily blocked this Page from posting (policy); wait before trying again.",
    1366046: "Photos must be JPG or PNG under 4 MB.",
    1390008: "You are posting too fast for Facebook; wait a few minutes.",
    1346003: "Facebook flagged the content as abusive.",
    1404078: "Facebook wants you to confirm publishing in the Page's settings first.",
    1609008: "Facebook refuses links to facebook.com in a post.",
    2061006: "Facebook could not read that URL; check it is public.",
}


def _version(deps: AdapterDeps) -> str:
    return str(deps.settings.get("graph_version") or DEFAULT_VERSION)


def _http(deps: AdapterDeps, base: str, credentials: Any = None) -> HttpClient:
    classify = graph_classifier("facebook", "Facebook", deps.clock, HINTS)
    return build_http(deps, "facebook", base, classify, meta_retry_at, credentials)


def _page_id(deps: AdapterDeps) -> str:
    if deps.account and deps.account.platform_user_id:
        return deps.account.platform_user_id
    if deps.tokens is not None:
        return deps.tokens.load().extra.get("page_id", "")
    return ""


def make_adapter(deps: AdapterDeps) -> FacebookAdapter:
    credentials = RefreshingCredentials(deps.tokens, None, deps.clock) if deps.tokens else None
    http = _http(deps, deps.urls["api"], credentials)
    video_http = _http(deps, deps.urls.get("video", deps.urls["api"]), credentials)
    client = FacebookClient(http, _version(deps), video_http)
    s = deps.settings
    return FacebookAdapter(
        client, _page_id(deps), deps.clock, app_secret=deps.app.get("client_secret", ""),
        verify_token=deps.app.get("webhook_verify_token", ""),
        schedule_min_minutes=int(s.get("schedule_min_minutes", 10)),
        schedule_max_days=int(s.get("schedule_max_days", 30)),
    )


@dataclass
class FacebookConnector:
    """Facebook Login, then the Page token. `chooser` lets an interactive caller pick the Page;
    without one psn takes `facebook.page_id`, the app field `page`, or the only Page."""

    deps: AdapterDeps
    chooser: Any = field(default=None)

    def authorize(self, redirect_uri: str) -> AuthorizationRequest:
        return oauth.authorize(self.deps.urls["authorize"], _version(self.deps), self.deps.app["client_id"],
                               redirect_uri)

    def exchange(self, request: AuthorizationRequest, code: str) -> TokenSet:
        app, version, now = self.deps.app, _version(self.deps), self.deps.clock.now()
        plain = _http(self.deps, self.deps.urls["api"])
        short = oauth.exchange_code(plain, version, app["client_id"], app["client_secret"], request.redirect_uri,
                                    code, now)
        user = oauth.long_lived(plain, version, app["client_id"], app["client_secret"], short, now)
        as_user = FacebookClient(self._with_token(user.access_token), version)
        user_id = as_user.me().id
        page = self._choose(as_user.pages())
        oauth.check_tasks(page)
        oauth.refuse_user_token(FacebookClient(self._with_token(page.access_token), version), page.id)
        return oauth.page_token_set(page, user_id)

    def _choose(self, pages: list[FbPage]) -> FbPage:
        wanted = str(self.deps.settings.get("page_id") or self.deps.app.get("page", ""))
        if self.chooser is not None and len(pages) > 1 and not wanted:
            return self.chooser(pages)
        return oauth.choose_page(pages, wanted)

    def _with_token(self, token: str) -> HttpClient:
        return _http(self.deps, self.deps.urls["api"], StaticCredentials({"Authorization": f"Bearer {token}"}))

    def revoke(self, tokens: TokenSet) -> None:
        app = self.deps.app
        user_id = tokens.extra.get("user_id")
        if user_id:
            oauth.revoke(_http(self.deps, self.deps.urls["api"]), _version(self.deps), app["client_id"],
                         app["client_secret"], user_id)


SPEC = PlatformSpec(
    name="facebook",
    title="Facebook Page",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="oauth", instructions=INSTRUCTIONS, scopes=oauth.SCOPES, default_port=8766,
                        app_fields=("client_id", "client_secret", "webhook_verify_token"),
                        secret_fields=("client_secret", "webhook_verify_token"),
                        optional_fields=("webhook_verify_token",),
                        field_help={"client_id": "App ID", "client_secret": "App Secret",
                                    "webhook_verify_token": "Webhook verify token of your choosing (optional)"}),
    make_adapter=make_adapter,
    make_connector=FacebookConnector,
    emulator="psn.sandbox.meta_graph:MetaGraphEmulator",
)

"""Instagram's entry in the platform registry: how to build its adapter and its connector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from psn.core.errors import NotAuthorised
from psn.platforms.base import TokenSet
from psn.platforms.http import HttpClient
from psn.platforms.instagram import oauth
from psn.platforms.instagram.adapter import CAPABILITIES, InstagramAdapter
from psn.platforms.instagram.client import InstagramClient, TokenCredentials
from psn.platforms.instagram.errors import classifier, throttle_until
from psn.platforms.instagram.hashtags import HashtagBudget, HashtagSearch
from psn.platforms.instagram.media_host import CommandMediaHost
from psn.platforms.instagram.oauth import TokenSource
from psn.platforms.instagram.publishing import Publisher
from psn.platforms.instagram.usage import budget_observer
from psn.platforms.oauth import AuthorizationRequest
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http

DEFAULT_URLS = {
    "api": "https://graph.instagram.com",
    "oauth": "https://api.instagram.com",
    "authorize": "https://www.instagram.com/oauth/authorize",
    "rupload": "https://rupload.facebook.com",
}
"""Hosts of the default (Instagram Login) path. The Facebook-Login path adds `facebook_api` and
`facebook` (graph.facebook.com, www.facebook.com) from the [instagram] settings."""

INSTRUCTIONS = """\
1. At https://developers.facebook.com/apps create an app (type "Business"), add the product "Instagram",
   and open "API setup with Instagram login".
2. Your Instagram account must be a professional account (Business or Creator); no Facebook Page is needed.
3. Under "Set up Instagram business login" → Business login settings, add this OAuth redirect URI exactly:
   {redirect_uri}
   (Meta may require https: then set `instagram.redirect_uri` to the https URI you registered and paste the
   address your browser lands on.)
4. Copy the Instagram App ID and Instagram App Secret from that panel (not the Meta App ID / App settings).
   The app secret also signs webhooks (`psn webhooks secret instagram` stores it for the receiver).
Permissions asked: instagram_business_basic, _content_publish, _manage_comments, _manage_insights.
Hashtag search needs the Facebook-Login path: `psn config set instagram.login facebook`, a Page linked to
the account, the Meta App ID/secret, and App Review for Instagram Public Content Access."""


class _NotConnected:
    def load(self) -> TokenSet:
        raise NotAuthorised("Instagram is not connected.", hint="Run `psn setup instagram`.")

    def save(self, tokens: TokenSet) -> None:
        raise NotAuthorised("Instagram is not connected.", hint="Run `psn setup instagram`.")


def _urls(deps: AdapterDeps) -> dict[str, str]:
    return {"facebook_api": "https://graph.facebook.com", "facebook": "https://www.facebook.com", **DEFAULT_URLS,
            **deps.urls}


def _http(deps: AdapterDeps, base_url: str, credentials=None) -> HttpClient:  # type: ignore[no-untyped-def]
    return build_http(deps, "instagram", base_url, classifier(deps.clock), throttle_until, credentials,
                      observe=budget_observer(deps.ledger, deps.clock))


def token_source(deps: AdapterDeps) -> TokenSource:
    settings, urls, app = deps.settings, _urls(deps), deps.app
    version = settings.get("api_version", "v26.0")
    if settings.get("login", "instagram") == "facebook":
        fb_http = _http(deps, urls["facebook_api"])

        def refresher(tokens: TokenSet) -> TokenSet:
            return oauth.facebook_extend(fb_http, deps.clock, version, app.get("client_id", ""),
                                         app.get("client_secret", ""), tokens.access_token, tokens.extra)
    else:
        graph_http = _http(deps, urls["api"])

        def refresher(tokens: TokenSet) -> TokenSet:
            return oauth.refresh(graph_http, deps.clock, tokens)

    return TokenSource(deps.tokens or _NotConnected(), deps.clock, refresher,
                       timedelta(days=int(settings.get("refresh_days_left", 50))))


def make_client(deps: AdapterDeps) -> InstagramClient:
    settings, urls = deps.settings, _urls(deps)
    login = settings.get("login", "instagram")
    tokens = token_source(deps)
    scheme = "Bearer" if settings.get("token_transport") == "bearer" else None
    http = _http(deps, urls["facebook_api"] if login == "facebook" else urls["api"], TokenCredentials(tokens, scheme))
    upload_http = _http(deps, urls["rupload"], TokenCredentials(tokens, "OAuth"))
    return InstagramClient(http, tokens, upload_http, version=settings.get("api_version", "v26.0"), login=login)


def make_adapter(deps: AdapterDeps, hashtag_budget: HashtagBudget | None = None) -> InstagramAdapter:
    settings = deps.settings
    hashtag_budget = hashtag_budget or deps.extras.get("hashtag_budget")
    client = make_client(deps)
    user_id = deps.account.platform_user_id if deps.account else ""
    command = settings.get("media_host_command") or ""
    publisher = Publisher(
        client, user_id, deps.clock, deps.sleep or __import__("time").sleep,
        media_host=(CommandMediaHost(command, float(settings.get("media_host_timeout", 300))) if command
                    else deps.extras.get("media_host")),
        video_upload=settings.get("video_upload", "resumable"),
        max_wait=float(settings.get("publish_max_wait", 900)),
    )
    search = HashtagSearch(client, user_id, hashtag_budget, deps.clock, client.login) if hashtag_budget else None
    return InstagramAdapter(
        client, publisher, deps.clock, user_id=user_id, handle=deps.account.handle if deps.account else "",
        app_secret=deps.app.get("client_secret", ""), verify_token=deps.app.get("webhook_verify_token", ""),
        max_hashtags=int(settings.get("max_hashtags", 30)), hashtag_search=search,
    )


@dataclass
class InstagramConnector:
    """Runs Instagram Login (or Facebook Login when `instagram.login = facebook`)."""

    deps: AdapterDeps

    @property
    def login(self) -> str:
        return self.deps.settings.get("login", "instagram")

    def authorize(self, redirect_uri: str) -> AuthorizationRequest:
        redirect = self.deps.settings.get("redirect_uri") or redirect_uri
        urls, app_id = _urls(self.deps), self.deps.app["client_id"]
        if self.login == "facebook":
            return oauth.facebook_authorize(urls["facebook"], self._version, app_id, redirect)
        return oauth.authorize(urls["authorize"], app_id, redirect)

    @property
    def _version(self) -> str:
        return self.deps.settings.get("api_version", "v26.0")

    def exchange(self, request: AuthorizationRequest, code: str) -> TokenSet:
        urls, app, clock = _urls(self.deps), self.deps.app, self.deps.clock
        if self.login == "facebook":
            tokens = oauth.facebook_exchange(_http(self.deps, urls["facebook_api"]), clock, self._version,
                                             app["client_id"], app["client_secret"], request.redirect_uri, code)
            return self._with_linked_account(tokens)
        token, user_id, permissions = oauth.exchange_code(_http(self.deps, urls["oauth"]), app["client_id"],
                                                          app["client_secret"], request.redirect_uri, code)
        tokens = oauth.long_lived(_http(self.deps, urls["api"]), clock, app["client_secret"], token,
                                  {"login": "instagram", "user_id": user_id})
        return tokens.model_copy(update={"scopes": permissions})

    def _with_linked_account(self, tokens: TokenSet) -> TokenSet:
        from psn.platforms.oauth import MemoryTokenStore

        deps = AdapterDeps(urls=self.deps.urls, settings=self.deps.settings, clock=self.deps.clock,
                           tokens=MemoryTokenStore(tokens), transport=self.deps.transport, app=self.deps.app,
                           sleep=self.deps.sleep)
        pages = [p for p in make_client(deps).pages_with_instagram() if p.instagram_user_id]
        if not pages:
            raise NotAuthorised("None of your Facebook Pages is linked to an Instagram professional account.",
                                hint="Link the account to a Page in the Instagram app, then run the setup again.")
        return tokens.model_copy(update={"extra": {**tokens.extra, "user_id": pages[0].instagram_user_id,
                                                   "page_id": pages[0].id}})

    def revoke(self, tokens: TokenSet) -> None:
        """Facebook Login: remove the app's permissions. Instagram Login has no revoke endpoint: the user
        removes psn under Instagram → Settings → Apps and websites; the token then stops working."""
        if self.login != "facebook":
            return
        from psn.platforms.oauth import MemoryTokenStore

        deps = AdapterDeps(urls=self.deps.urls, settings=self.deps.settings, clock=self.deps.clock,
                           tokens=MemoryTokenStore(tokens), transport=self.deps.transport, app=self.deps.app)
        make_client(deps).call("DELETE", "me/permissions", "auth")


SPEC = PlatformSpec(
    name="instagram",
    title="Instagram",
    capabilities=CAPABILITIES,
    default_urls=DEFAULT_URLS,
    connect=ConnectSpec(kind="oauth", self_refreshing=True,
                        instructions=INSTRUCTIONS, scopes=oauth.SCOPES, default_port=8766,
                        app_fields=("client_id", "client_secret"), secret_fields=("client_secret",),
                        field_help={"client_id": "Instagram App ID (API setup with Instagram login)",
                                    "client_secret": "Instagram App Secret (same panel)"}),
    make_adapter=make_adapter,
    make_connector=InstagramConnector,
    emulator="psn.sandbox.instagram:InstagramEmulator",
)

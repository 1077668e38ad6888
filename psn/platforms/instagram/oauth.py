"""Connecting Instagram (contract A1): Business Login for Instagram, or Facebook Login.

Instagram Login (the default, no Facebook Page needed): authorize on www.instagram.com →
code → short-lived token from api.instagram.com (two response shapes, and a non-Graph error
shape) → 60-day token from graph.instagram.com (`ig_exchange_token`). A long-lived token can be
refreshed (`ig_refresh_token`) only once it is at least 24 hours old and before it expires.

Facebook Login (needed only for hashtag search): www.facebook.com dialog → code → user token
from graph.facebook.com → long-lived via `fb_exchange_token` → the Instagram account id from
the Pages the user manages.

What psn keeps in `TokenSet.extra`: `login` (instagram | facebook), `kind` (short | long),
`issued_at` (ISO, for the 24-hour refresh rule) and `user_id` (the professional account id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from psn.core.clock import Clock, parse_iso
from psn.core.errors import BadInput, NotAuthorised
from psn.core.redact import register_secret
from psn.platforms.base import TokenSet, TokenStore
from psn.platforms.errors import PlatformError, RateLimitedError, Unavailable
from psn.platforms.http import HttpClient, json_or_empty
from psn.platforms.instagram import rules
from psn.platforms.oauth import AuthorizationRequest, authorization_request

SCOPES = (
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_comments",
    "instagram_business_manage_insights",
)
FACEBOOK_SCOPES = (
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_comments",
    "instagram_manage_insights",
    "pages_show_list",
    "pages_read_engagement",
)
SETUP_AGAIN = "Run `psn setup instagram` again: authorization codes are single-use and last one hour."


# --- Instagram Login --------------------------------------------------------------------------


def authorize(authorize_url: str, app_id: str, redirect_uri: str) -> AuthorizationRequest:
    params = {"client_id": app_id, "scope": ",".join(SCOPES)}
    return authorization_request(authorize_url, params, redirect_uri, pkce=None)


PASSING = (RateLimitedError, Unavailable)
"""Errors of a code exchange that are not a refusal: they keep their own exit code (5, 4) and hint."""


def clean_code(code: str) -> str:
    """Instagram appends `#_` to the redirect; it is not part of the code."""
    return code.strip().removesuffix("#_")


def exchange_code(oauth_http: HttpClient, app_id: str, app_secret: str, redirect_uri: str,
                  code: str) -> tuple[str, str, list[str]]:
    """(short-lived token, professional account id, permissions) from a code.

    The documented answer is `{"data": [{…}]}`; the live endpoint answers flat, with `user_id`
    possibly a JSON number and `permissions` an array or a comma-separated string (contract C-3).
    """
    form = {"client_id": app_id, "client_secret": app_secret, "grant_type": "authorization_code",
            "redirect_uri": redirect_uri, "code": clean_code(code)}
    try:
        response = oauth_http.request("POST", "/oauth/access_token", operation="auth", data=form,
                                      authenticated=False, retry_safe=False)
    except PASSING:
        raise  # throttled or down: Instagram did not refuse the code, and saying so sends the user astray
    except PlatformError as exc:
        raise NotAuthorised(f"Instagram refused the authorization code: {exc.message.removeprefix('Instagram: ')}",
                            hint=SETUP_AGAIN) from None
    body = json_or_empty(response)
    entry = body if body.get("access_token") else (body.get("data") or [{}])[0]
    if not entry.get("access_token"):
        raise NotAuthorised("Instagram's token answer had no access token.", hint=SETUP_AGAIN)
    permissions = entry.get("permissions") or []
    if isinstance(permissions, str):
        permissions = [p for p in permissions.replace(" ", ",").split(",") if p]
    register_secret(entry["access_token"])
    return str(entry["access_token"]), str(entry.get("user_id") or ""), [str(p) for p in permissions]


def long_lived(graph_http: HttpClient, clock: Clock, app_secret: str, short_token: str,
               extra: dict[str, str]) -> TokenSet:
    params = {"grant_type": "ig_exchange_token", "client_secret": app_secret, "access_token": short_token}
    response = graph_http.request("GET", "/access_token", operation="auth", params=params, authenticated=False)
    return _long_token(response.json(), clock.now(), extra)


def refresh(graph_http: HttpClient, clock: Clock, tokens: TokenSet) -> TokenSet:
    params = {"grant_type": "ig_refresh_token", "access_token": tokens.access_token}
    response = graph_http.request("GET", "/refresh_access_token", operation="auth", params=params,
                                  authenticated=False)
    return _long_token(response.json(), clock.now(), tokens.extra, scopes=tokens.scopes)


def _long_token(body: dict[str, Any], now: datetime, extra: dict[str, str], scopes: list[str] | None = None
                ) -> TokenSet:
    if not body.get("access_token"):
        raise NotAuthorised("Instagram's long-lived token answer had no access token.", hint=SETUP_AGAIN)
    register_secret(body["access_token"])
    expires_in = int(body.get("expires_in") or rules.LONG_LIVED_TOKEN.total_seconds())
    return TokenSet(access_token=body["access_token"], expires_at=now + timedelta(seconds=expires_in),
                    token_type=str(body.get("token_type") or "bearer"), scopes=scopes or [],
                    extra={**extra, "kind": "long", "issued_at": now.isoformat()})


# --- Facebook Login (hashtag search) ----------------------------------------------------------


def facebook_authorize(facebook_url: str, version: str, app_id: str, redirect_uri: str) -> AuthorizationRequest:
    url = f"{facebook_url.rstrip('/')}/{version}/dialog/oauth"
    return authorization_request(url, {"client_id": app_id, "scope": ",".join(FACEBOOK_SCOPES)}, redirect_uri,
                                 pkce=None)


def facebook_exchange(fb_http: HttpClient, clock: Clock, version: str, app_id: str, app_secret: str,
                      redirect_uri: str, code: str) -> TokenSet:
    """Code → user token → long-lived user token (60 days)."""
    params = {"client_id": app_id, "client_secret": app_secret, "redirect_uri": redirect_uri, "code": clean_code(code)}
    try:
        response = fb_http.request("GET", f"/{version}/oauth/access_token", operation="auth", params=params,
                                   authenticated=False)
    except PASSING:
        raise
    except PlatformError as exc:
        raise NotAuthorised(f"Facebook refused the authorization code: {exc.message.removeprefix('Instagram: ')}",
                            hint=SETUP_AGAIN) from None
    short = response.json()["access_token"]
    register_secret(short)
    return facebook_extend(fb_http, clock, version, app_id, app_secret, short, {"login": "facebook"})


def facebook_extend(fb_http: HttpClient, clock: Clock, version: str, app_id: str, app_secret: str, token: str,
                    extra: dict[str, str]) -> TokenSet:
    params = {"grant_type": "fb_exchange_token", "client_id": app_id, "client_secret": app_secret,
              "fb_exchange_token": token}
    response = fb_http.request("GET", f"/{version}/oauth/access_token", operation="auth", params=params,
                               authenticated=False)
    return _long_token(response.json(), clock.now(), extra)


# --- Which token to send, and when to refresh it ----------------------------------------------


def issued_at(tokens: TokenSet) -> datetime | None:
    value = tokens.extra.get("issued_at")
    if value:
        return parse_iso(value)
    if tokens.expires_at and tokens.extra.get("kind", "long") == "long":
        return tokens.expires_at - rules.LONG_LIVED_TOKEN  # a dashboard-generated token: assume a full 60 days
    return None


def due_for_refresh(tokens: TokenSet, now: datetime, when_left: timedelta) -> bool:
    """Refresh a long-lived token at least 24 h old once less than `when_left` of its life remains."""
    if tokens.extra.get("kind") == "short" or tokens.expires_at is None or tokens.expires_at <= now:
        return False
    born = issued_at(tokens)
    if born is not None and now - born < rules.REFRESH_MIN_AGE:
        return False
    return tokens.expires_at - now <= when_left


def check_token_for_host(token: str, login: str) -> None:
    """Refuse, before sending, a token that the host cannot parse (Meta answers only `code 190`)."""
    if login == "instagram" and token.startswith("EAA"):
        raise NotAuthorised(
            "The stored token is a Facebook Login token (EAA…), but psn is set to Instagram Login "
            "(graph.instagram.com), which needs an Instagram token (IGAA…).",
            hint="Set `psn config set instagram.login facebook`, or reconnect with `psn setup instagram`.",
        )
    if login == "facebook" and token.startswith("IG"):
        raise NotAuthorised(
            "The stored token is an Instagram Login token (IGAA…), but psn is set to Facebook Login "
            "(graph.facebook.com), which needs a Facebook token (EAA…).",
            hint="Set `psn config set instagram.login instagram`, or reconnect with `psn setup instagram`.",
        )


@dataclass
class TokenSource:
    """The access token for the next call, refreshed ahead of expiry by the platform's rules."""

    store: TokenStore
    clock: Clock
    refresher: Any = None
    """TokenSet → TokenSet, or None where the token cannot be refreshed."""
    refresh_when_left: timedelta = timedelta(days=50)
    _tokens: TokenSet | None = field(default=None, repr=False)

    def tokens(self) -> TokenSet:
        if self._tokens is None:
            self._tokens = self.store.load()
            register_secret(self._tokens.access_token)
        return self._tokens

    def token(self) -> str:
        tokens = self.tokens()
        now = self.clock.now()
        if tokens.expires_at and tokens.expires_at <= now:
            raise NotAuthorised(
                f"The Instagram token expired on {tokens.expires_at:%Y-%m-%d}; expired tokens cannot be refreshed.",
                hint="Reconnect with `psn setup instagram`.",
            )
        if self.refresher and due_for_refresh(tokens, now, self.refresh_when_left):
            fresh = self.refresher(tokens)
            self.store.save(fresh)  # persist before use: the old token may stop working
            self._tokens = fresh
        return self.tokens().access_token

    def force_refresh(self) -> TokenSet:
        """Refresh now, if Instagram allows it yet (the token must be 24 hours old and unexpired)."""
        tokens = self.tokens()
        now = self.clock.now()
        born = issued_at(tokens)
        if self.refresher is None or tokens.extra.get("kind") == "short":
            raise NotAuthorised("This Instagram token cannot be refreshed.",
                                hint="Reconnect with `psn setup instagram`.")
        if born is not None and now - born < rules.REFRESH_MIN_AGE:
            ready = born + rules.REFRESH_MIN_AGE
            raise BadInput(f"Instagram refreshes a token only once it is 24 hours old (from {ready:%Y-%m-%d %H:%M} "
                           "UTC).", hint="Nothing to do now: psn refreshes it on its own later.")
        self.token()  # refuses an expired token clearly
        fresh = self.refresher(tokens)
        self.store.save(fresh)
        self._tokens = fresh
        return fresh

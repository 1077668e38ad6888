"""Connecting LinkedIn: 3-legged OAuth 2.0, authorization code without PKCE (LinkedIn offers PKCE
only to approved native clients), client secret in the token form.

Access tokens live 60 days. Only approved partners get refresh tokens (365 days, never extended),
so for most creators the way to renew is to run the consent flow again before day 60; LinkedIn
skips the consent screen when the member is logged in and the scopes did not change.
"""

from __future__ import annotations

from psn.core.clock import Clock
from psn.platforms.base import TokenSet
from psn.platforms.errors import AuthExpired, PermissionDenied
from psn.platforms.http import HttpClient
from psn.platforms.oauth import AuthorizationRequest, authorization_request, token_set_from_response

SCOPES = ("openid", "profile", "email", "w_member_social")
ANALYTICS_SCOPE = "r_member_postAnalytics"
TOKEN_LIFETIME_DAYS = 60


def scopes(analytics: bool = False) -> tuple[str, ...]:
    return (*SCOPES, ANALYTICS_SCOPE) if analytics else SCOPES


def authorize(authorize_url: str, client_id: str, redirect_uri: str, scope: tuple[str, ...] = SCOPES
              ) -> AuthorizationRequest:
    params = {"client_id": client_id, "scope": " ".join(scope)}
    return authorization_request(authorize_url, params, redirect_uri, pkce=None)


def exchange_code(http: HttpClient, token_url: str, clock: Clock, client_id: str, client_secret: str,
                  request: AuthorizationRequest, code: str) -> TokenSet:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": request.redirect_uri,
            "client_id": client_id, "client_secret": client_secret}
    # A code is single-use: a retry after a lost answer would fail anyway, so never retry blindly.
    response = http.request("POST", token_url, operation="auth", data=form, authenticated=False, retry_safe=False)
    tokens = token_set_from_response(response.json(), clock.now())
    if tokens.scopes and "w_member_social" not in tokens.scopes:
        raise PermissionDenied(
            f"LinkedIn granted {', '.join(tokens.scopes)} but not w_member_social, so psn could not post.",
            "Add the Share on LinkedIn product to your app (Products tab), then run `psn setup linkedin` again.",
            platform="linkedin")
    return tokens


def refresh(http: HttpClient, token_url: str, clock: Clock, client_id: str, client_secret: str,
            tokens: TokenSet) -> TokenSet:
    """Programmatic refresh, for apps LinkedIn approved for it (they got a refresh token)."""
    if not tokens.refresh_token:
        raise AuthExpired("This LinkedIn connection cannot be renewed automatically.",
                          "Run `psn setup linkedin` again before the token's 60 days are up.", platform="linkedin")
    form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token, "client_id": client_id,
            "client_secret": client_secret}
    response = http.request("POST", token_url, operation="auth", data=form, authenticated=False, retry_safe=False)
    fresh = token_set_from_response(response.json(), clock.now())
    # The refresh token keeps its original 365-day life; LinkedIn may not repeat it.
    return fresh.model_copy(update={
        "refresh_token": fresh.refresh_token or tokens.refresh_token,
        "refresh_expires_at": fresh.refresh_expires_at or tokens.refresh_expires_at,
        "scopes": fresh.scopes or tokens.scopes,
    })


def revoke(http: HttpClient, revoke_url: str, client_id: str, client_secret: str, token: str) -> None:
    form = {"client_id": client_id, "client_secret": client_secret, "token": token}
    http.request("POST", revoke_url, operation="auth", data=form, authenticated=False)

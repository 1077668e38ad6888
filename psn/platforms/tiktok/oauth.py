"""Connecting TikTok: Login Kit v2 as a desktop app (contracts B1).

- The app is named by `client_key`, never `client_id`.
- Desktop apps send PKCE whose `code_challenge` is the *hex* SHA-256 of the verifier (a base64url
  challenge fails the exchange with "Code verifier or code challenge is invalid").
- Token calls are form-encoded and answer flat JSON; errors come as `{"error", "error_description"}`,
  possibly with HTTP 200, so the body is checked whatever the status.
- A refresh may return a different refresh token and the old one dies: the caller persists the
  new set before using it (RefreshingCredentials does).
"""

from __future__ import annotations

from psn.core.clock import Clock
from psn.core.redact import redact
from psn.platforms.base import TokenSet
from psn.platforms.errors import PermissionDenied
from psn.platforms.http import HttpClient, json_or_empty
from psn.platforms.oauth import AuthorizationRequest, authorization_request, pkce_verifier, token_set_from_response
from psn.platforms.tiktok.errors import RECONNECT, classify

SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.upload", "video.publish")
POSTING_SCOPES = ("video.upload", "video.publish")
TOKEN_PATH = "/v2/oauth/token/"
REVOKE_PATH = "/v2/oauth/revoke/"


def authorize(authorize_url: str, client_key: str, redirect_uri: str) -> AuthorizationRequest:
    params = {"client_key": client_key, "scope": ",".join(SCOPES)}
    return authorization_request(authorize_url, params, redirect_uri, pkce="hex")


def _token_call(http: HttpClient, clock: Clock, form: dict[str, str]) -> TokenSet:
    # Never retried blindly: a code or refresh token that went through but whose answer was lost is spent.
    response = http.request("POST", TOKEN_PATH, operation="auth", data=form, authenticated=False, retry_safe=False)
    body = json_or_empty(response)
    if body.get("error"):
        error = classify(response)
        error.message = redact(error.message)
        raise error
    tokens = token_set_from_response(body, clock.now(), scope_separator=",")
    if body.get("open_id"):
        tokens.extra["open_id"] = str(body["open_id"])
    return tokens


def exchange_code(http: HttpClient, clock: Clock, client_key: str, client_secret: str,
                  request: AuthorizationRequest, code: str) -> TokenSet:
    form = {"client_key": client_key, "client_secret": client_secret, "code": code,
            "grant_type": "authorization_code", "redirect_uri": request.redirect_uri,
            "code_verifier": pkce_verifier(request)}
    tokens = _token_call(http, clock, form)
    check_granted(tokens)
    return tokens


def check_granted(tokens: TokenSet) -> None:
    """The user may untick scopes on the consent screen; psn cannot post without one posting scope."""
    granted = set(tokens.scopes)
    if "user.info.basic" not in granted or not granted.intersection(POSTING_SCOPES):
        missing = [s for s in ("user.info.basic", *POSTING_SCOPES) if s not in granted]
        raise PermissionDenied(f"TikTok granted only {', '.join(sorted(granted)) or 'nothing'}; psn needs "
                               f"{', '.join(missing)}.", "Approve every permission on TikTok's screen: " + RECONNECT,
                               platform="tiktok")


def refresh(http: HttpClient, clock: Clock, client_key: str, client_secret: str, tokens: TokenSet) -> TokenSet:
    from psn.core.errors import NotAuthorised

    if not tokens.refresh_token:
        raise NotAuthorised("TikTok gave no refresh token.", hint=RECONNECT)
    form = {"client_key": client_key, "client_secret": client_secret, "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token}
    fresh = _token_call(http, clock, form)
    fresh.extra = {**tokens.extra, **fresh.extra}
    if not fresh.refresh_token:  # keep the old one if TikTok did not rotate it
        fresh.refresh_token = tokens.refresh_token
        fresh.refresh_expires_at = tokens.refresh_expires_at
    return fresh


def revoke(http: HttpClient, client_key: str, client_secret: str, token: str) -> None:
    """Ends the whole grant; TikTok answers with an empty body."""
    form = {"client_key": client_key, "client_secret": client_secret, "token": token}
    response = http.request("POST", REVOKE_PATH, operation="auth", data=form, authenticated=False)
    if json_or_empty(response).get("error"):
        error = classify(response)
        error.message = redact(error.message)
        raise error

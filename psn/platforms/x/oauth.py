"""Connecting X: OAuth 2.0 authorization code with PKCE (S256).

psn registers as a confidential client when the user gives a client secret (Basic auth on the
token endpoint), otherwise as a public client (client_id in the form). Refresh tokens are
single-use: the caller persists the new pair before using it (RefreshingCredentials does).
"""

from __future__ import annotations

import base64

from psn.core.clock import Clock
from psn.platforms.base import TokenSet
from psn.platforms.http import HttpClient
from psn.platforms.oauth import AuthorizationRequest, authorization_request, pkce_verifier, token_set_from_response

SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
TOKEN_PATH = "/2/oauth2/token"
REVOKE_PATH = "/2/oauth2/revoke"


def authorize(authorize_url: str, client_id: str, redirect_uri: str) -> AuthorizationRequest:
    params = {"client_id": client_id, "scope": " ".join(SCOPES)}
    return authorization_request(authorize_url, params, redirect_uri, pkce="base64url")


def _client_auth(client_id: str, client_secret: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, extra form fields) for a confidential or a public client."""
    if client_secret:
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        return {"Authorization": f"Basic {basic}"}, {}
    return {}, {"client_id": client_id}


def exchange_code(
    http: HttpClient, clock: Clock, client_id: str, client_secret: str | None, request: AuthorizationRequest, code: str
) -> TokenSet:
    headers, extra = _client_auth(client_id, client_secret)
    form = {"code": code, "grant_type": "authorization_code", "redirect_uri": request.redirect_uri,
            "code_verifier": pkce_verifier(request), **extra}
    response = http.request("POST", TOKEN_PATH, operation="auth", data=form, headers=headers,
                            authenticated=False, retry_safe=False)
    return token_set_from_response(response.json(), clock.now())


def refresh(http: HttpClient, clock: Clock, client_id: str, client_secret: str | None, tokens: TokenSet) -> TokenSet:
    from psn.core.errors import NotAuthorised

    if not tokens.refresh_token:
        raise NotAuthorised("X gave no refresh token (offline.access missing).", hint="Reconnect with `psn setup x`.")
    headers, extra = _client_auth(client_id, client_secret)
    form = {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token, **extra}
    # Never retried blindly: a refresh that went through but whose answer was lost burns the token.
    response = http.request("POST", TOKEN_PATH, operation="auth", data=form, headers=headers,
                            authenticated=False, retry_safe=False)
    return token_set_from_response(response.json(), clock.now())


def revoke(http: HttpClient, client_id: str, client_secret: str | None, token: str) -> None:
    headers, extra = _client_auth(client_id, client_secret)
    http.request("POST", REVOKE_PATH, operation="auth", data={"token": token, **extra}, headers=headers,
                 authenticated=False)

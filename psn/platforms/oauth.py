"""OAuth 2.0 authorization code (+ PKCE) by hand on httpx, as the research recommends.

- PKCE S256, base64url (RFC 7636) or hex-encoded (TikTok's desktop variant).
- `state` generated and verified.
- A loopback callback server on 127.0.0.1 only (X rejects `localhost`): it takes the one redirect
  (other paths get 404) or gives up at the timeout, and stops listening either way.
- A paste fallback for headless machines: the user pastes the URL the browser was sent to.
- `RefreshingCredentials`: bearer headers, proactive refresh near expiry, one refresh after a
  401; the new token set is persisted *before* it is used (X refresh tokens are single-use).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from psn.core.clock import Clock, SystemClock
from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import TokenSet, TokenStore
from psn.platforms.errors import AuthExpired, Rejected
from psn.platforms.signatures import same


def pkce_pair(encoding: str = "base64url") -> tuple[str, str]:
    """(verifier, challenge). `encoding="hex"` is TikTok's desktop flavour of S256."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    if encoding == "hex":
        return verifier, digest.hex()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class AuthorizationRequest:
    url: str
    state: str
    redirect_uri: str
    code_verifier: str | None = None


def authorization_request(
    authorize_url: str,
    params: dict[str, str],
    redirect_uri: str,
    pkce: str | None = "base64url",
) -> AuthorizationRequest:
    """`params` carry the platform's own fields (client_id, or TikTok's client_key; scope…)."""
    state = secrets.token_urlsafe(24)
    query = {"response_type": "code", "redirect_uri": redirect_uri, "state": state, **params}
    verifier = None
    if pkce:
        verifier, challenge = pkce_pair(pkce)
        query.update(code_challenge=challenge, code_challenge_method="S256")
    return AuthorizationRequest(f"{authorize_url}?{urlencode(query)}", state, redirect_uri, verifier)


def pkce_verifier(request: AuthorizationRequest) -> str:
    """The verifier to send with the code. A PKCE flow that lost it stops here, before the code is spent."""
    if not request.code_verifier:
        raise BadInput("This connection attempt has no PKCE verifier, so its code cannot be exchanged.",
                       hint="Start the setup again.")
    return request.code_verifier


def code_from_redirect(redirected_url: str, expected_state: str) -> str:
    """Pull the code out of the URL the platform redirected to, refusing a mismatched state."""
    query = parse_qs(urlsplit(redirected_url.strip()).query)
    refused = redirect_error(redirected_url)
    if refused is not None:
        raise NotAuthorised(f"The platform refused the connection: {refused}.",
                            hint="Nothing was saved. Run the setup again and approve psn in the browser.")
    state = query.get("state", [""])[0]
    if not expected_state or not same(state, expected_state):  # a non-ASCII state is a mismatch, not a crash
        raise BadInput(
            "The redirect's state does not match this connection attempt (possible forgery, or an old URL).",
            hint="Start the setup again and use the newest authorization link.",
        )
    code = query.get("code", [""])[0]
    if not code:
        raise BadInput("The pasted URL has no `code` parameter.", hint="Paste the full address from the browser bar.")
    return code


def loopback_redirect_uri(port: int, path: str = "/callback") -> str:
    return f"http://127.0.0.1:{port}{path}"


def redirect_error(redirected_url: str) -> str | None:
    """The platform's refusal carried by a redirect (`error`, `error_description`), in its words."""
    query = parse_qs(urlsplit(redirected_url.strip()).query)
    if "error" not in query:
        return None
    error = query["error"][0]
    description = query.get("error_description", [""])[0]
    return f"{description} ({error})" if description and description != error else error


def callback_page(path: str) -> str:
    """What the browser shows after the redirect. Nothing is connected yet at this point (the code is
    still to be exchanged), so it never says so; a refusal is shown in the platform's own words."""
    from html import escape

    refused = redirect_error(path)
    if refused is not None:
        return (f"<html><body><h2>psn was not connected.</h2><p>The platform said: {escape(refused)}</p>"
                "<p>Close this tab; the terminal says what to do next.</p></body></html>")
    return ("<html><body><h2>psn received your approval.</h2>"
            "<p>Close this tab; the terminal says when the account is connected.</p></body></html>")


class _CallbackHandler(BaseHTTPRequestHandler):
    timeout = 5.0  # a client that connects and sends nothing is dropped, not waited on until the deadline

    def do_GET(self) -> None:
        if urlsplit(self.path).path != self.server.callback_path:  # type: ignore[attr-defined]
            self._answer(404, b"")  # a browser's /favicon.ico or a stray local client: not the redirect
            return
        self.server.captured_url = self.path  # type: ignore[attr-defined]
        self._answer(200, callback_page(self.path).encode("utf-8"))

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # keep codes out of stderr
        return


@dataclass
class LoopbackCallback:
    """Serve one OAuth redirect on 127.0.0.1:port, then stop (or stop at the timeout)."""

    port: int
    path: str = "/callback"
    timeout: float = 300.0
    _server: HTTPServer | None = field(default=None, init=False)
    _port: int = field(default=0, init=False)

    def __enter__(self) -> LoopbackCallback:
        try:
            self._server = HTTPServer(("127.0.0.1", self.port), _CallbackHandler)
        except OSError as exc:
            raise BadInput(
                f"Port {self.port} on 127.0.0.1 is busy ({exc.strerror}).",
                hint="Free it, or choose another port and register the matching redirect URI.",
            ) from None
        self._server.captured_url = None  # type: ignore[attr-defined]
        self._server.callback_path = self.path  # type: ignore[attr-defined]
        self._port = self._server.server_address[1]
        return self

    @property
    def bound_port(self) -> int:
        return self._port

    def wait(self) -> str | None:
        """The full redirected URL, or None at the timeout. Requests to other paths do not count.
        Either way the server stops listening before this returns: one use, then connection refused."""
        assert self._server is not None
        server, deadline = self._server, time.monotonic() + self.timeout
        try:
            while server.captured_url is None and (left := deadline - time.monotonic()) > 0:  # type: ignore[attr-defined]
                server.timeout = left
                server.handle_request()
        finally:
            self.close()
        path = server.captured_url  # type: ignore[attr-defined]
        return f"http://127.0.0.1:{self._port}{path}" if path else None

    def close(self) -> None:
        if self._server is not None:
            self._server.server_close()
            self._server = None

    def __exit__(self, *exc: object) -> None:
        self.close()


def token_set_from_response(data: dict[str, Any], now: datetime, scope_separator: str = " ") -> TokenSet:
    """Standard OAuth token JSON → TokenSet (platforms with other shapes convert first)."""
    if "access_token" not in data:
        raise NotAuthorised("The token response had no access token.", hint="Run the setup again.")
    expires_in = data.get("expires_in")
    refresh_in = data.get("refresh_token_expires_in") or data.get("refresh_expires_in")
    scope = data.get("scope") or ""
    scopes = scope if isinstance(scope, list) else [s for s in scope.replace(",", " ").split() if s]
    return TokenSet(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token"),
        expires_at=now + timedelta(seconds=int(expires_in)) if expires_in else None,
        refresh_expires_at=now + timedelta(seconds=int(refresh_in)) if refresh_in else None,
        scopes=scopes,
        token_type=str(data.get("token_type") or "bearer"),
    )


Refresher = Callable[[TokenSet], TokenSet]


@dataclass
class RefreshingCredentials:
    """Bearer credentials over a TokenStore, refreshed ahead of expiry and once after a 401."""

    store: TokenStore
    refresher: Refresher | None = None
    clock: Clock = field(default_factory=SystemClock)
    leeway: timedelta = timedelta(minutes=2)
    scheme: str = "Bearer"
    _tokens: TokenSet | None = None

    def tokens(self) -> TokenSet:
        if self._tokens is None:
            self._tokens = self.store.load()
        return self._tokens

    def headers(self) -> dict[str, str]:
        tokens = self.tokens()
        if self.refresher and self._expiring(tokens):
            self._refresh(tokens)
        return {"Authorization": f"{self.scheme} {self.tokens().access_token}"}

    def _expiring(self, tokens: TokenSet) -> bool:
        return bool(tokens.expires_at and tokens.expires_at - self.leeway <= self.clock.now())

    def refresh(self) -> bool:
        if self.refresher is None:
            return False
        failed = self.tokens()
        latest = self.store.load()  # another process may already have rotated it
        if latest.access_token != failed.access_token:
            self._tokens = latest
            return True
        self._refresh(latest)
        return True

    def force_refresh(self) -> TokenSet:
        """Refresh now (`psn accounts refresh`)."""
        if self.refresher is None:
            raise NotAuthorised("This platform's tokens cannot be refreshed.", hint="Reconnect with `psn setup`.")
        self._refresh(self.store.load())
        return self.tokens()

    def _refresh(self, tokens: TokenSet) -> None:
        """Refresh under the store's lock, if it has one: another process (the daemon, the CLI)
        may be refreshing the same account, and a refresh token spent twice can revoke them all."""
        assert self.refresher is not None
        exclusive = getattr(self.store, "exclusive", None)
        with exclusive() if exclusive is not None else nullcontext():
            latest = self.store.load()
            if latest.access_token != tokens.access_token and not self._expiring(latest):
                self._tokens = latest  # someone else refreshed meanwhile
                return
            fresh = self._renewed(latest)
            self.store.save(fresh)  # persist first: the old refresh token is now dead
            self._tokens = fresh


    def _renewed(self, tokens: TokenSet) -> TokenSet:
        """A refresh the platform refuses (invalid_grant / invalid_request: the refresh token was
        spent — e.g. rotated by a refresh whose answer was lost — or revoked) means reconnecting,
        whatever the platform calls it."""
        assert self.refresher is not None
        try:
            return self.refresher(tokens)
        except Rejected as exc:
            raise AuthExpired(
                f"psn's refresh token was refused ({exc.message}).",
                f"Reconnect with `psn setup {exc.platform or '<platform>'}`. (A refresh whose answer was lost on "
                "the way back leaves psn holding a spent token: rotating refresh tokens work once.)",
                platform=exc.platform, status=exc.status, code=exc.code,
            ) from None


@dataclass
class StaticCredentials:
    """Fixed headers (WordPress application passwords, WhatsApp system-user tokens)."""

    value: dict[str, str]

    def headers(self) -> dict[str, str]:
        return dict(self.value)

    def refresh(self) -> bool:
        return False


class MemoryTokenStore:
    """For tests and one-off flows."""

    def __init__(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        self.saved: list[TokenSet] = []

    def load(self) -> TokenSet:
        return self.tokens

    def save(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        self.saved.append(tokens)

"""Login Kit v2 in the emulator (contracts B1, E.1): auto-approving authorize, single-use codes
valid one hour, byte-exact redirect URIs, the hex-PKCE check, rotating refresh tokens, revoke."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from psn.sandbox.emulator import EmuRequest, empty_response, json_response
from psn.sandbox.tiktok.common import (
    ACCESS_TTL,
    CODE_TTL,
    REFRESH_TTL,
    config,
    digest,
    emit_webhook,
    epoch,
    new_secret,
    oauth_error,
)

VERIFIER_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class OAuthRoutes:
    world: Any
    now: Any

    def authorize(self, req: EmuRequest) -> httpx.Response:
        q = req.query
        redirect = q.get("redirect_uri", "")
        parts = urlsplit(redirect)
        if parts.hostname not in ("127.0.0.1", "localhost") or not parts.port or parts.query or parts.fragment:
            return json_response(400, {"error": "invalid_request",
                                       "error_description": "redirect_uri is not a registered desktop URI."})
        if not q.get("client_key") or q.get("response_type") != "code" or not q.get("scope"):
            return _redirect(redirect, {"error": "invalid_request", "state": q.get("state", ""),
                                        "error_description": "client_key, response_type=code and scope are required."})
        if q.get("code_challenge") and q.get("code_challenge_method") != "S256":
            return _redirect(redirect, {"error": "invalid_request", "state": q.get("state", ""),
                                        "error_description": "code_challenge_method must be S256."})
        code = self.mint("", secrets.token_urlsafe(24)) + "*!1"  # TikTok's codes need URL-decoding before the exchange
        now = self.now()
        with self.world.state("tiktok") as state:
            state.setdefault("codes", {})[digest(code)] = {
                "client_key": q["client_key"], "redirect_uri": redirect, "challenge": q.get("code_challenge", ""),
                "scopes": q["scope"].split(","), "expires": epoch(now) + CODE_TTL}
        return _redirect(redirect, {"code": code, "scopes": q["scope"], "state": q.get("state", "")})

    def token(self, req: EmuRequest) -> httpx.Response:
        form = req.form()
        now = self.now()
        with self.world.state("tiktok") as state:
            problem = _check_client(state, form)
            if problem:
                return oauth_error(state, now, "invalid_client", problem)
            grant_type = form.get("grant_type")
            if grant_type == "authorization_code":
                return self._exchange(state, form)
            if grant_type == "refresh_token":
                return self._refresh(state, form)
            return oauth_error(state, now, "unsupported_grant_type", f"grant_type {grant_type!r} is not supported.")

    def _exchange(self, state: dict[str, Any], form: dict[str, str]) -> httpx.Response:
        now = self.now()
        entry = state.get("codes", {}).pop(digest(form.get("code", "")), None)  # single use, even on failure
        if entry is None or entry["expires"] <= epoch(now) or entry["client_key"] != form["client_key"]:
            return oauth_error(state, now, "invalid_grant", "Authorization code is expired or invalid.")
        if form.get("redirect_uri") != entry["redirect_uri"]:
            return oauth_error(state, now, "invalid_request",
                               "Redirect_uri is not matched with the uri when requesting code.")
        if entry["challenge"] and not _pkce_ok(form.get("code_verifier", ""), entry["challenge"]):
            return oauth_error(state, now, "invalid_request", "Code verifier or code challenge is invalid.")
        return self._issue(state, form["client_key"], config(state)["open_id"], entry["scopes"])

    def _refresh(self, state: dict[str, Any], form: dict[str, str]) -> httpx.Response:
        now = self.now()
        old = state.get("refresh", {}).pop(digest(form.get("refresh_token", "")), None)  # rotated: the old one dies
        if old is None or old["expires"] <= epoch(now) or old["client_key"] != form["client_key"]:
            return oauth_error(state, now, "invalid_grant", "Refresh token is invalid or expired.")
        return self._issue(state, old["client_key"], old["open_id"], old["scopes"])

    def _issue(self, state: dict[str, Any], client_key: str, open_id: str, scopes: list[str]) -> httpx.Response:
        now = self.now()
        marker = self.world.token_marker()
        access, refresh = new_secret("act.", marker), new_secret("rft.", marker)
        grant = {"client_key": client_key, "open_id": open_id, "scopes": scopes}
        state.setdefault("tokens", {})[digest(access)] = {**grant, "expires": epoch(now) + ACCESS_TTL}
        state.setdefault("refresh", {})[digest(refresh)] = {**grant, "expires": epoch(now) + REFRESH_TTL}
        state["client_key"] = client_key
        return json_response(200, {"access_token": access, "expires_in": ACCESS_TTL, "open_id": open_id,
                                   "refresh_expires_in": REFRESH_TTL, "refresh_token": refresh,
                                   "scope": ",".join(scopes), "token_type": "Bearer"})

    def revoke(self, req: EmuRequest) -> httpx.Response:
        form = req.form()
        now = self.now()
        with self.world.state("tiktok") as state:
            problem = _check_client(state, form)
            if problem:
                return oauth_error(state, now, "invalid_client", problem)
            grant = state.get("tokens", {}).get(digest(form.get("token", "")))
            if grant is None:
                return oauth_error(state, now, "invalid_request", "The token is invalid.")
            # The whole grant ends: every access and refresh token of this user for this app.
            for table in ("tokens", "refresh"):
                state[table] = {k: v for k, v in state.get(table, {}).items()
                                if (v["open_id"], v["client_key"]) != (grant["open_id"], grant["client_key"])}
            emit_webhook(state, now, "authorization.removed", grant["open_id"], {"reason": 5})
        return empty_response(200)


def _check_client(state: dict[str, Any], form: dict[str, str]) -> str:
    """The first secret seen for a client key registers the app; later ones must match."""
    key, secret = form.get("client_key", ""), form.get("client_secret", "")
    if not key or not secret:
        return "client_key and client_secret are required."
    apps = state.setdefault("apps", {})
    known = apps.setdefault(key, digest(secret))
    return "" if known == digest(secret) else "Client key or secret is invalid."


def _pkce_ok(verifier: str, challenge: str) -> bool:
    if not 43 <= len(verifier) <= 128 or not set(verifier) <= VERIFIER_CHARS:
        return False
    return secrets.compare_digest(hashlib.sha256(verifier.encode()).hexdigest(), challenge)


def _redirect(uri: str, params: dict[str, str]) -> httpx.Response:
    return httpx.Response(302, headers={"Location": f"{uri}?{urlencode(params)}"})

"""OAuth of the Instagram emulator (contract A1, Part E.1).

Codes are single-use and live one hour; `redirect_uri` must match byte for byte; the code
exchange answers flat by default (the documented `data[]` form behind a switch) and errs in its
own non-Graph shape; `ig_exchange_token` gives 5184000 s; refresh is refused for tokens younger
than 24 h or short-lived ones. The Facebook-Login variant mints `EAA…` tokens.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from psn.sandbox.emulator import EmuRequest, json_response
from psn.sandbox.instagram.common import (
    FACEBOOK_USER,
    PAGE,
    bad_request,
    check_token,
    config,
    fresh_state,
    new_token,
    params,
)

LONG_LIVED = timedelta(seconds=5184000)
SHORT_LIVED = timedelta(hours=1)
CODE_LIFETIME = timedelta(hours=1)
REQUIRED_SCOPE = {"instagram": "instagram_business_basic", "facebook": "instagram_basic"}


class OAuthRoutes:
    """Mixed into the emulators; `self.login` is instagram or facebook."""

    login = "instagram"

    def authorize(self, req: EmuRequest) -> httpx.Response:
        query = req.query
        redirect = query.get("redirect_uri", "")
        scopes = query.get("scope", "").replace(" ", ",").split(",")
        if not query.get("client_id") or not redirect or query.get("response_type") != "code":
            return httpx.Response(400, text="Invalid request: client_id, redirect_uri and response_type=code needed.")
        if REQUIRED_SCOPE[self.login] not in scopes:
            return httpx.Response(400, text=f"Invalid scope: {REQUIRED_SCOPE[self.login]} is required.")
        with self.world.state("instagram") as state:  # type: ignore[attr-defined]
            fresh_state(state)
            if config(state, "deny_authorization"):
                answer = {"error": "access_denied", "error_reason": "user_denied",
                          "error_description": "The user denied your request"}
            else:
                code = self.mint("AQ", secrets.token_urlsafe(32))  # type: ignore[attr-defined]
                state["codes"][code] = {"client_id": query["client_id"], "redirect_uri": redirect, "login": self.login,
                                        "issued_at": self.now().isoformat(), "used": False}  # type: ignore[attr-defined]
                answer = {"code": code}
        if query.get("state"):
            answer["state"] = query["state"]
        suffix = "#_" if self.login == "instagram" else ""
        separator = "&" if "?" in redirect else "?"
        return httpx.Response(302, headers={"Location": f"{redirect}{separator}{urlencode(answer)}{suffix}"})

    def _take_code(self, state: dict[str, Any], given: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
        record = state["codes"].get(given.get("code", ""))
        now: datetime = self.now()  # type: ignore[attr-defined]
        if record is None or record["used"] or record["login"] != self.login:
            return None, "Matching code was not found or was already used"
        if datetime.fromisoformat(record["issued_at"]) + CODE_LIFETIME <= now:
            return None, "This authorization code has expired."
        if record["client_id"] != given.get("client_id") or not given.get("client_secret"):
            return None, "Error validating client secret."
        if record["redirect_uri"] != given.get("redirect_uri"):
            return None, ("Error validating verification code. Please make sure your redirect_uri is identical to "
                          "the one you used in the OAuth dialog request")
        record["used"] = True
        return record, ""

    def code_exchange(self, req: EmuRequest) -> httpx.Response:
        """POST api.instagram.com/oauth/access_token (form)."""
        form = params(req)
        with self.world.state("instagram") as state:  # type: ignore[attr-defined]
            fresh_state(state)
            if form.get("grant_type") != "authorization_code":
                return _oauth_error("Invalid grant_type: authorization_code expected")
            record, problem = self._take_code(state, form)
            if record is None:
                return _oauth_error(problem)
            user_id = state["account"]["user_id"]
            token = new_token(state, "instagram", "short", self.now(), SHORT_LIVED, user_id,
                              marker=self.world.token_marker())  # type: ignore[attr-defined]
            permissions = ["instagram_business_basic", "instagram_business_content_publish",
                           "instagram_business_manage_comments", "instagram_business_manage_insights"]
            if config(state, "code_response_shape") == "data":
                body: dict[str, Any] = {"data": [{"access_token": token, "user_id": user_id,
                                                  "permissions": ",".join(permissions)}]}
            else:
                body = {"access_token": token, "user_id": int(user_id), "permissions": permissions}
        return json_response(200, body)

    def ig_exchange(self, req: EmuRequest) -> httpx.Response:
        """GET graph.instagram.com/access_token?grant_type=ig_exchange_token (short → 60 days)."""
        given = params(req)
        with self.world.state("instagram") as state:  # type: ignore[attr-defined]
            fresh_state(state)
            if given.get("grant_type") != "ig_exchange_token" or not given.get("client_secret"):
                return bad_request(100, "Invalid parameters: grant_type=ig_exchange_token and client_secret needed.")
            record, error = check_token(state, given.get("access_token", ""), "instagram", self.now())  # type: ignore[attr-defined]
            if error is not None:
                return error
            assert record is not None
            if record["kind"] != "short":
                return bad_request(100, "Only a short-lived access token can be exchanged.")
            token = new_token(state, "instagram", "long", self.now(), LONG_LIVED, record["user_id"],
                              marker=self.world.token_marker())  # type: ignore[attr-defined]
        return json_response(200, {"access_token": token, "token_type": "bearer",
                                   "expires_in": int(LONG_LIVED.total_seconds())})

    def ig_refresh(self, req: EmuRequest) -> httpx.Response:
        given = params(req)
        with self.world.state("instagram") as state:  # type: ignore[attr-defined]
            fresh_state(state)
            now = self.now()  # type: ignore[attr-defined]
            record, error = check_token(state, given.get("access_token", ""), "instagram", now)
            if error is not None:
                return error
            assert record is not None
            if given.get("grant_type") != "ig_refresh_token":
                return bad_request(100, "Invalid parameters: grant_type=ig_refresh_token needed.")
            if record["kind"] != "long":
                return bad_request(190, "Short-lived access tokens cannot be refreshed.", 467)
            if now - datetime.fromisoformat(record["issued_at"]) < timedelta(hours=24):
                return bad_request(100, "The access token is too new to be refreshed: it must be at least 24 hours "
                                        "old.")
            token = new_token(state, "instagram", "long", now, LONG_LIVED, record["user_id"],
                              marker=self.world.token_marker())
        return json_response(200, {"access_token": token, "token_type": "bearer",
                                   "expires_in": int(LONG_LIVED.total_seconds())})

    def facebook_token(self, req: EmuRequest) -> httpx.Response:
        """GET graph.facebook.com/{ver}/oauth/access_token: a code, or `fb_exchange_token` for 60 days."""
        given = params(req)
        with self.world.state("instagram") as state:  # type: ignore[attr-defined]
            fresh_state(state)
            now = self.now()  # type: ignore[attr-defined]
            if given.get("grant_type") == "fb_exchange_token":
                record, error = check_token(state, given.get("fb_exchange_token", ""), "facebook", now)
                if error is not None:
                    return error
                assert record is not None
                token = new_token(state, "facebook", "long", now, LONG_LIVED, record["user_id"],
                                  marker=self.world.token_marker())
                return json_response(200, {"access_token": token, "token_type": "bearer",
                                           "expires_in": int(LONG_LIVED.total_seconds())})
            record, problem = self._take_code(state, given)
            if record is None:
                return bad_request(100, problem, 36007)
            token = new_token(state, "facebook", "short", now, SHORT_LIVED, FACEBOOK_USER["id"],
                              marker=self.world.token_marker())
        return json_response(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})

    def facebook_pages(self, state: dict[str, Any]) -> httpx.Response:
        page = {**PAGE, "access_token": self.mint("EAAP", secrets.token_hex(12)),  # type: ignore[attr-defined]
                "instagram_business_account": {"id": state["account"]["user_id"]}}
        return json_response(200, {"data": [page], "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}})


def _oauth_error(message: str) -> httpx.Response:
    """api.instagram.com's own error shape: not the Graph envelope (contract A1.2)."""
    return json_response(400, {"error_type": "OAuthException", "code": 400, "error_message": message})

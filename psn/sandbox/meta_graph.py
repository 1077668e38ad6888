"""The Graph API emulator's core: one emulator for graph.facebook.com (Pages and WhatsApp share
the host), Facebook Login and token identity, and the helpers both products use.

Login follows contracts §3.2: the dialog auto-approves (302 to redirect_uri with code and state);
code → short-lived user token → long-lived user token (which mints non-expiring Page tokens) →
`/me/accounts`. `/me` answers with whoever owns the token, so a user token answers with the user.
Errors use the Graph envelope with `fbtrace_id`; every answer carries `X-App-Usage` and
`X-Business-Use-Case-Usage`.
"""

from __future__ import annotations

import json
import math
import random
import re
import secrets
from datetime import date, datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import urlencode

import httpx

from psn.sandbox.emulator import Emulator, EmuRequest, empty_response, json_response

V = r"/(?P<v>v\d+\.0)"
# Graph versions and when Meta stops serving them (contracts §3.1); None: not announced yet.
VERSIONS_END = {26: None, 25: date(2028, 7, 29), 24: date(2028, 2, 18), 23: date(2027, 10, 8),
                22: date(2027, 5, 20), 21: date(2027, 1, 21), 20: date(2026, 9, 24)}
PAGE_ID = "1029384756"
USER_ID = "10001"


def graph_error(status: int, code: int, message: str, subcode: int | None = None, kind: str = "OAuthException",
                details: str | None = None) -> httpx.Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "A" + secrets.token_hex(6)}
    if subcode is not None:
        error["error_subcode"] = subcode
    if details is not None:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return json_response(status, {"error": error})


# Graph's documented answer per status (contracts §3.8, A3.1-A3.2): (code, type, message).
GRAPH_ERRORS = {400: (100, "OAuthException", "Invalid parameter"),
                401: (190, "OAuthException", "Error validating access token: Session has expired."),
                403: (10, "OAuthException", "Application does not have permission for this action"),
                404: (803, "OAuthException", "Some of the aliases you requested do not exist"),
                429: (4, "OAuthException", "Application request limit reached"),
                500: (1, "OAuthException", "An unknown error occurred"),
                503: (2, "OAuthException", "Service temporarily unavailable")}


def documented_graph_error(status: int) -> httpx.Response:
    code, kind, message = GRAPH_ERRORS.get(status, GRAPH_ERRORS[500 if status >= 500 else 400])
    return graph_error(status, code, message, kind=kind)


def request_fields(req: EmuRequest) -> tuple[dict[str, Any], dict[str, tuple[str, bytes, str]]]:
    """Graph reads parameters from the query, a JSON body, a form or multipart: merged here."""
    fields: dict[str, Any] = dict(req.query)
    files: dict[str, tuple[str, bytes, str]] = {}
    ctype = req.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        body = req.json()
        fields.update(body if isinstance(body, dict) else {})
    elif ctype.startswith("multipart/form-data"):
        form, files = parse_multipart(ctype, req.body)
        fields.update(form)
    elif req.body:
        fields.update(req.form())
    return fields, files


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    form: dict[str, str] = {}
    files: dict[str, tuple[str, bytes, str]] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[name] = (str(part.get_filename()), payload, part.get_content_type())
        else:
            form[name] = payload.decode("utf-8", "replace")
    return form, files


def truthy(value: Any) -> bool:
    return str(value).lower() in ("true", "1")


def fb_time(iso: str) -> str:
    """Graph's own spelling of a time: 2026-11-21T18:00:00+0000."""
    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M:%S+0000")


def seed_facebook(s: dict[str, Any]) -> None:
    if "pages" in s:
        return
    s["users"] = {USER_ID: {"id": USER_ID, "name": "Sandbox Creator"}}
    s["pages"] = {PAGE_ID: {"id": PAGE_ID, "name": "Sandbox Page", "followers": 1200,
                            "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"]}}
    s.update(tokens={}, codes={}, posts={}, photos={}, videos={}, comments={}, subscriptions=[])


def token_owner(s: dict[str, Any], req: EmuRequest, now: datetime) -> dict[str, Any] | None:
    token = req.bearer() or req.query.get("access_token", "")
    info = s["tokens"].get(token)
    if info and info.get("expires") and datetime.fromisoformat(info["expires"]) <= now:
        return None
    return info


def authorise(s: dict[str, Any], req: EmuRequest, now: datetime, page: str | None = None
              ) -> tuple[dict[str, Any] | None, httpx.Response | None]:
    """(token owner, None), or (None, the Graph error a real server would send)."""
    who = token_owner(s, req, now)
    if who is None:
        return None, graph_error(400, 190, "Invalid OAuth access token - Cannot parse access token", subcode=467)
    if page is not None and (who["kind"] != "page" or who["id"] != page):
        return None, graph_error(403, 200, "(#200) The user hasn't authorized the application to perform this "
                                           "action: requires a Page access token with pages_manage_posts")
    return who, None


class MetaGraphEmulator(Emulator):
    platform = "facebook"
    hosts = ("graph.facebook.com", "graph-video.facebook.com", "www.facebook.com")

    def error_answer(self, status: int, request: EmuRequest) -> httpx.Response:
        return documented_graph_error(status)

    def routes(self) -> None:
        from psn.sandbox.facebook import FacebookPages
        from psn.sandbox.whatsapp import WhatsAppCloud

        self.route("GET", V + r"/dialog/oauth", self.dialog)
        self.route("GET", V + r"/oauth/access_token", self.access_token)
        self.route("GET", V + r"/me", self.me)
        self.route("GET", V + r"/me/accounts", self.accounts)
        self.route("DELETE", V + r"/(?P<user>\d+)/permissions", self.revoke)
        self.whatsapp = WhatsAppCloud(self)
        self.pages = FacebookPages(self)
        self.whatsapp.register()
        self.pages.register()
        self.route("GET", V + r"/(?P<obj>[\w.=-]+)", self.node)

    def handle(self, request: EmuRequest) -> httpx.Response:
        response = self.refuse_ended_version(request) or super().handle(request)
        usage = {"call_count": 3, "total_time": 2, "total_cputime": 1}
        response.headers["X-App-Usage"] = json.dumps(usage)
        buc = {PAGE_ID: [{"type": "pages", **usage, "estimated_time_to_regain_access": 0}]}
        response.headers["X-Business-Use-Case-Usage"] = json.dumps(buc)
        return response

    def refuse_ended_version(self, request: EmuRequest) -> httpx.Response | None:
        """A version past its end date (or older than any listed) is refused with #2635, naming the
        latest version, as Meta does once it stops serving a version."""
        match = re.match(r"/v(\d+)\.0/", request.path)
        if match is None:
            return None
        major, today = int(match.group(1)), self.now().date()
        ended = major < min(VERSIONS_END) or (VERSIONS_END.get(major) or date.max) <= today
        if not ended:
            return None
        latest = max(VERSIONS_END)
        return graph_error(400, 2635, f"(#2635) You are calling a deprecated version of the Graph API. Please "
                                      f"update to the latest version: v{latest}.0.")

    # rate limits (contracts §3.7, §4.8) ------------------------------------------------------------

    def rate_limit_lifts(self, request: EmuRequest, rng: random.Random) -> datetime:
        if request.path.endswith("/messages"):  # WhatsApp throughput: per second, a contact pair ~6 s
            return self.now() + timedelta(seconds=rng.randint(1, 6))
        return self.now() + timedelta(minutes=rng.randint(1, 10))

    def rate_limited(self, request: EmuRequest, lifts: datetime | None = None) -> httpx.Response:
        """WhatsApp answers 429 with code 130429 and no estimate; Pages answer HTTP 400 with a throttle
        code (80001 Page business use case, 4 app) and the usage headers, where
        X-Business-Use-Case-Usage says in minutes when access comes back."""
        if request.path.endswith("/messages"):
            return graph_error(429, 130429, "(#130429) Rate limit hit",
                               details="Cloud API message throughput has been reached.")
        minutes = math.ceil(self.seconds_until(lifts, 600) / 60)
        if PAGE_ID in request.path:
            response = graph_error(400, 80001, "(#80001) There have been too many calls to this Page account. "
                                               "Wait a bit and try again.")
        else:
            response = graph_error(400, 4, "(#4) Application request limit reached")
        usage = {"call_count": 100, "total_time": 64, "total_cputime": 37}
        response.headers["X-App-Usage"] = json.dumps(usage)
        buc = {PAGE_ID: [{"type": "pages", **usage, "estimated_time_to_regain_access": minutes}]}
        response.headers["X-Business-Use-Case-Usage"] = json.dumps(buc)
        return response

    def not_found(self, request: EmuRequest) -> httpx.Response:
        return graph_error(400, 100, f"Unsupported {request.method.lower()} request. Object does not exist or "
                                     "does not support this operation", subcode=33, kind="GraphMethodException")

    def node(self, req: EmuRequest) -> httpx.Response:
        """`GET /{id}`: a WhatsApp phone number or media, else a Page, post or video."""
        found = self.whatsapp.node(req)
        return found if found is not None else self.pages.node(req)

    # -- Facebook Login ---------------------------------------------------------------------------

    def dialog(self, req: EmuRequest) -> httpx.Response:
        code = self.mint("AQ", secrets.token_urlsafe(16))
        with self.world.state("facebook") as s:
            seed_facebook(s)
            s["codes"][code] = {"client_id": req.query.get("client_id", ""),
                                "redirect_uri": req.query.get("redirect_uri")}
        target = f"{req.query['redirect_uri']}?{urlencode({'code': code, 'state': req.query.get('state', '')})}"
        return empty_response(302, {"Location": target})

    def access_token(self, req: EmuRequest) -> httpx.Response:
        q = req.query
        with self.world.state("facebook") as s:
            seed_facebook(s)
            if q.get("grant_type") == "fb_exchange_token":
                old = s["tokens"].get(q.get("fb_exchange_token", ""))
                if not old or old["kind"] != "user" or not q.get("client_secret"):
                    return graph_error(400, 190, "Error validating access token", subcode=467)
                return self._issue_user_token(s, long_lived=True)
            grant = s["codes"].pop(q.get("code", ""), None)
            if not grant or grant["redirect_uri"] != q.get("redirect_uri") or not q.get("client_secret"):
                return graph_error(400, 100, "Error validating verification code. Please make sure your redirect_uri "
                                             "is identical to the one you used in the OAuth dialog request",
                                   subcode=36008)
            return self._issue_user_token(s, long_lived=False)

    def _issue_user_token(self, s: dict[str, Any], long_lived: bool) -> httpx.Response:
        lifetime = timedelta(days=60) if long_lived else timedelta(hours=2)
        token = self.mint("EAAUlong" if long_lived else "EAAUshort", secrets.token_hex(12))
        s["tokens"][token] = {"kind": "user", "id": USER_ID, "expires": (self.now() + lifetime).isoformat()}
        if long_lived:  # Page tokens minted from a long-lived user token never expire
            for page in s["pages"].values():
                page_token = self.mint("EAAP", secrets.token_hex(16))
                s["tokens"][page_token] = {"kind": "page", "id": page["id"], "expires": None}
                page["token"] = page_token
        return json_response(200, {"access_token": token, "token_type": "bearer",
                                   "expires_in": int(lifetime.total_seconds())})

    def me(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("facebook") as s:
            seed_facebook(s)
            who, error = authorise(s, req, self.now())
            if error:
                return error
            node = s["pages"][who["id"]] if who["kind"] == "page" else s["users"][who["id"]]
            return json_response(200, {"id": node["id"], "name": node["name"]})

    def accounts(self, req: EmuRequest) -> httpx.Response:
        with self.world.state("facebook") as s:
            seed_facebook(s)
            who, error = authorise(s, req, self.now())
            if error:
                return error
            if who["kind"] != "user":
                return graph_error(400, 100, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)")
            data = [{"id": p["id"], "name": p["name"], "access_token": p.get("token", ""), "tasks": p["tasks"]}
                    for p in s["pages"].values()]
            return json_response(200, {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}}})

    def revoke(self, req: EmuRequest) -> httpx.Response:
        user = req.params["user"]
        with self.world.state("facebook") as s:
            seed_facebook(s)
            s["tokens"] = {t: i for t, i in s["tokens"].items() if i["kind"] != "user" or i["id"] != user}
        return json_response(200, {"success": True})


EMULATORS = (MetaGraphEmulator,)  # found by psn/sandbox/catalog.py

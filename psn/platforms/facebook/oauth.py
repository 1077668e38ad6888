"""Connecting a Facebook Page (contracts §3.2): Facebook Login → short-lived user token →
long-lived user token → the Page's own token, which is what psn keeps.

A Page token minted from a long-lived user token does not expire. Storing the *user* token in
its place is the classic failure (posts then land on the wrong node or fail with #200), so the
chosen token is checked with `GET /me?fields=id,name`: a Page token answers with the Page's id.
"""

from __future__ import annotations

from datetime import datetime

from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import TokenSet
from psn.platforms.facebook.client import FacebookClient, FbPage
from psn.platforms.http import HttpClient
from psn.platforms.oauth import AuthorizationRequest, authorization_request, token_set_from_response

SCOPES = (
    "pages_show_list", "pages_manage_posts", "pages_read_engagement", "pages_manage_engagement",
    "pages_read_user_engagement", "read_insights", "publish_video", "business_management",
)
NEEDED_TASKS = {"CREATE_CONTENT", "MODERATE"}


def authorize(authorize_base: str, version: str, client_id: str, redirect_uri: str) -> AuthorizationRequest:
    url = f"{authorize_base.rstrip('/')}/{version}/dialog/oauth"
    return authorization_request(url, {"client_id": client_id, "scope": ",".join(SCOPES)}, redirect_uri, pkce=None)


def exchange_code(http: HttpClient, version: str, client_id: str, client_secret: str, redirect_uri: str,
                  code: str, now: datetime) -> TokenSet:
    """Code → short-lived user token (about 1–2 h)."""
    params = {"client_id": client_id, "redirect_uri": redirect_uri, "client_secret": client_secret, "code": code}
    response = http.request("GET", f"/{version}/oauth/access_token", operation="auth", params=params,
                            authenticated=False)
    return token_set_from_response(response.json(), now)


def long_lived(http: HttpClient, version: str, client_id: str, client_secret: str, short: TokenSet,
               now: datetime) -> TokenSet:
    """Short-lived → long-lived user token (about 60 days); Page tokens minted from it never expire."""
    params = {"grant_type": "fb_exchange_token", "client_id": client_id, "client_secret": client_secret,
              "fb_exchange_token": short.access_token}
    response = http.request("GET", f"/{version}/oauth/access_token", operation="auth", params=params,
                            authenticated=False)
    return token_set_from_response(response.json(), now)


def choose_page(pages: list[FbPage], wanted: str = "") -> FbPage:
    """The Page to connect: the one named (id or exact name), or the only one. Otherwise BadInput
    listing the choices, so the user can name one."""
    if not pages:
        raise NotAuthorised(
            "This Facebook login manages no Page that psn can see.",
            hint="Grant pages_show_list and select the Page in the login dialog; Pages owned only through "
                 "Business Manager must be assigned to you in Business settings.",
        )
    if wanted:
        for page in pages:
            if wanted in (page.id, page.name):
                return page
        raise BadInput(f"No Page {wanted!r} among the Pages this login manages.", hint=_choices(pages))
    if len(pages) == 1:
        return pages[0]
    raise BadInput("This login manages several Pages; psn needs to know which one.",
                   hint=_choices(pages) + " Then run the setup again (or `psn config set facebook.page_id ID`).")


def _choices(pages: list[FbPage]) -> str:
    return "Pages: " + "; ".join(f"{p.name} (id {p.id})" for p in pages) + "."


def check_tasks(page: FbPage) -> None:
    missing = NEEDED_TASKS - set(page.tasks)
    if page.tasks and missing:
        raise NotAuthorised(
            f"Your role on the Page {page.name!r} lacks {', '.join(sorted(missing))}.",
            hint="Ask a Page admin for full control (CREATE_CONTENT and MODERATE tasks), then connect again.",
        )


def refuse_user_token(client: FacebookClient, page_id: str) -> None:
    """The stored token must be the Page's: `/me` with a user token answers with the user."""
    identity = client.me()
    if identity.id != page_id:
        raise NotAuthorised(
            f"The token psn holds belongs to {identity.name or identity.id!r}, not to the Page (id {page_id}): "
            "it is a user token, and posts made with it fail or land in the wrong place.",
            hint="Reconnect with `psn setup facebook`; psn exchanges the login for the Page's own token.",
        )


def page_token_set(page: FbPage, user_id: str) -> TokenSet:
    return TokenSet(access_token=page.access_token, scopes=list(SCOPES), token_type="page",
                    extra={"page_id": page.id, "page_name": page.name, "user_id": user_id})


def revoke(http: HttpClient, version: str, client_id: str, client_secret: str, user_id: str) -> None:
    """Remove psn's permissions for the user with an app token (the user token is not kept)."""
    http.request("DELETE", f"/{version}/{user_id}/permissions", operation="auth", authenticated=False,
                 params={"access_token": f"{client_id}|{client_secret}"})

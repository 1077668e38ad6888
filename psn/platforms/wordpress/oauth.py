"""Connecting WordPress with an Application Password (HTTP Basic, contracts §5.2).

The credentials are proved against `GET wp/v2/users/me?context=edit`, which needs a logged-in
user: older WordPress answers a *public* GET with 200 even when the password is wrong, so any
other check would pass with bad credentials. Any 401 there means bad credentials.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from psn.core.errors import BadInput, NotAuthorised
from psn.platforms.base import TokenSet, TokenStore
from psn.platforms.errors import AuthExpired
from psn.platforms.http import HttpClient
from psn.platforms.wordpress import discovery
from psn.platforms.wordpress.client import WordPressClient, WpUser


@dataclass
class BasicCredentials:
    """`Authorization: Basic base64(user:application password)`, read from the token store."""

    store: TokenStore

    def headers(self) -> dict[str, str]:
        tokens = self.store.load()
        return {"Authorization": basic_header(tokens.extra.get("username", ""), tokens.access_token)}

    def refresh(self) -> bool:
        return False  # application passwords never refresh


def basic_header(username: str, password: str) -> str:
    pair = f"{username}:{normalise_password(password)}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def normalise_password(password: str) -> str:
    """WordPress shows application passwords in groups of four and ignores the spaces."""
    return "".join(password.split())


def check_fields(site_url: str, username: str, password: str, allow_http: bool) -> tuple[str, str, str]:
    site = discovery.check_site_url(site_url, allow_http)
    if not username.strip():
        raise BadInput("The WordPress username (or email) is missing.", hint="Give the login you use in wp-admin.")
    secret = normalise_password(password)
    if len(secret) != 24 or not secret.isalnum():
        raise BadInput("That does not look like an application password (24 letters and digits).",
                       hint="Create one under Users → Profile → Application Passwords; your login password "
                            "does not work with the REST API.")
    return site, username.strip(), secret


def verify(client: WordPressClient) -> WpUser:
    """`users/me` with the credentials; any 401 is bad credentials, whatever the code says."""
    try:
        user = client.me()
    except AuthExpired as exc:
        raise NotAuthorised(f"WordPress refused the credentials: {exc.message.removeprefix('WordPress: ')}",
                            hint=exc.hint) from None
    if user.capabilities and not user.capabilities.get("publish_posts", False):
        raise NotAuthorised(f"The WordPress user {user.name!r} cannot publish (Contributor role?).",
                            hint="Use an account with the Author role or higher.")
    return user


def connect(http: HttpClient, site_url: str, username: str, password: str, allow_http: bool,
            with_credentials: object) -> tuple[TokenSet, WpUser]:
    """Discover the REST root, check the index, prove the credentials. `with_credentials(root,
    header)` builds the authenticated client (so tests and the sandbox keep their transport)."""
    site, user_name, secret = check_fields(site_url, username, password, allow_http)
    root = discovery.discover(http, site, allow_http)
    public = WordPressClient(http, root)
    discovery.check_index(public.index(), root)
    client = with_credentials(root, basic_header(user_name, secret))  # type: ignore[operator]
    user = verify(client)
    tokens = TokenSet(access_token=secret, token_type="application_password",
                      extra={"username": user_name, "site_url": site, "api_root": root, "user_id": str(user.id)})
    return tokens, user

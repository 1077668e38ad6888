"""WordPress (self-hosted, REST API + application passwords) in the platform registry."""

from __future__ import annotations

from dataclasses import dataclass

from psn.platforms.base import TokenSet
from psn.platforms.http import HttpClient
from psn.platforms.oauth import StaticCredentials
from psn.platforms.registry import AdapterDeps, ConnectSpec, PlatformSpec, build_http
from psn.platforms.wordpress import oauth
from psn.platforms.wordpress.adapter import CAPABILITIES, WordPressAdapter
from psn.platforms.wordpress.client import WordPressClient, classify

INSTRUCTIONS = """\
1. In wp-admin open Users → Profile → Application Passwords, name it "psn" and click
   "Add New Application Password". Copy the 24-character password shown once (spaces do not matter).
2. Your user needs the Author role or higher to publish (Editor to create new tags and categories).
3. The site must use HTTPS (WordPress only offers application passwords over HTTPS, or on a
   local development site). psn refuses plain http except to this machine.
4. If WordPress refuses the credentials, first check the username and create a new application
   password. Only if a new one is refused too, the host may strip the Authorization header:
   add `SetEnvIf Authorization "(.*)" HTTP_AUTHORIZATION=$1` to the site's .htaccess.
Works with self-hosted WordPress 5.6+; WordPress.com-hosted sites use another API."""


def _http(deps: AdapterDeps, base: str, credentials: object = None) -> HttpClient:
    return build_http(deps, "wordpress", base, classify, credentials=credentials)


def make_adapter(deps: AdapterDeps) -> WordPressAdapter:
    extra = deps.tokens.load().extra if deps.tokens is not None else {}
    site, root = extra.get("site_url", ""), extra.get("api_root", "")
    credentials = oauth.BasicCredentials(deps.tokens) if deps.tokens is not None else None
    client = WordPressClient(_http(deps, site, credentials), root)
    s = deps.settings
    return WordPressAdapter(client, deps.clock, default_status=str(s.get("default_status", "publish")),
                            create_missing_terms=bool(s.get("create_missing_terms", True)))


@dataclass
class WordPressConnector:
    deps: AdapterDeps

    def connect(self, fields: dict[str, str]) -> TokenSet:
        site = fields.get("site_url", "")
        allow_http = bool(self.deps.settings.get("allow_http", False))

        def with_credentials(root: str, header: str) -> WordPressClient:
            return WordPressClient(_http(self.deps, root, StaticCredentials({"Authorization": header})), root)

        tokens, _ = oauth.connect(_http(self.deps, site or "https://invalid"), site, fields.get("username", ""),
                                  fields.get("application_password", ""), allow_http, with_credentials)
        return tokens

    def revoke(self, tokens: TokenSet) -> None:
        """Application passwords are revoked in wp-admin (Users → Profile); psn only forgets it."""


SPEC = PlatformSpec(
    name="wordpress",
    title="WordPress",
    capabilities=CAPABILITIES,
    default_urls={},
    connect=ConnectSpec(kind="app_password", instructions=INSTRUCTIONS,
                        app_fields=("site_url", "username", "application_password"),
                        secret_fields=("application_password",),
                        field_help={"site_url": "Your site's address (https://…)",
                                    "username": "Your WordPress username or email",
                                    "application_password": "Application password (24 characters)"}),
    make_adapter=make_adapter,
    make_connector=WordPressConnector,
    emulator="psn.sandbox.wordpress:WordPressEmulator",
)

"""[linkedin]: LinkedIn API hosts, the pinned API version, the OAuth loopback port, analytics."""

import re

from pydantic import field_validator

from psn.core.sections.base import Section

DEFAULT_VERSION = "202610"


class LinkedInSettings(Section):
    api_url: str = "https://api.linkedin.com"
    """Base URL of the LinkedIn API (/rest and /v2); the sandbox and tests point it elsewhere."""
    authorize_url: str = "https://www.linkedin.com/oauth/v2/authorization"
    """Where the browser is sent to approve psn."""
    token_url: str = "https://www.linkedin.com/oauth/v2/accessToken"
    """Where psn exchanges the authorization code for a token."""
    revoke_url: str = "https://www.linkedin.com/oauth/v2/revoke"
    """Where `psn accounts disconnect` revokes the token."""
    version: str = DEFAULT_VERSION
    """LinkedIn-Version header (YYYYMM). LinkedIn retires each version after about a year: bump it twice a year."""
    redirect_port: int = 8766
    """Loopback port of the OAuth callback; register http://127.0.0.1:<port>/callback in your LinkedIn app."""
    visibility: str = "PUBLIC"
    """Who sees your posts: PUBLIC, CONNECTIONS or LOGGED_IN."""
    analytics_enabled: bool = False
    """Read post analytics (needs LinkedIn's approval for r_member_postAnalytics; reconnect after enabling)."""
    media_wait_seconds: int = 600
    """How long to wait for LinkedIn to finish processing an uploaded video or image before giving up."""

    @field_validator("version", mode="before")
    @classmethod
    def _yyyymm(cls, value: object) -> str:
        value = str(value).strip()  # `psn config set` and TOML both read 202610 as a number
        if not re.fullmatch(r"20\d\d(0[1-9]|1[0-2])", value):
            raise ValueError(f"{value!r} is not a LinkedIn API version; use YYYYMM, e.g. {DEFAULT_VERSION}")
        return value

    @field_validator("visibility")
    @classmethod
    def _known_visibility(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in {"PUBLIC", "CONNECTIONS", "LOGGED_IN"}:
            raise ValueError(f"{value!r} is not a LinkedIn visibility; use PUBLIC, CONNECTIONS or LOGGED_IN")
        return value

"""[x]: X API v2 hosts, the loopback port for OAuth, and pay-per-use prices (USD)."""

from pydantic import Field

from psn.core.sections.base import Section


class XSettings(Section):
    api_url: str = "https://api.x.com"
    """Base URL of the X API (the sandbox and tests point it elsewhere)."""
    authorize_url: str = "https://x.com/i/oauth2/authorize"
    """Where the browser is sent to approve psn."""
    redirect_port: int = 8765
    """Loopback port of the OAuth callback; register http://127.0.0.1:<port>/callback in your X app."""
    max_weighted_length: int = Field(default=280, ge=1)
    """280 for standard accounts; raise it if your account has X Premium long posts."""
    price_post: float = Field(default=0.015, ge=0)
    """USD per POST /2/tweets (pay-per-use, 2026-08)."""
    price_post_with_url: float = Field(default=0.200, ge=0)
    """USD per POST /2/tweets whose text contains a URL."""
    price_post_read: float = Field(default=0.005, ge=0)
    """USD per post returned by search or lookup."""
    price_user_read: float = Field(default=0.010, ge=0)
    """USD per user returned."""
    price_owned_read: float = Field(default=0.001, ge=0)
    """USD per resource for reads of your own posts and mentions."""

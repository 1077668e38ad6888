"""[tiktok]: hosts, the OAuth loopback port, the app's audit status, upload and polling tuning,
and the discovery sources (all optional, all best-effort)."""

from typing import Literal

from pydantic import Field

from psn.core.sections.base import Section


class TikTokSettings(Section):
    api_url: str = "https://open.tiktokapis.com"
    """Base URL of the TikTok API (Login Kit tokens, Content Posting, Display)."""
    authorize_url: str = "https://www.tiktok.com/v2/auth/authorize/"
    """Where the browser is sent to approve psn (Login Kit v2)."""
    redirect_port: int = 8766
    """Loopback port of the OAuth callback; register http://127.0.0.1:<port>/callback as a desktop redirect URI."""
    audited: bool = False
    """True once TikTok has audited your app. Unaudited apps may only post SELF_ONLY to private accounts."""
    unaudited_mode: Literal["inbox", "self_only"] = "inbox"
    """What an unaudited app does when no privacy is given: upload to your TikTok inbox (a draft you finish
    in the app) or post directly as SELF_ONLY (needs a private account)."""
    chunk_size: int = Field(default=64_000_000, ge=5_242_880, le=64_000_000)
    """Bytes per upload chunk (5 MiB to 64,000,000: safe whether TikTok's MB means 10^6 or 2^20)."""
    poll_interval_seconds: float = Field(default=5.0, ge=2.0)
    """Seconds between publish-status checks (TikTok allows 30 per minute per user)."""
    poll_timeout_seconds: float = Field(default=600.0, ge=10.0)
    """Stop waiting for TikTok to process a post after this long (psn can check again later)."""
    max_upload_restarts: int = Field(default=2, ge=0, le=10)
    """How many times an expired upload URL (valid 1 hour) is re-initialised before giving up."""
    verified_url_prefixes: list[str] = Field(default_factory=list)
    """URL prefixes (or https://domain/) verified for your app; photo and video URLs are checked against them."""
    webhook_tolerance_seconds: int = Field(default=300, ge=1)
    """Reject webhook deliveries whose TikTok-Signature timestamp is further than this from now."""
    creative_center_enabled: bool = False
    """Read trending hashtags from TikTok Creative Center (unofficial, unstable, outside TikTok's API terms)."""
    creative_center_url: str = "https://ads.tiktok.com"
    """Host of the Creative Center trend lists."""
    creative_center_country: str = "US"
    """Country code of the Creative Center trend lists."""
    discovery_url: str = ""
    """Base URL of a premium discovery provider (psn's provider protocol); empty means none. Its API key is
    the `discovery_api_key` secret of the TikTok app."""

"""[facebook]: Graph API hosts, the pinned Graph version, the OAuth port and the scheduling window."""

import re

from pydantic import field_validator

from psn.core.sections.base import Section


class FacebookSettings(Section):
    api_url: str = "https://graph.facebook.com"
    """Base URL of the Graph API (the sandbox and tests point it elsewhere)."""
    video_url: str = "https://graph-video.facebook.com"
    """Host that takes video uploads."""
    authorize_url: str = "https://www.facebook.com"
    """Host of the Facebook Login dialog (psn appends /<version>/dialog/oauth)."""
    graph_version: str = "v26.0"
    """Pinned Graph API version; `psn doctor` shows until when Meta keeps it available."""
    redirect_port: int = 8766
    """Loopback port of the OAuth callback; add http://127.0.0.1:<port>/callback to Valid OAuth Redirect URIs."""
    page_id: str = ""
    """Which Page to connect when your login manages several (empty: the only one, or psn asks)."""
    schedule_min_minutes: int = 10
    """Earliest scheduled time, in minutes from now, that psn accepts (Meta: 10 minutes)."""
    schedule_max_days: int = 30
    """Latest scheduled time, in days from now, that psn accepts (sources disagree; 30 satisfies all)."""

    @field_validator("graph_version")
    @classmethod
    def _version_shape(cls, value: str) -> str:
        if not re.fullmatch(r"v\d{1,3}\.0", value):
            raise ValueError(f"{value!r} is not a Graph API version; use the form v26.0")
        return value

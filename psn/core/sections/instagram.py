"""[instagram]: hosts, Graph version, which login path, how media reaches Instagram, tunable limits."""

from typing import Literal

from psn.core.sections.base import Section


class InstagramSettings(Section):
    login: Literal["instagram", "facebook"] = "instagram"
    """instagram: Instagram Login, no Facebook Page needed. facebook: Facebook Login (needed for hashtag search)."""
    api_url: str = "https://graph.instagram.com"
    """Graph host for Instagram Login (the sandbox and tests point it elsewhere)."""
    oauth_url: str = "https://api.instagram.com"
    """Host of the Instagram code exchange (POST /oauth/access_token)."""
    authorize_url: str = "https://www.instagram.com/oauth/authorize"
    """Where the browser is sent to approve psn (Instagram Login)."""
    rupload_url: str = "https://rupload.facebook.com"
    """Host of resumable video uploads (psn uses the exact URI Instagram returns)."""
    facebook_api_url: str = "https://graph.facebook.com"
    """Graph host for the Facebook-Login path."""
    facebook_url: str = "https://www.facebook.com"
    """Host of the Facebook Login dialog."""
    api_version: str = "v26.0"
    """Graph API version sent on every call (unversioned calls use the app dashboard's setting)."""
    redirect_port: int = 8766
    """Loopback port of the OAuth callback."""
    redirect_uri: str = ""
    """A redirect URI to use instead of the loopback one (Meta may insist on https: register it, then
    paste the address the browser lands on)."""
    token_transport: Literal["query", "bearer"] = "query"
    """query: access_token parameter (what the references show); bearer: Authorization header."""
    media_host_command: str = ""
    """Command that uploads {path} and prints its public URL, e.g.
    `rclone copyto {path} r2:media/{hash}{ext} && echo https://media.example.com/{hash}{ext}`."""
    media_host_timeout: int = 300
    """Seconds the media host command may take."""
    video_upload: Literal["resumable", "url"] = "resumable"
    """resumable: local videos upload straight to Instagram; url: through the media host like images."""
    max_hashtags: int = 30
    """Hashtags allowed in a caption (the API takes 30; psn warns above 5, the app's newer limit)."""
    publish_max_wait: int = 900
    """Seconds to wait for Instagram to process media before leaving it for `psn post retry`."""
    refresh_days_left: int = 50
    """Refresh the 60-day token once fewer days than this remain (never before it is 24 hours old)."""

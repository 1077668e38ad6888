"""[blog]: any CMS through a signed webhook (Standard Webhooks)."""

from pydantic import Field

from psn.core.sections.base import Section


class BlogSettings(Section):
    body_template: str = ""
    """Path of your own Jinja2 template for the JSON body (empty: psn's built-in one)."""
    event_type: str = "post.published"
    """The `type` psn puts in the payload."""
    allow_http: bool = False
    """Allow a plain-http endpoint that is not on this machine."""
    attempts: int = 3
    """Delivery attempts per publish (same webhook-id each time, so the receiver can deduplicate)."""
    timeout_seconds: float = Field(default=20.0, gt=0)
    """How long psn waits for your endpoint (Standard Webhooks suggests 15–30 s)."""

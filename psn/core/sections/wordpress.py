"""[wordpress]: how psn talks to your self-hosted WordPress (the site itself is set at `psn setup wordpress`)."""

from typing import Literal

from psn.core.sections.base import Section


class WordPressSettings(Section):
    allow_http: bool = False
    """Allow plain http to a non-loopback site (your application password would cross the network in clear)."""
    default_status: Literal["draft", "publish"] = "publish"
    """Status of posts published without a schedule: publish, or draft to finish them in wp-admin."""
    create_missing_terms: bool = True
    """Create tags and categories that do not exist yet (needs Editor rights); off: unknown ones are refused."""

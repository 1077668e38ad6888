"""Links on the creator's own site (a connected WordPress): `psn engage add` takes them as
conversations on the creator's own posts, which psn may then answer through the API.

A site is known by the host of the REST root its account stored at connect (`api_root`), so a
link is recognised without asking the site.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from psn.context import AppContext

REF_FROM_URL = {"wordpress": "psn.platforms.wordpress.comments:ref_from_url"}  # platform → link → conversation id


def own_sites(ctx: AppContext) -> dict[str, str]:
    """host → platform, for every connected account that is a site of the creator's."""
    from psn.accounts.store import list_accounts

    sites: dict[str, str] = {}
    for account in list_accounts(ctx):
        root = str(json.loads(account.meta or "{}").get("api_root") or "")
        if account.status != "disconnected" and account.platform in REF_FROM_URL and root:
            sites[(urlsplit(root).hostname or "").lower()] = account.platform
    return sites


def own_site_post(url: str, sites: dict[str, str]) -> tuple[str, str] | None:
    """(platform, conversation id) for a link on one of `sites`; None for any other link."""
    import importlib

    parts = urlsplit(url.strip())
    platform = sites.get((parts.hostname or "").lower()) if parts.scheme in ("http", "https") else None
    if platform is None:
        return None
    module, _, name = REF_FROM_URL[platform].partition(":")
    return platform, getattr(importlib.import_module(module), name)(url)

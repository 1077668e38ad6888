"""What a person may give `psn setup llm` (a base URL, a model name, an API key), each checked on
its own so a prompt can ask again and a flag can exit 2 before anything is stored or sent.

The URL check is stricter than "starts with http": a key pasted straight after the address
(`https://api.anthropic.comsk-ant-…`) still starts with https:// but names a host that cannot
exist, and psn would only find out at the first `psn post`.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from psn.core.errors import BadInput

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TOP_LEVEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")  # top-level domains are letters only
_KEY_LIKE = re.compile(r"sk-[A-Za-z0-9_-]{3,}")
URL_HINT = ("Give the server's address: a whole URL that starts with https:// (or http:// for a server "
            "on this machine), e.g. http://localhost:11434/v1.")
KEY_PREFIXES = {"anthropic": "sk-ant-"}
MAX_KEY_LENGTH = 512
MAX_MODEL_LENGTH = 200


def check_base_url(text: str) -> str:
    """A well-formed http(s) URL without credentials, query or fragment; returned without a trailing /."""
    url = text.strip()
    if _KEY_LIKE.search(url):
        raise BadInput("That base URL has an API key in it: give the URL on its own.",
                       hint="The key goes where psn asks for it (or through --api-key-stdin). " + URL_HINT,
                       field="base_url")
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise BadInput(f"{_shown(url)} is not a web address: start with https:// or http://.", hint=URL_HINT,
                       field="base_url")
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise BadInput(f"{_shown(url)} has a port that is not a number.", hint=URL_HINT, field="base_url") from None
    if "@" in parts.netloc:
        raise BadInput("A base URL cannot carry a user name or password.",
                       hint="Give the key where psn asks for the key. " + URL_HINT, field="base_url")
    if parts.query or parts.fragment:
        raise BadInput("A base URL has no ?query or #fragment.", hint=URL_HINT, field="base_url")
    if not _host_is_valid(parts.hostname or ""):
        raise BadInput(f"{_shown(url)} does not name a host that can exist: check for a typo or a paste.",
                       hint=URL_HINT, field="base_url")
    return url.rstrip("/")


def _host_is_valid(host: str) -> bool:
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.lower().split(".")
    if not all(_LABEL.match(label) for label in labels):
        return False
    # one label is a machine on this network (`localhost`, a container called `ollama`)
    return len(labels) == 1 or bool(_TOP_LEVEL.match(labels[-1]))


def check_model_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise BadInput("The model name is empty.", hint="Give a model name, e.g. claude-sonnet-4-5 or llama3.2.",
                       field="model")
    if any(c.isspace() for c in name) or not name.isprintable() or len(name) > MAX_MODEL_LENGTH:
        raise BadInput(f"{_shown(name)} is not a model name.",
                       hint="A model name has no spaces, e.g. claude-sonnet-4-5, gpt-4o-mini or llama3.2:3b.",
                       field="model")
    return name


def check_api_key(provider: str, text: str, *, own_server: bool = False) -> str:
    """Shape only (the live check proves it works): one printable word, not a URL, and, for a
    provider whose keys all share a prefix, that prefix unless a base URL points elsewhere."""
    key = text.strip()
    if key.lower().startswith(("http://", "https://")):
        raise BadInput("That is a web address, not an API key.", hint="Paste the key itself.", field="api_key")
    if not key or any(c.isspace() for c in key) or not key.isascii() or not key.isprintable():
        raise BadInput("That does not look like an API key (keys are one word, no spaces).",
                       hint="Copy the key again from the provider's console.", field="api_key")
    if len(key) < 8 or len(key) > MAX_KEY_LENGTH:
        raise BadInput(f"That key is {len(key)} characters long; API keys are 8 to {MAX_KEY_LENGTH}.",
                       hint="Copy the whole key again from the provider's console.", field="api_key")
    prefix = KEY_PREFIXES.get(provider)
    if prefix and not own_server and not key.startswith(prefix):
        raise BadInput(f"{provider.capitalize()} API keys start with {prefix}; this one does not.",
                       hint="Copy the key from console.anthropic.com → API keys.", field="api_key")
    return key


def prompt_check(check, *args, **kwargs):  # type: ignore[no-untyped-def]
    """For a question's validate=: True when the answer passes `check`, else the message to show."""

    def validate(text: str) -> bool | str:
        try:
            check(text, *args, **kwargs)
        except BadInput as exc:
            return exc.message
        return True

    return validate


def _shown(text: str) -> str:
    """Echo what was typed, but never a long paste whole (it may hold a key)."""
    return repr(text if len(text) <= 60 else text[:40] + "…")

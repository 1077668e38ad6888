"""pydantic's validation errors in a person's words.

pydantic prefixes a validator's own message with its kind ("Value error, unknown timezone …"), and
names fields as Python tuples; people should read only the message and a dotted field name.
"""

from __future__ import annotations

from typing import Any

_PREFIXES = ("Value error, ", "Assertion failed, ")


def first_problem(exc: Any) -> tuple[str, str]:
    """(field, reason) of the first error of a pydantic ValidationError: ("general.timezone", "unknown …")."""
    error = exc.errors()[0]
    return ".".join(str(part) for part in error["loc"]), reason(error)


def reason(error: dict[str, Any]) -> str:
    """The message of one pydantic error, without its kind prefix or a final full stop (callers add one)."""
    message = str(error.get("msg", "")).strip()
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message.rstrip(".")

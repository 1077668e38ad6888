"""`--platform` values as psn's platform names: `twitter` reads as x, and a name psn does not know
is refused (exit 2) instead of quietly filtering everything out."""

from __future__ import annotations


def platform_names(values: list[str] | None) -> list[str] | None:
    from psn.platforms.registry import get_spec

    return [get_spec(value).name for value in values] if values else None


def platform_name(value: str | None) -> str | None:
    names = platform_names([value] if value else None)
    return names[0] if names else None

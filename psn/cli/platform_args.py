"""`--platform` values as psn's platform names: `twitter` reads as x, and a name psn does not know
is refused (exit 2) instead of quietly filtering everything out."""

from __future__ import annotations


def platform_names(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    from psn.platforms.names import canonical  # not the registry: that imports every platform

    return [canonical(value) for value in values]


def platform_name(value: str | None) -> str | None:
    names = platform_names([value] if value else None)
    return names[0] if names else None

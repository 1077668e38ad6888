"""Platform names without importing any platform (a `--platform` check must not cost the start-up of
`psn engage`): the folders under psn/platforms that hold a spec.py, and the one alias people type."""

from __future__ import annotations

import pkgutil
from pathlib import Path

from psn.core.errors import BadInput

ALIASES = {"twitter": "x"}


def known() -> list[str]:
    import psn.platforms as pkg

    return sorted(info.name for info in pkgutil.iter_modules(pkg.__path__)
                  if info.ispkg and any((Path(root) / info.name / "spec.py").is_file() for root in pkg.__path__))


def canonical(name: str) -> str:
    """psn's name for a platform as typed (`Twitter` → `x`); an unknown one is bad input."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    names = known()
    if key not in names:
        raise BadInput(f"Unknown platform {name!r}.", hint=f"Choose one of: {', '.join(names)}.")
    return key

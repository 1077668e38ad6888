"""Data in a person's words for human output: `Average score`, not `average_score`; `log, desktop`, not
`['log', 'desktop']`; `platform: x`, not `{'platform': 'x'}`. --json keeps the field names as they are."""

from __future__ import annotations

from typing import Any

# Abbreviations that stay as people write them when a field name becomes a heading.
KEEP = {"id": "id", "url": "URL", "ms": "ms", "llm": "LLM", "api": "API", "usd": "USD", "30d": "30 days"}


def heading(key: str) -> str:
    """`average_score` → `Average score`, `cost_usd_30d` → `Cost USD 30 days`."""
    words = [KEEP.get(w, w) for w in str(key).replace("-", "_").split("_") if w]
    if not words:
        return ""
    first = words[0] if words[0] in KEEP.values() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def plain(value: Any) -> str:
    """One value as text: lists joined with commas, mappings as `key: value` pairs, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:,.0f}"
    if isinstance(value, list | tuple | set):
        return ", ".join(plain(v) for v in value) or "none"
    if isinstance(value, dict):
        return " · ".join(f"{k}: {plain(v)}" for k, v in value.items()) or "none"
    return str(value)


def setting(value: Any) -> str:
    """A setting as you would type it for `psn config set`: true, 5, ["a", "b"] (TOML, not Python)."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def counted(counts: dict[str, int]) -> str:
    """{'click': 12, 'conversion': 1} → `12 clicks and 1 conversion`."""
    parts = [f"{n:,} {kind if n == 1 else _plural(kind)}" for kind, n in counts.items()]
    if len(parts) <= 1:
        return "".join(parts) or "nothing"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(word: str) -> str:
    return word if word.endswith("s") else word + "s"

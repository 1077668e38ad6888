"""Who watches a model call while it runs: the CLI shows a live status (what is being written,
elapsed time, Ctrl-C to cancel) so a slow local model never leaves a blank screen.

Features stay free of rich: `LLM.complete` wraps each call in `watching(purpose, model)`, and the
CLI installs the display with `set_observer` only when a person is watching a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

Observer = Callable[[str, str], AbstractContextManager[object]]
_observer: Observer | None = None


def set_observer(observer: Observer | None) -> None:
    global _observer
    _observer = observer


def watching(purpose: str, model: str) -> AbstractContextManager[object]:
    return _observer(purpose, model) if _observer else nullcontext()


def describe(purpose: str) -> str:
    """`post:x:single` → "Writing the X post (single)", in words a person reads while waiting."""
    parts = purpose.split(":")
    task, rest = parts[0], parts[1:]
    platform = rest[0].split("/")[0] if rest else ""
    label = _PLATFORMS.get(platform, platform)
    if task in ("post", "repurpose") and len(rest) >= 2:
        shape = "" if rest[1] == "post" else f" ({rest[1].replace('-', ' ')})"
        return f"{'Writing' if task == 'post' else 'Rewriting'} the {label} post{shape}"
    if task == "pick_format":
        return f"Choosing the {label} format"
    if task == "reply":
        return f"Drafting {label} replies"
    if task == "learn" and len(rest) >= 2:
        return f"Learning for {rest[1]}: {rest[0]}"
    return purpose


_PLATFORMS = {"x": "X", "linkedin": "LinkedIn", "instagram": "Instagram", "tiktok": "TikTok",
              "facebook": "Facebook", "whatsapp": "WhatsApp", "wordpress": "WordPress", "blog": "blog"}

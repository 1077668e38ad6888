"""The learning loop's steps without a model, deterministic for a given seed.

critique  compares the best and the worst post on plain features (length, a closing question,
          line breaks, hashtags) and turns each difference into one line of guidance.
mutate    adds that guidance (or, with none, one line from a fixed pool chosen by the seed) as
          a bullet after the prompt's last bullet, and never edits inside a protected block.
crossover copies the first parent and adds the bullets only the second parent has.
"""

from __future__ import annotations

import random
import re
from typing import Any

_BEGIN = re.compile(r"\{#-?\s*psn:begin \w+")
_END = re.compile(r"\{#-?\s*psn:end \w+")
POOL = (
    "Make the first line work on its own: it is all most readers see.",
    "Prefer one concrete example from the idea over a general statement.",
    "Cut every word that does not change the meaning.",
    "Use the reader's words, not industry jargon.",
    "Say who this is for in the first sentence when the idea names them.",
)
MAX_ADDED = 2


def critique(brief: dict[str, Any]) -> dict[str, Any]:
    examples = sorted(brief.get("examples") or [], key=lambda e: -float(e.get("score") or 0))
    if len(examples) < 2:
        return {"strengths": [], "weaknesses": [], "suggestions": []}
    best, worst = str(examples[0].get("text") or ""), str(examples[-1].get("text") or "")
    suggestions = [line for check in (_length, _question, _breaks, _hashtags) if (line := check(best, worst))]
    strengths = [f"The best post (score {examples[0].get('score')}) differs from the weakest in {len(suggestions)} "
                 "visible ways." if suggestions else "The best and the weakest post look alike on the surface."]
    return {"strengths": strengths, "weaknesses": [], "suggestions": suggestions}


def _length(best: str, worst: str) -> str | None:
    if len(best) < 0.8 * len(worst):
        return f"Keep it short: the best post used {len(best)} characters, the weakest {len(worst)}."
    if len(best) > 1.25 * len(worst):
        return f"Give the idea room: the best post used {len(best)} characters, the weakest {len(worst)}."
    return None


def _question(best: str, worst: str) -> str | None:
    if best.rstrip().endswith("?") and not worst.rstrip().endswith("?"):
        return "End with a question readers can answer from their own experience."
    return None


def _breaks(best: str, worst: str) -> str | None:
    if "\n" in best.strip() and "\n" not in worst.strip():
        return "Put each thought on its own short line."
    return None


def _hashtags(best: str, worst: str) -> str | None:
    if best.count("#") < worst.count("#"):
        return "Use fewer hashtags than you think you need."
    return None


def mutate(brief: dict[str, Any]) -> dict[str, Any]:
    body = str(brief.get("prompt_body") or "")
    advice = [str(s) for s in (brief.get("critique") or {}).get("suggestions") or []]
    if not advice:
        rng = random.Random(f"{brief.get('seed', 0)}:{body}")  # noqa: S311 - reproducible, not secret
        advice = [rng.choice(POOL)]
    return {"prompt": add_bullets(body, advice[:MAX_ADDED])}


def crossover(brief: dict[str, Any]) -> dict[str, Any]:
    parents = [str(p.get("body") or "") for p in brief.get("parents") or []]
    if len(parents) < 2:
        return {"prompt": parents[0] if parents else ""}
    first = parents[0]
    extra = [line[2:] for line in free_bullets(parents[1]) if line not in free_bullets(first)]
    return {"prompt": add_bullets(first, extra[:MAX_ADDED])}


def free_bullets(body: str) -> list[str]:
    """Bullet lines outside protected blocks."""
    return [line for line, free in _lines(body) if free and line.startswith("- ")]


def add_bullets(body: str, advice: list[str]) -> str:
    lines = _lines(body)
    fresh = [f"- {a}" for a in advice if f"- {a}" not in body]
    if not fresh:
        return body
    spot = max((i for i, (line, free) in enumerate(lines) if free and line.startswith("- ")), default=None)
    if spot is None:
        spot = next((i - 1 for i, (line, _) in enumerate(lines) if _BEGIN.search(line) and i > 0), len(lines) - 1)
    texts = [line for line, _ in lines]
    return "\n".join([*texts[: spot + 1], *fresh, *texts[spot + 1 :]]) + ("\n" if body.endswith("\n") else "")


def _lines(body: str) -> list[tuple[str, bool]]:
    out, depth = [], 0
    for line in body.splitlines():
        if _BEGIN.search(line):
            depth += 1
        out.append((line, depth == 0))
        if _END.search(line):
            depth = max(0, depth - 1)
    return out

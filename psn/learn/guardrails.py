"""What a child prompt must satisfy before it is stored: protected blocks intact (voice and
platform rules above all), still a valid template, actually different, and a bounded edit."""

from __future__ import annotations

from psn.core.errors import PsnError
from psn.generate.prompt_versions import diff_bodies
from psn.generate.templates import check_protected_blocks, missing_required_blocks


def changed_lines(old: str, new: str) -> int:
    diff = diff_bodies(old, new, "a", "b").splitlines()
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def rejection(parents: list[str], child: str, max_changed_lines: int) -> str | None:
    """Why a child is refused (None when it may be stored)."""
    if not child.strip():
        return "the rewrite was empty"
    if any(child == body for body in parents):
        return "the rewrite changed nothing"
    for body in parents:
        try:
            check_protected_blocks(body, child)
        except PsnError as exc:
            return exc.message
    lost = set(missing_required_blocks(child)) - set(missing_required_blocks(parents[0]))
    if lost:
        return f"the {', '.join(sorted(lost))} block is missing"
    changes = changed_lines(parents[0], child)
    if changes > max_changed_lines:
        return f"it changed {changes} lines; at most {max_changed_lines} per cycle (learn.max_changed_lines)"
    return _syntax_problem(child)


def _syntax_problem(body: str) -> str | None:
    import jinja2

    try:
        jinja2.Environment(autoescape=False).parse(body)  # noqa: S701 - parsing a prompt, not rendering HTML
    except jinja2.TemplateSyntaxError as exc:
        return f"it is not a valid template ({exc.message})"
    return None

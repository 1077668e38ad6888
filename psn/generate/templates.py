"""The Jinja2 prompt templates in prompts/: find, render (StrictUndefined) and protect them.

A template renders to one text; the line `--- user ---` splits it into the system prompt and
the user message. Blocks between `{# psn:begin NAME #}` and `{# psn:end NAME #}` are protected:
the learning loop may rewrite everything else, and `check_protected_blocks` refuses a version
that lost or changed one. See prompts/README.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psn.core.errors import BadInput
from psn.core.paths import prompts_dir

USER_SPLIT = re.compile(r"^--- user ---[ \t]*$", re.MULTILINE)
_BLOCK = re.compile(r"\{#-?\s*psn:begin (\w+)\s*-?#\}(.*?)\{#-?\s*psn:end \1\s*-?#\}", re.DOTALL)
_OPENERS = re.compile(r"\{#-?\s*psn:begin (\w+)\s*-?#\}")
PARTIALS = "_partials"
REQUIRED_BLOCKS = ("voice", "rules")


class PromptTemplateError(BadInput):
    kind = "bad_prompt"


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str


def template_root() -> Path:
    return prompts_dir()


def template_names(root: Path | None = None) -> list[str]:
    base = root or template_root()
    names = []
    for path in base.rglob("*.j2"):
        relative = path.relative_to(base)
        if relative.parts[0] != PARTIALS:
            names.append(relative.with_suffix("").as_posix())
    return sorted(names)


def read_template(name: str, root: Path | None = None) -> str:
    base = root or template_root()
    path = base / f"{name}.j2"
    if name.startswith(PARTIALS) or ".." in Path(name).parts or not path.is_file():
        close = difflib.get_close_matches(name, template_names(base), n=3)
        hint = f"Did you mean {', '.join(close)}?" if close else "Run `psn prompts list` to see the templates."
        raise PromptTemplateError(f"There is no prompt template called {name!r}.", hint=hint)
    return path.read_text(encoding="utf-8")


def _environment(root: Path):  # type: ignore[no-untyped-def]
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - prompts are plain text for a model, never HTML
        keep_trailing_newline=True,
    )


def render_body(body: str, variables: dict[str, Any], name: str = "prompt", root: Path | None = None) -> RenderedPrompt:
    """Render a template's text (from a file or a stored version); a missing variable is an error."""
    import jinja2

    try:
        text = _environment(root or template_root()).from_string(body).render(**variables)
    except jinja2.UndefinedError as exc:
        raise PromptTemplateError(
            f"The prompt {name!r} uses a variable psn does not provide: {exc.message}.",
            hint=f"Fix prompts/{name}.j2 (see prompts/README.md for the variables), or restore it from git.",
        ) from None
    except jinja2.TemplateError as exc:
        raise PromptTemplateError(
            f"The prompt {name!r} is not a valid template: {exc}.",
            hint=f"Fix prompts/{name}.j2, or restore it from git.",
        ) from None
    return split_messages(text)


def split_messages(text: str) -> RenderedPrompt:
    parts = USER_SPLIT.split(text, maxsplit=1)
    if len(parts) == 1:
        return RenderedPrompt(system="", user=_tidy(parts[0]))
    return RenderedPrompt(system=_tidy(parts[0]), user=_tidy(parts[1]))


def _tidy(text: str) -> str:
    """Collapse the blank lines Jinja leaves where blocks were, so prompts stay compact."""
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def protected_blocks(body: str) -> dict[str, str]:
    """NAME → the exact text of its protected block, markers included."""
    return {match.group(1): match.group(0) for match in _BLOCK.finditer(body)}


def check_protected_blocks(original: str, candidate: str) -> None:
    """Refuse a rewritten template that dropped or altered a protected block of the original."""
    kept = protected_blocks(candidate)
    problems = []
    for name, block in protected_blocks(original).items():
        if name not in kept:
            problems.append(f"the {name} block is missing")
        elif kept[name] != block:
            problems.append(f"the {name} block was changed")
    unclosed = set(_OPENERS.findall(candidate)) - set(kept)
    problems.extend(f"the {name} block is not closed" for name in sorted(unclosed))
    if problems:
        raise PromptTemplateError(
            "This prompt version cannot be stored: " + "; ".join(problems) + ".",
            hint="Protected blocks (psn:begin … psn:end) must be kept byte for byte; see prompts/README.md.",
        )


def missing_required_blocks(body: str) -> list[str]:
    present = protected_blocks(body)
    return [name for name in REQUIRED_BLOCKS if name not in present]

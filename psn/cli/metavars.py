"""Words for the values in help (`--platform PLATFORM`, `--at WHEN`, `--media FILE`) instead of Typer's
Python types (`<list[str]>`, `<int range>`, `<Path>`).

Applied to every parameter once the command tree is built (psn.cli.app.build_command), so a new
option reads as words without its author thinking about it; an explicit `metavar=` always wins.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, get_args

from typer.core import TyperArgument

# Names whose value is better described by what it means than by its type.
BY_NAME = {
    "at": "WHEN", "expires": "WHEN", "opted_in_at": "WHEN", "since": "WHEN", "until": "WHEN",
    "platform": "PLATFORM", "platforms": "PLATFORM",
    "url": "URL", "base_url": "URL", "canonical_url": "URL", "media_url": "URL", "header_link": "URL",
    "field": "NAME=VALUE", "option": "NAME=VALUE", "named": "NAME=VALUE", "assignments": "KEY=VALUE",
    "cap": "PLATFORM=N", "button": "INDEX=VALUE", "quiet_hours": "HH:MM-HH:MM",
    "to": "TO", "from_": "FROM", "pid_file": "FILE", "path": "TEXT", "content": "ID", "body": "TEXT",
    "idea": "IDEA", "text": "TEXT", "duration": "DURATION", "number": "NUMBER", "kinds": "KINDS",
    "home": "DIR", "var": "VALUE", "header_var": "VALUE", "port": "PORT", "version": "VERSION",
    "against": "VERSION", "status_code": "CODE", "host": "HOST", "campaign": "NAME", "drop": "WORD",
    "keyword": "WORD",
}
SINGULAR = {"pillars": "PILLAR", "stages": "STAGE", "tags": "TAG"}


def word_for(param: Any) -> str | None:
    """The metavar psn shows for `param`, or None to leave it (flags, explicit metavars)."""
    if param.metavar is not None or getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    name = param.name or ""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice and desc.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if name in BY_NAME:
        return BY_NAME[name]
    if name in SINGULAR:
        return SINGULAR[name]
    if name == "id" or name.endswith("_id"):
        return "ID"
    return _by_type(param, desc, name)


def _by_type(param: Any, desc: Any, name: str) -> str:
    annotation = _element_type(desc.annotation) if desc is not None else str
    if annotation is int:
        return "N"
    if annotation is float:
        return "NUMBER"
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return "DIR" if getattr(desc.parameter_info, "file_okay", True) is False else "FILE"
    if isinstance(annotation, type) and issubclass(annotation, datetime.date):
        return "WHEN"
    return name.rstrip("_").upper().replace("_", "-") or "TEXT"


def _element_type(annotation: Any) -> Any:
    """`list[Path] | None` → Path."""
    for _ in range(3):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            break
        annotation = args[0]
    return annotation


class WordArgument(TyperArgument):
    """An argument whose help row is its word alone (`IDEA`), not the word and a type (`idea <str>`)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar is not None else super().display_type_rich(ctx)

    def _usage_display_name(self) -> str:
        """`KEY` and `[KEY]` as in most CLIs, not Typer's `{KEY}` for a required one."""
        if self.metavar is None:
            return super()._usage_display_name()
        name = self.metavar if self.required else f"[{self.metavar}]"
        return name + ("..." if self.nargs != 1 else "")


def name_values(command: Any) -> None:
    """Give every parameter below `command` its word."""
    for sub in getattr(command, "commands", {}).values():
        name_values(sub)
    for param in command.params:
        word = word_for(param)
        if word is not None:
            param.metavar = word
        if type(param) is TyperArgument and param.metavar is not None:  # its own metavar= too
            param.__class__ = WordArgument

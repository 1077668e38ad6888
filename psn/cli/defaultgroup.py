"""A Typer group that runs a default subcommand when the first word is not a subcommand,
so `psn post --platform x --text hi` and `psn post status 3` can both exist."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


class DefaultCommandGroup(TyperGroup):
    default_command = "create"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        wants_group_help = args[:1] in (["--help"], ["-h"])
        if not wants_group_help and (not args or args[0] not in self.commands):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

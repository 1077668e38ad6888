"""A group that runs a default subcommand when the first word is not a subcommand,
so `psn post --platform x --text hi` and `psn post status 3` can both exist.

The rule for the first word (so a typo is never published as an idea):
- a subcommand name runs that subcommand;
- one lone word (no spaces) one slip away from a subcommand name (`lsit`, `shwo`) is refused, exit 2,
  "Unknown command 'lsit'. Did you mean 'list'?" — `psn post -- lsit` posts the word itself;
- any other word, or a sentence ("launch day"), goes to the default command as its argument;
  if the default command takes no argument (`psn analytics`), any other word is an unknown command.
"""

from __future__ import annotations

from typing import Any

from psn.cli.groups import PsnGroup, UnknownCommand, one_line, unknown_command, visible_commands
from psn.cli.typos import is_lone_word, near

HELP_FLAGS = (["--help"], ["-h"])


class DefaultCommandGroup(PsnGroup):
    default_command = "create"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args[:1] not in HELP_FLAGS and self._runs_default(ctx, args):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def _runs_default(self, ctx: Any, args: list[str]) -> bool:
        if args and args[0] in self.commands:
            return False
        if ctx.resilient_parsing:  # completing: `psn post sh<Tab>` completes a command, `-p <Tab>` an option
            return bool(args)
        if args and is_lone_word(args[0]):
            self._refuse_typo(ctx, args[0])
        return True

    def _refuse_typo(self, ctx: Any, word: str) -> None:
        names = visible_commands(self, ctx)
        if near(word, names):
            raise unknown_command(self, ctx, word, hint=f"To use the word itself, put -- before it: "
                                                        f"`{ctx.command_path} -- {word}`.")
        if not self._default_takes_argument():
            raise unknown_command(self, ctx, word)

    def _default_takes_argument(self) -> bool:
        return any(p.param_type_name == "argument" for p in self.commands[self.default_command].params)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """gh-style: both usages, the default command's arguments and options, then the subcommands."""
        default, sub_ctx = self._default_context(ctx)
        formatter.write_usage(ctx.command_path, " ".join(default.collect_usage_pieces(sub_ctx)))
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="   or: ")
        self.format_help_text(ctx, formatter)
        formatter.write_paragraph()
        formatter.write_text(f"Without a command, `{ctx.command_path}` runs `{ctx.command_path} "
                             f"{self.default_command}`: {one_line(default)}")
        default.format_options(sub_ctx, formatter)
        self.format_commands(ctx, formatter)

    def _default_context(self, ctx: Any) -> tuple[Any, Any]:
        from typer._click import Context

        default = self.commands[self.default_command]
        return default, Context(default, info_name=ctx.info_name, parent=ctx.parent)


__all__ = ["DefaultCommandGroup", "UnknownCommand"]

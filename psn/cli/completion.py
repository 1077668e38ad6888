"""Shell completion beyond command names: platform names for every `--platform`, post, opportunity and idea
ids from this home's database (read only while completing, never created for it).

Attached by parameter name once the command tree is built (psn.cli.app.build_command), so a new
`--platform` option completes without its author wiring anything. A completer never fails: a broken
home completes nothing rather than printing a traceback into the shell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ID_TEXT_WIDTH = 50


def _items(pairs: list[tuple[str, str]], incomplete: str) -> list[Any]:
    from typer._click.shell_completion import CompletionItem

    return [CompletionItem(value, help=help_text) for value, help_text in pairs if value.startswith(incomplete)]


def complete_platform(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    from psn.platforms.names import known

    return _items([(name, "") for name in known()], incomplete.lower())


def complete_post_id(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    def rows(app_ctx: Any) -> list[tuple[str, str]]:
        from psn.publishing.records import describe, list_content

        posts = [describe(row) for row in list_content(app_ctx, limit=100)]
        return [(str(p["id"]), _short(f"{p['platform']} {p['status']}: {p['text']}")) for p in posts]

    return _items(_from_home(ctx, rows), incomplete)


def complete_opportunity_id(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    def rows(app_ctx: Any) -> list[tuple[str, str]]:
        from psn.engage.opportunities import pending

        found = pending(app_ctx.db, limit=100)
        return [(str(o.id), _short(f"{o.platform} @{o.author_handle}: {o.text}")) for o in found]

    return _items(_from_home(ctx, rows), incomplete)


def complete_idea_id(ctx: Any, param: Any, incomplete: str) -> list[Any]:
    def rows(app_ctx: Any) -> list[tuple[str, str]]:
        from psn.ideas.bank import list_ideas

        found = list_ideas(app_ctx.db, app_ctx.clock.now())  # open ones: what you would show, edit or post
        return [(str(i.id), _short(f"{i.stage}: {i.text}")) for i in found]

    return _items(_from_home(ctx, rows), incomplete)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= ID_TEXT_WIDTH else line[: ID_TEXT_WIDTH - 1] + "…"


def _from_home(click_ctx: Any, rows: Callable[[Any], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """`rows(app_ctx)` for the home this command line would use (--sandbox or PSN_SANDBOX included)."""
    from psn.cli import state

    try:
        state.reset(sandbox=bool(click_ctx.find_root().params.get("sandbox")))
        app_ctx = state.ctx()
        if not app_ctx.paths.database_file.exists():
            return []
        return rows(app_ctx)
    except Exception:  # completion must never print a traceback into the shell
        return []


BY_NAME: dict[str, Callable[[Any, Any, str], list[Any]]] = {
    "platform": complete_platform,
    "platforms": complete_platform,
    "content_id": complete_post_id,
    "opportunity_id": complete_opportunity_id,
    "idea_id": complete_idea_id,
}


def attach_completers(command: Any) -> None:
    for sub in getattr(command, "commands", {}).values():
        attach_completers(sub)
    for param in command.params:
        completer = BY_NAME.get(param.name or "")
        if completer is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = completer

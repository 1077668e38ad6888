"""`psn config show|get|set|unset|path` over config.toml."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 80
GROUP = "Settings and troubleshooting"

config_app = typer.Typer(help="Show and change settings (config.toml < PSN_* env < flags).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")


@config_app.command("show", help="Every setting, its value and where it came from.")
def show() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx

    emit(ctx().config.explain(), _render_table)


@config_app.command("get", help="The value of one setting.")
def get(key: Annotated[str, typer.Argument(help="e.g. general.timezone")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx

    config = ctx().config
    value = config.get(key)
    emit({"key": key, "value": value, "source": config.sources.get(key, "default")},
         lambda d: typer.echo(_plain(d["value"])))


@config_app.command("set", help="Change a setting in config.toml (validated before anything is written).")
def set_(
    key: Annotated[str, typer.Argument(help="e.g. general.timezone")],
    value: Annotated[str, typer.Argument(help="e.g. Europe/Paris, true, 5, [\"a\", \"b\"]")],
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import current
    from psn.core.config import env_name, set_value

    paths = _paths()
    stored = set_value(paths.config_file, key, value)
    current()._context = None  # later steps in this run see the new value
    import os

    note = f" (but {env_name(key)} is set and wins)" if env_name(key) in os.environ else ""
    emit({"key": key, "value": stored, "file": str(paths.config_file)},
         lambda d: typer.echo(f"{key} = {_plain(stored)}{note}"))


@config_app.command("unset", help="Remove a setting from config.toml (back to its default).")
def unset(key: Annotated[str, typer.Argument()]) -> None:
    from psn.cli.output import emit
    from psn.core.config import unset_value

    unset_value(_paths().config_file, key)
    emit({"key": key, "unset": True}, lambda d: typer.echo(f"{key} is back to its default"))


@config_app.command("path", help="Where config.toml lives.")
def path() -> None:
    from psn.cli.output import emit

    emit({"path": str(_paths().config_file)}, lambda d: typer.echo(d["path"]))


def _paths():  # type: ignore[no-untyped-def]
    # Config editing must work even when the current file is broken, so it does not load it.
    from psn.cli.state import current
    from psn.core.paths import resolve_paths

    return resolve_paths(sandbox=current().sandbox).ensure()


def _plain(value: Any) -> str:
    from psn.cli.words import setting

    return setting(value)


def _render_table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    table = Table("key", "value", "source", "env", show_edge=False)
    for row in rows:
        style = "" if row["source"] == "default" else "bold"
        table.add_row(row["key"], _plain(row["value"]), row["source"], row["env"], style=style)
    console().print(table)

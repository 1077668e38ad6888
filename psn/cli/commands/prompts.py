"""`psn prompts list|show|diff`: the templates that write drafts, and their stored versions."""

from __future__ import annotations

from typing import Annotated, Any

import typer

ORDER = 60
GROUP = "Your content"

prompts_app = typer.Typer(help="The prompt templates behind drafts and replies, and their versions.",
                          no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="e.g. post/x-thread (see `psn prompts list`).")]


def register(app: typer.Typer) -> None:
    app.add_typer(prompts_app, name="prompts")


@prompts_app.command("list", help="Every template, how many versions are stored, and which one writes next.")
def list_() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.generate.prompt_versions import list_versions, peek_current
    from psn.generate.templates import template_names

    db = ctx().db
    stored = list_versions(db)
    rows = []
    for name in template_names():
        current = peek_current(db, name)
        rows.append({
            "name": name,
            "versions": sum(1 for v in stored if v.name == name),
            "current": None if current is None else {
                "id": current.id, "generation": current.generation, "origin": current.origin,
                "score_bp": current.score_bp,
            },
        })
    emit(rows, _render_list)


@prompts_app.command("show", help="A template's text: the version that writes next, or --version ID.")
def show(
    name: NameArg,
    version: Annotated[int | None, typer.Option("--version", help="A stored version id.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx

    data = _resolve(ctx().db, name, version)
    emit(data, lambda d: typer.echo(d["body"], nl=not d["body"].endswith("\n")))


@prompts_app.command("diff", help="What changed between two versions (default: generation 0 → the one in use).")
def diff(
    name: NameArg,
    from_: Annotated[str | None, typer.Option("--from", help="A version id, or 'file'.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="A version id, or 'file'.")] = None,
) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.generate.prompt_versions import diff_bodies

    db = ctx().db
    old = _resolve(db, name, _version_arg(from_), from_file=from_ == "file", generation_zero=from_ is None)
    new = _resolve(db, name, _version_arg(to), from_file=to == "file")
    text = diff_bodies(old["body"], new["body"], old["label"], new["label"])
    emit({"name": name, "from": old["label"], "to": new["label"], "diff": text},
         lambda d: typer.echo(d["diff"] or f"No differences between {d['from']} and {d['to']}."))


def _version_arg(value: str | None) -> int | None:
    from psn.core.errors import BadInput

    if value is None or value == "file":
        return None
    if not value.isdigit():
        raise BadInput(f"{value!r} is not a version id.", hint="Use a number from `psn prompts list`, or 'file'.")
    return int(value)


def _resolve(  # type: ignore[no-untyped-def]
    db, name: str, version_id: int | None, *, from_file: bool = False, generation_zero: bool = False
) -> dict[str, Any]:
    """A body to show or compare: a stored version, the file, or the version in use."""
    from psn.core.errors import BadInput
    from psn.generate.prompt_versions import get_version, list_versions, peek_current
    from psn.generate.templates import read_template

    body = read_template(name)  # also checks the name
    if version_id is not None:
        version = get_version(db, version_id)
        if version.name != name:
            raise BadInput(f"Version {version_id} belongs to {version.name}, not {name}.", hint="Check the id.")
        return {"label": f"{name}@{version.id} (generation {version.generation})", "id": version.id,
                "generation": version.generation, "body": version.body}
    if generation_zero and not from_file:
        zero = [v for v in list_versions(db, name) if v.generation == 0 and v.status == "active"]
        if zero:
            return {"label": f"{name}@{zero[-1].id} (generation 0)", "id": zero[-1].id, "generation": 0,
                    "body": zero[-1].body}
    current = None if from_file else peek_current(db, name)
    if current is None:
        return {"label": f"prompts/{name}.j2", "id": None, "generation": 0, "body": body}
    return {"label": f"{name}@{current.id} (generation {current.generation})", "id": current.id,
            "generation": current.generation, "body": current.body}


def _render_list(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from psn.cli.output import console

    table = Table("template", "stored versions", "in use", show_edge=False)
    for row in rows:
        current = row["current"]
        in_use = "file (not used yet)" if current is None else f"#{current['id']} generation {current['generation']}"
        table.add_row(row["name"], str(row["versions"]), in_use)
    console().print(table)

"""`psn voice show|edit|export|history|preview`: the voice profile drafts are written in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

ORDER = 25
GROUP = "Your content"

voice_app = typer.Typer(help="Your voice profile: show, edit, export, and preview drafts in it.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(voice_app, name="voice")


@voice_app.command("show", help="The current voice profile, and what your edits to drafts say about it.")
def show() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.voice.calibration import edit_stats, recent_edits
    from psn.voice.store import require_voice

    db = ctx().db
    stored = require_voice(db)
    data = {**stored.model_dump(mode="json"), "calibration": edit_stats(recent_edits(db)).model_dump()}
    emit(data, _render_profile)


@voice_app.command("edit", help="Change the profile: --set KEY=VALUE, --from-file, or your $EDITOR.")
def edit(
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", help='KEY=VALUE, e.g. tone.humor=7, pillars=["a","b"], personas.x.emoji=none.'),
    ] = None,
    from_file: Annotated[Path | None, typer.Option("--from-file", help="Replace it with a JSON profile.")] = None,
) -> None:
    import json

    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.voice.store import parse_profile, require_voice, save_profile

    context = ctx()
    current = require_voice(context.db).profile.model_dump(mode="json")
    if from_file is not None:
        data, where = _read_json_file(from_file), str(from_file)
    elif assignments:
        data, where = apply_assignments(current, assignments), "--set"
    else:
        prompts.require_interactive("--set KEY=VALUE or --from-file FILE", "the changes to make")
        edited = prompts.edit_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", suffix=".json")
        try:
            data, where = json.loads(edited), "the editor"
        except ValueError as exc:
            message = f"The edited profile is not valid JSON: {exc}."
            raise BadInput(message, hint="Nothing was saved; try again.") from None
    profile = parse_profile(data, where)
    if profile.model_dump(mode="json") == current:
        emit({"changed": False}, lambda _: typer.echo("No changes; the profile stays as it is."))
        return
    version = save_profile(context.db, profile, "edit", context.clock.now(), note=where)
    emit({"changed": True, "version": version, "profile": profile},
         lambda d: typer.echo(f"Saved voice profile version {d['version']}."))


@voice_app.command("export", help="The profile as JSON (to stdout, or --output FILE).")
def export(output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None) -> None:
    import json

    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.files import write_text_file
    from psn.voice.store import require_voice

    profile = require_voice(ctx().db).profile.model_dump(mode="json")
    text = json.dumps(profile, indent=2, ensure_ascii=False) + "\n"
    if output is not None:
        write_text_file(output, text, "voice.json")
        emit({"file": str(output)}, lambda d: typer.echo(f"Wrote {d['file']}"))
        return
    emit(profile, lambda _: typer.echo(text, nl=False))


@voice_app.command("history", help="Every saved version of the profile.")
def history() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.voice.store import voice_history

    rows = [{"version": v.version, "created_at": v.created_at, "source": v.source, "note": v.note,
             "pillars": v.profile.pillars} for v in voice_history(ctx().db)]
    emit(rows, _render_history)


@voice_app.command("preview", help="Draft an idea for some platforms in your voice. Nothing is saved or sent.")
def preview(
    idea: Annotated[str | None, typer.Argument(help="The idea, in your words.")] = None,
    idea_id: Annotated[int | None, typer.Option("--idea", help="Use an idea from the bank (it stays unused).")] = None,
    platforms: Annotated[list[str] | None, typer.Option("--platform", "-p", help="Repeatable; default x.")] = None,
    format: Annotated[str | None, typer.Option("--format", help="e.g. thread, or instagram:carousel.")] = None,
) -> None:
    from psn.cli.compose.inputs import parse_format_option
    from psn.cli.draft_view import render_drafts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput
    from psn.generate.factory import open_generator
    from psn.generate.service import DraftRequest
    from psn.hashtags.pool import generation_pools
    from psn.ideas.bank import get_idea

    context = ctx()
    if (idea is None) == (idea_id is None):
        raise BadInput("Give the idea as text or as --idea ID (one of the two).",
                       hint='e.g. psn voice preview "Why flaky tests are a design smell" -p x -p linkedin')
    text = idea if idea is not None else get_idea(context.db, idea_id or 0, context.clock.now()).text
    targets = platforms or ["x"]
    formats = parse_format_option(format, targets)
    generator = open_generator(context, hashtag_pools=generation_pools(context, targets))
    drafts = [generator.draft(DraftRequest(idea=text, platform=p, format=formats.get(p))) for p in targets]
    emit({"idea": text, "drafts": drafts}, lambda d: render_drafts(d["drafts"]))


def apply_assignments(profile: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    import copy
    import json

    from psn.core.errors import BadInput

    data = copy.deepcopy(profile)
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--set needs KEY=VALUE, got {assignment!r}.", hint="e.g. --set tone.humor=7")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw  # plain text needs no quotes
        node = data
        *parents, leaf = key.strip().split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise BadInput(f"{key} cannot be set: {part} is not a group of settings.", hint="Check the key.")
            node = child
        node[leaf] = value
    return data


def _read_json_file(path: Path) -> Any:
    import json

    from psn.core.errors import BadInput
    from psn.core.files import read_text_file

    raw = read_text_file(path, "a voice profile")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadInput(f"{path} is not a JSON profile: {exc}.",
                       hint="Use a file written by `psn voice export`.") from None


def _render_profile(data: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from psn.cli.output import console

    out = console()
    profile = data["profile"]
    who = profile["name"] or "You"
    archetype = f" · started as {profile['archetype']}" if profile["archetype"] else ""
    out.print(f"{who}{archetype} · version {data['version']} ({data['source']})", style="bold", markup=False)
    out.print(f"Pillars: {', '.join(profile['pillars']) or '—'}", markup=False)
    out.print("Tone: " + "  ".join(f"{k} {'█' * v}{'░' * (10 - v)} {v}" for k, v in profile["tone"].items()))
    for label, key in (("Style", "style_notes"), ("Avoid words", "avoid_words"), ("Avoid topics", "avoid_topics"),
                       ("Reference voices", "reference_voices")):
        if profile[key]:
            out.print(f"{label}: {', '.join(profile[key])}", markup=False)
    out.print(f"Reply style: {profile['reply_style']}")
    table = Table("platform", "tone", "formats", "hashtags", "emoji", "max length", show_edge=False)
    for platform, persona in profile["personas"].items():
        tags = f"{persona['hashtags_per_post']}" + (f" ({' '.join(persona['signature_hashtags'])})"
                                                    if persona["signature_hashtags"] else "")
        table.add_row(platform, escape(persona["tone"] or "—"), ", ".join(persona["preferred_formats"]) or "—",
                      escape(tags), persona["emoji"], str(persona["max_length"] or "—"))
    out.print(table)
    calibration = data["calibration"]
    if calibration["edits"]:
        cut = calibration["words_removed"]
        edits = calibration["edits"]
        out.print(f"From {edits} {'edit' if edits == 1 else 'edits'} to drafts: you change length by "
                  f"{calibration['average_length_change']:+.0f} characters on average"
                  + (f"; you often cut: {', '.join(cut)}" if cut else ""), markup=False)


def _render_history(rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from psn.cli.output import console

    table = Table("version", "saved", "source", "note", "pillars", show_edge=False)
    for row in rows:
        table.add_row(str(row["version"]), f"{row['created_at']:%Y-%m-%d %H:%M}", row["source"],
                      escape(row["note"] or ""), escape(", ".join(row["pillars"])))
    console().print(table)

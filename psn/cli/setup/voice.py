"""`psn setup voice`: build the voice profile from an interview, an archetype, or past posts.

Flags make every choice for scripts (`--archetype`, `--pillar`, `--from-file`); with no flags on
a terminal, an interview asks the questions, prefilled from the chosen starting point.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from psn.context import AppContext
    from psn.voice.profile import PlatformPersona, VoiceProfile

ORDER = 10  # first: the timezone, writer and engagement steps build on the pillars
NAME = "voice"
TITLE = "Voice profile"
START_CURRENT = "Change my current profile"
START_ARCHETYPE = "Start from an archetype (for a new account)"
START_IMPORT = "Import my past posts from a file"
START_SCRATCH = "Answer every question myself"
SLIDERS = {
    "formality": "Formality (0 casual … 10 formal)",
    "warmth": "Warmth (0 detached … 10 warm)",
    "humor": "Humour (0 serious … 10 playful)",
    "boldness": "Boldness (0 hedged … 10 opinionated)",
    "detail": "Detail (0 headlines … 10 in-depth)",
}


def register(setup_app: typer.Typer) -> None:
    setup_app.command(NAME, help="Build your voice profile: interview, --archetype, or --from-file past posts.")(
        setup_voice
    )


def setup_voice(
    archetype: Annotated[str | None, typer.Option(help="Start from educator, builder, storyteller, …")] = None,
    pillars: Annotated[list[str] | None, typer.Option("--pillar", help="A content pillar (repeatable).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Who drafts speak as, e.g. \"Ada, backend dev\".")] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from-file", help="Past posts (blank-line separated, or JSON); - reads stdin.")
    ] = None,
    platform: Annotated[str | None, typer.Option(help="With --from-file: where those posts were published.")] = None,
) -> None:
    from psn.cli import prompts
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.core.errors import BadInput

    if archetype and from_file:
        raise BadInput("Use --archetype or --from-file, not both.", hint="Pick one starting point.")
    if archetype or from_file:
        profile, source, note, analysis = _from_flags(archetype, pillars or [], name, from_file, platform)
    else:
        prompts.require_interactive("--archetype NAME --pillar TOPIC, or --from-file FILE", "your voice")
        profile, source, note, analysis = interview()
        if not prompts.confirm("Save this voice profile?", default=True):
            emit({"saved": False}, lambda _: typer.echo("Nothing saved."))
            return
    context = ctx()
    from psn.voice.store import save_profile

    version = save_profile(context.db, profile, source, context.clock.now(), note=note)
    data = {"saved": True, "version": version, "source": source, "profile": profile, "analysis": analysis}
    emit(data, _render_saved)


def describe(context: AppContext) -> str | None:
    """What is set, for the wizard (e.g. "set (Ada, 3 pillars: …)"); None before any profile."""
    from psn.voice.store import current_voice

    stored = current_voice(context.db)
    if stored is None:
        return None
    profile = stored.profile
    who = f"{profile.name}, " if profile.name else ""
    count = len(profile.pillars)
    return f"set ({who}{count} pillar{'s' if count != 1 else ''}: {', '.join(profile.pillars)})"


def _from_flags(
    archetype: str | None, pillars: list[str], name: str | None, from_file: Path | None, platform: str | None
) -> tuple[VoiceProfile, str, str | None, Any]:
    from psn.core.errors import BadInput
    from psn.voice.archetypes import profile_from_archetype

    if archetype:
        if not pillars:
            raise BadInput("An archetype needs your own pillars: what do you post about?",
                           hint='Add --pillar "your topic" (repeatable), e.g. --pillar "python testing".')
        return profile_from_archetype(archetype, pillars, name or ""), "archetype", archetype, None
    assert from_file is not None
    profile, analysis = _import_posts(from_file, platform)
    updates: dict[str, Any] = {}
    if pillars:
        updates["pillars"] = pillars
    if name:
        updates["name"] = name
    profile = profile.model_validate({**profile.model_dump(), **updates})
    return profile, "import", "stdin" if str(from_file) == "-" else str(from_file), analysis


def _import_posts(path: Path, platform: str | None):  # type: ignore[no-untyped-def]
    import sys

    from psn.voice.importer import profile_from_posts, read_posts_file, split_posts

    posts = split_posts(sys.stdin.read()) if str(path) == "-" else read_posts_file(path.expanduser())
    return profile_from_posts(posts, platform)


def interview() -> tuple[VoiceProfile, str, str | None, Any]:
    """The questions, each prefilled from the starting point so Enter keeps a sensible answer."""
    from psn.cli import prompts
    from psn.voice.archetypes import ARCHETYPES, profile_from_archetype
    from psn.voice.profile import VoiceProfile

    stored = _current_profile()
    starts = [START_CURRENT] * (stored is not None) + [START_ARCHETYPE, START_IMPORT, START_SCRATCH]
    start = prompts.select("How do you want to start?", starts)
    analysis = None
    if start == START_CURRENT and stored is not None:  # a re-run edits what is there, it does not start over
        base, source, note = stored, "edit", "setup"
    elif start == START_ARCHETYPE:
        choice = prompts.select("Which sounds most like you?", [f"{a.name}: {a.summary}" for a in ARCHETYPES.values()])
        note: str | None = choice.split(":")[0]
        base, source = profile_from_archetype(note or "", []), "archetype"
    elif start == START_IMPORT:
        note = prompts.text("File of past posts (blank line between posts):", validate=_existing_file)
        base, analysis = _import_posts(Path(note).expanduser(), None)
        source = "import"
        _show_analysis(analysis)
    else:
        base, source, note = VoiceProfile(), "interview", None
    return refine(base), source, note, analysis


def _current_profile() -> VoiceProfile | None:
    from psn.cli.state import ctx
    from psn.voice.store import current_voice

    stored = current_voice(ctx().db)
    return stored.profile if stored else None


def refine(base: VoiceProfile) -> VoiceProfile:
    from psn.cli import prompts
    from psn.generate.formats import PLATFORMS
    from psn.voice.profile import VoiceProfile

    data = base.model_dump()
    data["name"] = prompts.text("Who do drafts speak as? (optional, e.g. \"Ada, backend dev\")", default=base.name)
    data["pillars"] = _split(prompts.text("Your content pillars, comma-separated (3-5 themes):",
                                          default=", ".join(base.pillars), validate=_not_blank))
    data["tone"] = {key: int(prompts.text(label, default=str(getattr(base.tone, key)), validate=_slider))
                    for key, label in SLIDERS.items()}
    data["avoid_words"] = _split(prompts.text("Words you never use (comma-separated):", ", ".join(base.avoid_words)))
    data["avoid_topics"] = _split(prompts.text("Topics you stay away from:", ", ".join(base.avoid_topics)))
    data["reference_voices"] = _split(prompts.text("Voices you admire (optional):", ", ".join(base.reference_voices)))
    data["reply_style"] = prompts.select(
        "When you reply to people, you are mostly…", ["supportive", "curious", "witty", "expert", "concise"],
        default=base.reply_style,
    )
    where = prompts.checkbox("Where do you post?", PLATFORMS, checked=list(base.personas) or ["x", "linkedin"])
    data["personas"] = {platform: _persona(platform, base.persona(platform)).model_dump() for platform in where}
    return VoiceProfile.model_validate(data)


def _persona(platform: str, base: PlatformPersona) -> PlatformPersona:
    from psn.cli import prompts
    from psn.generate.formats import formats_for
    from psn.voice.profile import PlatformPersona

    names = [spec.name for spec in formats_for(platform)]
    tone = prompts.text(f"{platform}: your tone there (optional, e.g. \"more playful\"):", default=base.tone)
    formats = base.preferred_formats
    if len(names) > 1:
        formats = prompts.checkbox(f"{platform}: formats you like", names, checked=base.preferred_formats)
    hashtags = int(prompts.text(f"{platform}: hashtags per post:", default=str(base.hashtags_per_post),
                                validate=_hashtag_count))
    emoji = prompts.select(f"{platform}: emoji", ["none", "light", "heavy"], default=base.emoji)
    longest = prompts.text(f"{platform}: your own max length (blank = the platform's limit):",
                           default=str(base.max_length or ""), validate=_optional_positive)
    return PlatformPersona(tone=tone.strip(), preferred_formats=formats, hashtags_per_post=hashtags,
                           signature_hashtags=base.signature_hashtags, emoji=emoji,  # type: ignore[arg-type]
                           max_length=int(longest) if longest.strip() else None)


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _not_blank(text: str) -> bool | str:
    return bool(_split(text)) or "Name at least one theme, e.g. python testing, developer tools"


def _slider(text: str) -> bool | str:
    return (text.strip().isdigit() and 0 <= int(text) <= 10) or "A whole number from 0 to 10"


def _hashtag_count(text: str) -> bool | str:
    return (text.strip().isdigit() and int(text) <= 30) or "A whole number from 0 to 30"


def _optional_positive(text: str) -> bool | str:
    return not text.strip() or (text.strip().isdigit() and int(text) > 0) or "A positive number, or blank"


def _existing_file(text: str) -> bool | str:
    return Path(text.strip()).expanduser().is_file() or "No such file"


def _show_analysis(analysis: Any) -> None:
    from psn.cli.output import info

    info(f"Read {analysis.posts} posts: about {analysis.average_length} characters each, "
         f"{analysis.hashtags_per_post} hashtags and {analysis.emoji_per_post} emoji per post.")
    info(f"Pillars suggested from recurring words: {', '.join(analysis.pillars) or 'none found'}.")


def _render_saved(data: dict[str, Any]) -> None:
    from psn.cli.output import console

    profile = data["profile"]
    console().print(f"Saved voice profile version {data['version']} (from {data['source']}). "
                    f"Pillars: {', '.join(profile.pillars) or '—'}.", markup=False)
    if data["analysis"] is not None:
        analysis = data["analysis"]
        console().print(f"From {analysis.posts} posts: average {analysis.average_length} characters, "
                        f"emoji habit {analysis.emoji}, hashtags {', '.join(analysis.hashtags) or 'none'}.",
                        markup=False)
    console().print("See it with `psn voice show`; change it with `psn voice edit`.", markup=False)

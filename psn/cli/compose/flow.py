"""The `psn post` commands that involve generation: create from an idea, finish with media,
show, edit, and what cancelling means for a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from psn.core.errors import BadInput, PartialSuccess


def create_from_idea(
    *, idea_text: str | None, idea_id: int | None, platforms: list[str] | None, format: str | None,
    media_paths: list[Path] | None, yes: bool, dry_run: bool, at: str | None, allow_duplicate: bool,
    campaign: str | None, extras: Any = None,
) -> None:
    """`extras` (psn.cli.post_flow.PostExtras): hosted media URLs, a title, platform options."""
    from psn.cli import prompts
    from psn.cli.compose.inputs import (
        check_publishable,
        parse_format_option,
        recent_posts,
        resolve_idea,
        resolve_media,
        resolve_platforms,
        resolve_time,
    )
    from psn.cli.compose.keep import idea_kept, interrupted
    from psn.cli.compose.review import Review, Writer, review_loop
    from psn.cli.compose.when_prompt import ask_when
    from psn.cli.output import info
    from psn.cli.state import ctx
    from psn.generate.factory import open_generator
    from psn.hashtags.pool import generation_pools
    from psn.learn.choose import version_chooser

    context = ctx()
    idea = resolve_idea(context, idea_text, idea_id)
    try:
        targets = resolve_platforms(platforms, context, idea)
    except KeyboardInterrupt:
        raise idea_kept(context, idea) from None
    formats = parse_format_option(format, targets)
    _refuse_unlinkable(targets, extras.link if extras else None)
    media = resolve_media(media_paths, extras.hosted_items() if extras else [])
    if not dry_run:
        check_publishable(context, targets)
        for platform in targets:
            resolve_time(context, at, platform)  # a time in the past is refused before any model call
        if not yes:
            prompts.require_interactive("--yes (or --dry-run)", "your approval of exactly what will be published")
    generator = open_generator(context, hashtag_pools=generation_pools(context, targets))
    generator.version_for = version_chooser(context)  # the learning loop picks each channel's prompt version
    writer = Writer(generator, idea.text, media.summary, recent_posts(context, targets))
    try:
        drafts = {platform: writer.draft(platform, formats.get(platform)) for platform in targets}
    except KeyboardInterrupt:
        raise idea_kept(context, idea) from None
    if dry_run:
        _emit_dry_run(idea, list(drafts.values()))
        return
    review = Review(drafts=drafts, generated={p: d.body for p, d in drafts.items()},
                    link=extras.link if extras else None, with_media=bool(media.items))
    if not prompts.is_interactive():  # only with --yes: nobody can see this text before it would go out
        _save_for_approval(context, idea, review, generator, allow_duplicate, media, at, campaign, extras)
    if yes:
        info("psn wrote this text, so --yes cannot approve it unseen: review it, then approve.")
    try:
        review = review_loop(review, writer)
        if review.approved and at is None and not yes:
            at = ask_when(context, list(review.drafts))
    except KeyboardInterrupt:
        raise interrupted(context, idea, review, media, campaign, extras) from None
    if not review.approved:
        _emit_cancelled()
        return
    _deliver(context, idea, review, media, at, campaign, extras)


def _refuse_unlinkable(platforms: list[str], link: str | None) -> None:
    from psn.platforms.registry import all_specs
    from psn.publishing.links import refuse_if_unlinkable

    specs = all_specs()
    for platform in platforms:
        if platform in specs:  # a platform psn only drafts for is refused later, by check_publishable
            refuse_if_unlinkable(platform, specs[platform].capabilities, specs[platform].title, link)


def _save_for_approval(context, idea, review, generator, allow_duplicate: bool, media, at, campaign, extras) -> None:  # type: ignore[no-untyped-def]
    """`--yes` without a terminal on text psn wrote: the offered fixes are applied and the drafts are
    saved and printed, never published (exit 7). A draft that breaks a limit stops here, nothing stored."""
    from psn.cli.compose.deliver import plan
    from psn.cli.compose.keep import awaiting_approval, save_drafts
    from psn.cli.draft_view import render_drafts
    from psn.cli.state import current

    review.drafts = {p: generator.auto_fix(d) for p, d in review.drafts.items()}
    errors = [f"{p}: {issue.message}" for p, d in review.drafts.items() for issue in d.errors]
    if errors:
        raise BadInput("The drafts break a platform limit: " + " ".join(errors),
                       hint="Run without --yes to review and edit them, or --dry-run to see them.")
    duplicates = [p for p, d in review.drafts.items() if d.duplicates]
    if duplicates and not allow_duplicate:
        first = review.drafts[duplicates[0]].duplicates[0]
        earlier = first.ref or "a recent post"
        raise BadInput(f"The {', '.join(duplicates)} draft is {first.similarity:.0%} like {earlier}: platforms "
                       "reject duplicates.", hint="Change the idea, or pass --allow-duplicate.", earlier=first.text)
    plan(context, list(review.drafts.values()), media, at, extras)  # every platform check, before saving
    saved = save_drafts(context, idea, review.drafts, media, campaign, extras, review)
    if not current().json:
        render_drafts(list(review.drafts.values()))  # the exact text, so whoever reads this output has seen it
    raise awaiting_approval(saved, at)


def _deliver(context, idea, review, media, at: str | None, campaign: str | None, extras) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.compose.daemon_note import daemon_note
    from psn.cli.compose.deliver import deliver, draft_status, plan
    from psn.cli.output import emit
    from psn.cli.state import current
    from psn.generate.drafts import save_draft, set_draft_status
    from psn.ideas.bank import consume_idea

    drafts = list(review.drafts.values())
    planned = plan(context, drafts, media, at, extras)
    stored = save_draft(context.db, idea.text, drafts, context.clock.now(), idea_id=idea.idea_id)
    _keep_edits(context, review, stored)
    delivery = deliver(context, stored, planned, campaign)
    set_draft_status(context.db, stored.id, draft_status(delivery), context.clock.now())
    if idea.idea_id is not None and delivery.succeeded:
        consume_idea(context.db, idea.idea_id, context.clock.now())
    data = {"draft_id": stored.id, "idea": idea.text, "idea_id": idea.idea_id, "drafts": drafts, **delivery.as_dict()}
    if any(not row["platform_post_id"] for row in delivery.scheduled):  # psn's own scheduler holds some
        data["daemon_note"] = daemon_note(context)
    if delivery.failed and delivery.succeeded:
        if not current().json:
            _render_delivery(data)
        raise PartialSuccess(f"{delivery.succeeded} platform(s) done; {len(delivery.failed)} failed.",
                             hint="`psn post list --status failed`, then `psn post retry ID`.",
                             failed=delivery.failed)
    if delivery.errors:
        raise delivery.errors[0]  # nothing went out: the platform's own error, exit code and hint
    emit(data, _render_delivery)


def _keep_edits(context, review, stored) -> None:  # type: ignore[no-untyped-def]
    """Whatever the creator changed by hand is kept (before / after) for voice calibration."""
    from psn.voice.calibration import record_draft_edit

    outputs = {o.platform: o for o in stored.outputs}
    for platform, draft in review.drafts.items():
        before = review.generated.get(platform)
        if before is None or platform not in review.edited:
            continue
        record_draft_edit(
            context.db, platform=platform, format=draft.format, before="\n\n".join(before.all_posts()),
            after="\n\n".join(draft.body.all_posts()), at=context.clock.now(), draft_output_id=outputs[platform].id,
            prompt_version_id=draft.prompt_version_id,
        )


def _emit_dry_run(idea, drafts: list[Any]) -> None:  # type: ignore[no-untyped-def]
    from psn.cli.draft_view import render_drafts
    from psn.cli.output import emit

    def render(data: dict[str, Any]) -> None:
        render_drafts(data["drafts"])
        typer.echo("Dry run: nothing was saved or sent.")

    emit({"dry_run": True, "idea": idea.text, "idea_id": idea.idea_id, "drafts": drafts}, render)


def _emit_cancelled() -> None:
    from psn.cli.output import emit

    emit({"cancelled": True, "published": []}, lambda _: typer.echo("Cancelled: nothing was saved or sent."))


def _render_delivery(data: dict[str, Any]) -> None:
    from psn.cli.local_time import local_time
    from psn.cli.output import console
    from psn.cli.post_flow import sent_line

    out = console()
    for row in data["published"]:
        out.print(sent_line(row))
    for row in data["scheduled"]:
        out.print(sent_line(row) if row["platform_post_id"] else  # the platform holds it, or psn's scheduler
                  f"[cyan]⏱[/] {row['platform']}: scheduled for {local_time(row['scheduled_at'])} (post #{row['id']})")
    if data["scheduled"] and data.get("daemon_note"):
        out.print(f"[yellow]![/] {data['daemon_note']}")
    for row in data["awaiting_media"]:
        out.print(f"[yellow]…[/] {row['platform']} {row['format']}: waiting for your media. When it is ready: "
                  f"`psn post finish {row['id']} --media FILE`")
    for row in data["failed"]:
        out.print(f"[red]✗[/] {row['platform']}: {row.get('message', '')}")


def given_text(platforms: list[str], text: str, media: list[Path], thread: bool, yes: bool, campaign: str | None,
               at: str | None, dry_run: bool, extras: Any = None, formats: dict[str, str] | None = None) -> None:
    """`--text` as is: publish now (the pipeline's own flow), or preview it, or schedule it."""
    from psn.cli.post_flow import build_requests, publish_given_text

    if at is None and not dry_run:
        publish_given_text(platforms, text, media, thread, yes, campaign, extras, formats)
        return
    from psn.cli import prompts
    from psn.cli.compose.inputs import resolve_time
    from psn.cli.output import emit
    from psn.cli.post_flow import _preview
    from psn.cli.state import ctx
    from psn.publishing.pipeline import validate

    context = ctx()
    requests = build_requests(platforms, text, media, thread, extras, formats)
    for request in requests:
        validate(context, request)
    if dry_run:
        def render(_: Any) -> None:
            _preview(requests)
            typer.echo("Dry run: nothing was saved or sent.")

        emit({"dry_run": True, "requests": requests}, render)
        return
    from psn.cli.compose.deliver import schedule_natively

    when = {request.platform: resolve_time(context, at, request.platform) for request in requests}
    native = [r for r in requests if schedule_natively(r, when[r.platform])]
    for request in native:
        validate(context, request)  # the platform's own window (Facebook: 10 minutes to 30 days), exit 2
    if not yes:
        prompts.require_interactive("--yes", "your approval of exactly what will be published")
        _preview(requests)
        from psn.cli.local_time import local_time

        first = next(iter(when.values()))
        if not prompts.confirm(f"Schedule exactly this for {local_time(first)}?", default=False):
            _emit_cancelled()
            return
    from psn.cli.compose.daemon_note import daemon_note
    from psn.publishing.pipeline import publish_now
    from psn.publishing.records import describe

    ours = [r for r in requests if all(r is not n for n in native)]
    scheduled = [describe(publish_now(context, r, campaign=campaign)) for r in native]
    scheduled += _schedule(context, ours, when, campaign)
    emit({"scheduled": scheduled, "published": [], "awaiting_media": [], "failed": [],
          "daemon_note": daemon_note(context) if ours else None}, _render_delivery)


def _schedule(context, requests: list[Any], when: dict[str, Any], campaign: str | None) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import adapter_for
    from psn.publishing.records import create_publish, describe

    rows = []
    for request in requests:
        _, account = adapter_for(context, request.platform)
        rows.append(describe(create_publish(context, request, account_id=account.id, status="scheduled",
                                            scheduled_at=when[request.platform], campaign=campaign)))
    return rows

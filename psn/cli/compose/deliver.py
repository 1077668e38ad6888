"""Hand approved drafts to the publishing pipeline: publish now, schedule, or keep them waiting
for media. Every request is validated by its platform's adapter before anything is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from psn.core.errors import PsnError


@dataclass
class Planned:
    platform: str
    format: str
    request: Any  # psn.platforms.base.PublishRequest
    prompt_version_id: int | None
    when: datetime | None = None
    waiting_for_media: bool = False


@dataclass
class Delivery:
    published: list[dict[str, Any]] = field(default_factory=list)
    scheduled: list[dict[str, Any]] = field(default_factory=list)
    awaiting_media: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    errors: list[PsnError] = field(default_factory=list)
    """The errors behind `failed`, to re-raise as they are when nothing else went out."""

    @property
    def succeeded(self) -> int:
        return len(self.published) + len(self.scheduled) + len(self.awaiting_media)

    def as_dict(self) -> dict[str, Any]:
        return {"published": self.published, "scheduled": self.scheduled, "awaiting_media": self.awaiting_media,
                "failed": self.failed}


def to_request(platform: str, format: str, body, media_items: list[Any], extras=None):  # type: ignore[no-untyped-def]
    """What the pipeline publishes; `--title` and `--option` (extras) go along as given."""
    from psn.generate.formats import get_format
    from psn.platforms.base import PublishRequest

    spec = get_format(platform, format)
    title = (extras.title if extras else None) or body.title
    options = dict(extras.options) if extras else {}
    request = PublishRequest(platform=platform, format=spec.publish_format, text=body.text, parts=list(body.parts),
                             media=media_items, title=title, options=options)
    link = extras.link if extras else None
    return with_link(request, link) if link else request


def with_link(request, link: str):  # type: ignore[no-untyped-def]
    """`--link` on a post psn wrote: a link post where the platform has one and there are no files,
    else at the end of the text (the review said which before the person approved)."""
    from psn.cli.post_flow import _page_reader
    from psn.platforms.registry import get_spec
    from psn.publishing.links import attach_link, link_format

    spec = get_spec(request.platform)
    shared_as = link_format(spec.capabilities)
    if shared_as and not request.media and request.format == "text":
        request = request.model_copy(update={"format": shared_as})
    return attach_link(request, spec.capabilities, spec.title, link, page=_page_reader())


def plan(context, drafts: list[Any], media, when_text: str | None, extras=None) -> list[Planned]:  # type: ignore[no-untyped-def]
    """Every check before anything is recorded: media fit, platform limits, connection, time."""
    from psn.accounts.wiring import adapter_for
    from psn.cli.compose.inputs import resolve_time
    from psn.generate.formats import get_format
    from psn.generate.picker import media_fits
    from psn.publishing.pipeline import validate

    planned = []
    for draft in drafts:
        spec = get_format(draft.platform, draft.format)
        waiting = spec.needs_media and (media.summary.empty or not media_fits(spec, media.summary))
        request = to_request(draft.platform, draft.format, draft.body, [] if waiting else media.items, extras)
        when = None if waiting else resolve_time(context, when_text, draft.platform)
        if schedule_natively(request, when):
            when = None  # the platform holds it: published now, scheduled there
        if waiting:
            adapter_for(context, draft.platform)  # connected? (the media check comes at `psn post finish`)
        else:
            validate(context, request)  # with a native time: the platform's window too (exit 2 outside it)
        planned.append(Planned(draft.platform, draft.format, request, draft.prompt_version_id, when, waiting))
    return planned


def schedule_natively(request, when: datetime | None) -> bool:  # type: ignore[no-untyped-def]
    """A platform that schedules posts itself (Facebook: scheduled_publish_time) is handed the time
    now and publishes the post then, whether or not psn's daemon runs; psn's own scheduler is for
    the others. Outside the platform's window its adapter refuses the time (exit 2, nothing sent)."""
    from psn.platforms.registry import get_spec

    if when is None or not get_spec(request.platform).capabilities.native_scheduling:
        return False
    request.options["schedule_at"] = when.isoformat()
    return True


def deliver(context, stored_draft, planned: list[Planned], campaign: str | None) -> Delivery:  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import adapter_for
    from psn.generate.drafts import update_output
    from psn.publishing.records import create_publish, describe

    outputs = {o.platform: o for o in stored_draft.outputs}
    delivery = Delivery()
    for item in planned:
        output = outputs[item.platform]
        _, account = adapter_for(context, item.platform)
        status = "draft" if item.waiting_for_media else "scheduled" if item.when else "approved"
        row = create_publish(context, item.request, account_id=account.id, status=status, scheduled_at=item.when,
                             campaign=campaign, draft_id=stored_draft.id, prompt_version_id=item.prompt_version_id)
        content_id = row.id or 0
        mark = {"draft": "awaiting_media", "scheduled": "scheduled", "approved": "approved"}[status]
        update_output(context.db, output.id, context.clock.now(), status=mark, publish_ref=str(content_id))
        if status == "draft":
            delivery.awaiting_media.append(describe(row))
        elif status == "scheduled":
            delivery.scheduled.append(describe(row))
        else:
            _publish_one(context, content_id, output.id, delivery)
    return delivery


def _publish_one(context, content_id: int, output_id: int, delivery: Delivery) -> None:  # type: ignore[no-untyped-def]
    from psn.generate.drafts import update_output
    from psn.publishing.pipeline import run_publish
    from psn.publishing.records import describe, get_content

    try:
        row = run_publish(context, content_id)
    except PsnError as exc:
        update_output(context.db, output_id, context.clock.now(), status="failed")
        delivery.failed.append({**describe(get_content(context, content_id)), **exc.to_dict()})
        delivery.errors.append(exc)
        return
    update_output(context.db, output_id, context.clock.now(), status="published")
    (delivery.scheduled if row.status == "scheduled" else delivery.published).append(describe(row))


def draft_status(delivery: Delivery) -> str:
    if delivery.failed:
        return "partial" if delivery.succeeded else "failed"
    if delivery.awaiting_media:
        return "awaiting_media"
    if delivery.scheduled:
        return "scheduled"
    return "published"

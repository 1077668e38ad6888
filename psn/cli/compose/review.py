"""The review loop: every draft shown with its counts and checks; the creator approves, edits (in
$EDITOR), regenerates, changes a format, applies a fix, drops a platform, or cancels. With several
platforms each is approved on its own (or all at once), so one can be approved while another is
still being edited.

Nothing leaves this loop without an explicit approval. Edits are returned with the text as it
was generated, so the caller can keep them for voice calibration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

APPROVE = "Approve"
APPROVE_ALL = "Approve all"
CANCEL = "Cancel (nothing is saved or sent)"
THREAD_BREAK = "\n\n---\n\n"


@dataclass
class Writer:
    """Writes (and rewrites) the draft for one platform of this post."""

    generator: Any  # psn.generate.service.Generator
    idea: str
    media: Any  # psn.generate.picker.MediaSummary
    recent: list[Any]

    def draft(self, platform: str, format: str | None = None, variant: int = 0):  # type: ignore[no-untyped-def]
        from psn.generate.service import DraftRequest

        return self.generator.draft(DraftRequest(
            idea=self.idea, platform=platform, format=format, media=self.media, variant=variant, recent=self.recent,
        ))


@dataclass
class Review:
    drafts: dict[str, Any]
    """platform → PlatformDraft, in the order the creator gave them."""
    generated: dict[str, Any] = field(default_factory=dict)
    """platform → the body as the model wrote it (before any edit), for calibration."""
    variants: dict[str, int] = field(default_factory=dict)
    edited: set[str] = field(default_factory=set)
    """Platforms whose text the creator changed by hand (kept for calibration)."""
    approved: bool = False
    approved_platforms: set[str] = field(default_factory=set)
    """With several platforms, each is approved on its own; the post goes out once all are."""
    link: str | None = None
    """`--link`: shown with where it goes on each platform, so approving the drafts approves it too."""
    with_media: bool = False

    def pending(self) -> list[str]:
        return [p for p in self.drafts if p not in self.approved_platforms]


def review_loop(review: Review, writer: Writer) -> Review:
    from psn.cli import prompts
    from psn.cli.draft_view import render_drafts

    while review.drafts:
        render_drafts(list(review.drafts.values()), approved=review.approved_platforms)
        _show_link(review)
        choice = prompts.select("What next?", _choices(review, writer.media))
        if choice == CANCEL:
            return review
        if choice in (APPROVE, APPROVE_ALL) or choice.startswith(APPROVE + " "):
            _approve(review, review.pending() if choice in (APPROVE, APPROVE_ALL) else [choice.split(" ", 1)[1]])
        else:
            _apply(review, choice, writer)
        if review.drafts and not review.pending():
            if _duplicates_confirmed(review):
                review.approved = True
                return review
            review.approved_platforms.clear()  # not now: every draft is open to changes again
    return review


def _show_link(review: Review) -> None:
    from psn.cli.output import console
    from psn.platforms.registry import get_spec
    from psn.publishing.links import where_it_goes

    if not review.link:
        return
    for platform in review.drafts:
        goes = where_it_goes(get_spec(platform).capabilities, review.with_media)
        console().print(f"link on {platform}: {review.link} ({goes})", markup=False)


def _approve(review: Review, platforms: list[str]) -> None:
    from psn.cli.output import info

    blocked = [p for p in platforms if review.drafts[p].errors]
    if blocked:
        info(f"Fix the errors on {', '.join(blocked)} first (edit, or apply a fix).")
        return
    review.approved_platforms.update(platforms)


def _choices(review: Review, media) -> list[str]:  # type: ignore[no-untyped-def]
    from psn.generate.formats import formats_for
    from psn.generate.picker import media_fits

    pending = review.pending()
    several = len(review.drafts) > 1
    choices = [APPROVE] if not several else [APPROVE_ALL] * (len(pending) > 1) + [f"Approve {p}" for p in pending]
    for platform, draft in review.drafts.items():
        if platform in review.approved_platforms:
            choices.append(f"Reopen {platform}")
            continue
        choices += [f"Edit {platform}", f"Regenerate {platform}"]
        choices += [f"Fix {platform}: {fix}" for fix in draft.fixes_available]
        if sum(media_fits(spec, media) for spec in formats_for(platform)) > 1:
            choices.append(f"Change format of {platform}")
        if several:
            choices.append(f"Drop {platform}")
    return [*choices, CANCEL]


def _apply(review: Review, choice: str, writer: Writer) -> None:
    from psn.cli import prompts
    from psn.cli.output import info
    from psn.core.errors import BadInput
    from psn.generate.formats import formats_for
    from psn.generate.picker import media_fits

    action, _, rest = choice.partition(" ")
    if action == "Reopen":
        review.approved_platforms.discard(rest)
    elif action == "Fix":
        platform, _, fix = rest.partition(": ")
        review.drafts[platform] = writer.generator.fix(review.drafts[platform], fix)
    elif action == "Drop":
        del review.drafts[rest]
        review.approved_platforms.discard(rest)
    elif action == "Edit":
        try:
            review.drafts[rest] = _edit(review.drafts[rest], writer.generator)
        except BadInput as exc:  # the editor failed or was interrupted: the draft stays as it was
            info(f"{exc.message} {exc.hint or ''}".strip())
            return
        review.edited.add(rest)
    elif action == "Regenerate":
        review.variants[rest] = review.variants.get(rest, 0) + 1
        _redraft(review, rest, lambda: writer.draft(rest, review.drafts[rest].format, review.variants[rest]))
    elif action == "Change":
        platform = rest.removeprefix("format of ")
        names = [s.name for s in formats_for(platform) if media_fits(s, writer.media)]
        new = prompts.select(f"Format for {platform}:", names, default=review.drafts[platform].format)
        _redraft(review, platform, lambda: writer.draft(platform, new, review.variants.get(platform, 0)))


def _redraft(review: Review, platform: str, write) -> None:  # type: ignore[no-untyped-def]
    """A model that fails (a dropped connection, an echo) leaves every draft of the review as it
    was, edits included: only the one new draft is lost, and the review goes on."""
    from psn.cli.output import info
    from psn.core.errors import PsnError

    try:
        draft = write()
    except PsnError as exc:
        info(f"No new {platform} draft: {exc.message} The current one is kept.")
        return
    _replace(review, platform, draft)


def _replace(review: Review, platform: str, draft) -> None:  # type: ignore[no-untyped-def]
    review.drafts[platform] = draft
    review.generated[platform] = draft.body  # a new draft: later edits compare against it
    review.edited.discard(platform)


def _edit(draft, generator):  # type: ignore[no-untyped-def]
    from psn.cli import prompts

    body = draft.body
    edited = prompts.edit_text(THREAD_BREAK.join(body.all_posts()) if body.parts else body.text)
    posts = [p.strip() for p in edited.split(THREAD_BREAK.strip())] if body.parts else [edited.strip()]
    posts = [p for p in posts if p]
    new_body = body.model_copy(update={"text": posts[0] if posts else "", "parts": posts[1:]})
    return generator.edit(draft, new_body)


def _duplicates_confirmed(review: Review) -> bool:
    from psn.cli import prompts

    flagged = [p for p, d in review.drafts.items() if d.duplicates]
    if not flagged:
        return True
    return prompts.confirm(
        f"{', '.join(flagged)}: very close to something you published recently, and platforms reject "
        "duplicates. Publish anyway?", default=False)

"""Keep what a person wrote or approved when the post flow stops before publishing: Ctrl-C at any
prompt, or `--yes` on text psn wrote (which nobody has seen). The drafts become `draft` posts —
stored with their idea, never published until approved (`psn post approve ID`), editable with
`psn post edit ID` — and psn says where they are."""

from __future__ import annotations

from typing import Any

from psn.core.errors import AwaitingApproval, Interrupted, PsnError


def save_drafts(  # type: ignore[no-untyped-def]
    context, idea, drafts: dict[str, Any], media, campaign: str | None, extras, review=None,
) -> list[dict[str, Any]]:
    """Each platform's draft as a `draft` post (no approval is recorded, so nothing can publish it)."""
    from psn.cli.compose.deliver import to_request
    from psn.cli.compose.flow import _keep_edits
    from psn.generate.drafts import save_draft, update_output
    from psn.generate.formats import get_format
    from psn.generate.picker import media_fits
    from psn.publishing.records import create_publish, describe

    now = context.clock.now()
    stored = save_draft(context.db, idea.text, list(drafts.values()), now, idea_id=idea.idea_id)
    if review is not None:
        _keep_edits(context, review, stored)  # the calibration pair (as written → as edited) is kept too
    outputs = {o.platform: o for o in stored.outputs}
    saved = []
    for platform, draft in drafts.items():
        spec = get_format(platform, draft.format)
        waiting = spec.needs_media and (media.summary.empty or not media_fits(spec, media.summary))
        request = to_request(platform, draft.format, draft.body, [] if waiting else media.items, extras)
        row = create_publish(context, request, account_id=_account_id(context, platform), status="draft",
                             campaign=campaign, draft_id=stored.id, prompt_version_id=draft.prompt_version_id)
        update_output(context.db, outputs[platform].id, now, publish_ref=str(row.id))
        saved.append({**describe(row), "waiting_for_media": waiting})
    return saved


def _account_id(context, platform: str) -> int | None:  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import adapter_for

    try:
        return adapter_for(context, platform)[1].id
    except PsnError:
        return None  # not connected (yet): `psn post approve` connects it to the account then


def where(saved: list[dict[str, Any]]) -> str:
    """ "draft #7 (x), #8 (linkedin)" """
    return "draft " + ", ".join(f"#{row['id']} ({row['platform']})" for row in saved)


def next_steps(saved: list[dict[str, Any]], at: str | None = None) -> str:
    first = saved[0]["id"]
    when = f' --at "{at}"' if at else ""
    approvals = ", ".join(f"`psn post finish {row['id']} --media FILE{when}`" if row.get("waiting_for_media")
                          else f"`psn post approve {row['id']}{when}`" for row in saved)
    return f"Read it: `psn post show {first}`; change it: `psn post edit {first}`; publish exactly it: {approvals}."


def interrupted(context, idea, review, media, campaign: str | None, extras) -> Interrupted:  # type: ignore[no-untyped-def]
    """Ctrl-C after the drafts exist: they are kept, edits included."""
    saved = save_drafts(context, idea, review.drafts, media, campaign, extras, review) if review.drafts else []
    if not saved:
        return Interrupted("Interrupted. Nothing was saved or sent.")
    return Interrupted(f"Interrupted. Nothing was sent; saved as {where(saved)} — psn post edit {saved[0]['id']}",
                       hint=next_steps(saved), saved=[row["id"] for row in saved])


def idea_kept(context, idea) -> Interrupted:  # type: ignore[no-untyped-def]
    """Ctrl-C before any draft exists: an idea typed at the prompt goes to the idea bank."""
    from psn.ideas.bank import add_idea

    if idea is None or idea.idea_id is not None or not idea.typed:
        return Interrupted("Interrupted. Nothing was saved or sent.")
    kept = add_idea(context.db, idea.text, at=context.clock.now(), source="post")
    return Interrupted(f"Interrupted. Nothing was sent; your idea is saved as idea #{kept.id}.",
                       hint=f"Write it later: `psn post --idea {kept.id}`.", idea_id=kept.id)


def awaiting_approval(saved: list[dict[str, Any]], at: str | None) -> AwaitingApproval:
    return AwaitingApproval(
        f"Not published: psn wrote this text and nobody has seen it, so --yes cannot approve it. Saved as "
        f"{where(saved)}.", hint=next_steps(saved, at),
        saved=[{"id": r["id"], "platform": r["platform"], "format": r["format"], "text": r["text"],
                "waiting_for_media": r["waiting_for_media"]} for r in saved])

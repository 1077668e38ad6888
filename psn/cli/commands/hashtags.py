"""`psn hashtags list|add|remove|refresh|search`: the Instagram hashtag pool the generator draws from."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

ORDER = 47
GROUP = "Your content"

hashtags_app = typer.Typer(
    help="Instagram's hashtag pool: tags from your best posts, your own picks and hashtag search "
         "(Facebook-Login path, 30 a week). Instagram drafts draw from it.",
    short_help="Instagram's hashtag pool: tags from your best posts, your own picks and hashtag search.",
    no_args_is_help=True,
)

TagArg = Annotated[str, typer.Argument(metavar="TAG", help="A hashtag, with or without #.")]


def register(app: typer.Typer) -> None:
    app.add_typer(hashtags_app, name="hashtags")


@hashtags_app.command("list", help="The pool, best first; on the Facebook-Login path, the search budget too.")
def list_() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.hashtags.pool import show_pool

    emit(show_pool(ctx()), _render_pool)


@hashtags_app.command("add", help="Add hashtags by hand; they stay until you remove them.")
def add(tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="One or more hashtags.")]) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.hashtags.pool import add_tags

    emit(add_tags(ctx(), tags),
         lambda d: typer.echo(f"Added {' '.join('#' + t for t in d.added)}; the pool has {len(d.entries)} tags."))


@hashtags_app.command("remove", help="Take a hashtag out of the pool for good (refreshes do not bring it back).")
def remove(tag: TagArg) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.hashtags.pool import remove_tag

    emit({"removed": remove_tag(ctx(), tag)},
         lambda d: typer.echo(f"Removed #{d['removed']}. `psn hashtags add {d['removed']}` brings it back."))


@hashtags_app.command("refresh", help="Rank your measured Instagram posts' hashtags into the pool now.")
def refresh() -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.hashtags.refresh import refresh_pool

    emit(refresh_pool(ctx()), _render_refresh)


@hashtags_app.command("search", help="Top posts for a hashtag (Facebook-Login path; a new tag uses 1 of 30 a week).")
def search(tag: TagArg) -> None:
    from psn.cli.output import emit
    from psn.cli.state import ctx
    from psn.hashtags.search import search_hashtag

    emit(search_hashtag(ctx(), tag), _render_search)


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"


def _render_pool(view: Any) -> None:
    from rich.table import Table

    from psn.cli.output import console

    if not view.entries:
        console().print(f"The hashtag pool of @{view.handle} is empty. `psn hashtags refresh` ranks your measured "
                        "posts' tags; `psn hashtags add TAG` adds your own.")
    else:
        table = Table("tag", "source", "score", "refreshed", show_edge=False)
        for entry in view.entries:
            table.add_row(f"#{entry.hashtag}", entry.source, f"{entry.score_bp / 100:.1f}",
                          f"{entry.refreshed_at:%Y-%m-%d}")
        console().print(table)
    if view.budget is not None:
        console().print(_budget_line(view.budget))


def _budget_line(budget: Any) -> str:
    line = f"Hashtag searches this week: {budget.used} / {budget.limit}"
    if budget.next_slot_at is not None:
        line += f"; next slot frees at {_when(budget.next_slot_at)}"
    return line + "."


def _render_refresh(result: Any) -> None:
    if not result.posts:
        typer.echo("No measured Instagram post yet: run `psn analytics pull` a day after posting. The pool is "
                   "unchanged.")
    else:
        typer.echo(f"Ranked {result.own_posts} hashtags from {result.posts} measured posts"
                   + (f"; {result.dropped} no longer rank and left the pool" if result.dropped else "") + ".")
    if result.searched:
        typer.echo(f"Rescored {result.searched} hashtags searched this week (free).")
    if result.search_error:
        typer.echo(f"Could not re-read this week's searched hashtags: {result.search_error}")


def _render_search(result: Any) -> None:
    from psn.cli.output import console

    cost = "used 1 search slot" if result.spent_slot else "free (already searched this week)"
    console().print(f"#{result.hashtag}: {result.media} top posts, {result.likes} likes, {result.comments} comments "
                    f"(avg {result.average_interactions:g}) — {cost}.")
    for post in result.top:
        console().print(f"  {post.likes:>6} ♥ {post.comments:>5} 💬  {post.url or ''}")
    if result.pool is not None:
        console().print(f"In the pool as {result.pool.source}, score {result.pool.score_bp / 100:.1f}.")
    else:
        console().print("Instagram has no posts for it; the pool is unchanged.")
    console().print(_budget_line(result.budget))

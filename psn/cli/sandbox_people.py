"""`psn sandbox comment|mention|deliver`: other people in the emulated world (a fan comments on the
creator's post, someone @mentions them) and the webhooks Meta would then POST to `psn webhooks serve`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

PEOPLE_PLATFORMS = ("instagram", "facebook")


def _platform(name: str) -> str:
    from psn.core.errors import BadInput
    from psn.platforms.registry import get_spec

    platform = get_spec(name).name
    if platform not in PEOPLE_PLATFORMS:
        raise BadInput(f"The {platform} emulator has no one to comment or deliver webhooks.",
                       hint=f"Use one of: {', '.join(PEOPLE_PLATFORMS)}.")
    return platform


def register(sandbox_app: typer.Typer, world: Any) -> None:
    @sandbox_app.command("comment", help="Someone comments on one of your posts (Instagram, Facebook).")
    def comment(platform: Annotated[str, typer.Argument(help="instagram or facebook.")],
                post_id: Annotated[str, typer.Argument(help="The post's platform id (`psn post list --json`).")],
                text: Annotated[str, typer.Argument(help="What they say.")],
                author: Annotated[str, typer.Option(help="Their name or handle.")] = "fan1") -> None:
        from psn.cli.output import emit
        from psn.core.errors import BadInput

        name = _platform(platform)
        if not text.strip():
            raise BadInput("The comment is empty.", hint="Give the text they write.")
        comment_id = _comment(world(), name, post_id, text, author)
        if comment_id is None:
            raise BadInput(f"There is no {name} post {post_id!r} in the sandbox.",
                           hint="Use the platform id of a post you published with --sandbox.")
        emit({"platform": name, "post_id": post_id, "comment_id": comment_id, "author": author},
             lambda d: typer.echo(f"{author} commented on {post_id} (comment {comment_id})."))

    @sandbox_app.command("mention", help="Someone @mentions you on their Instagram post (or in a comment).")
    def mention(media_id: Annotated[str, typer.Argument(help="Their post's id (any number).")],
                comment_id: Annotated[str, typer.Option("--comment", help="The comment that mentions you.")] = ""
                ) -> None:
        from psn.cli.output import emit
        from psn.core.errors import BadInput
        from psn.sandbox.instagram import InstagramEmulator

        if not media_id.isdigit() or (comment_id and not comment_id.isdigit()):
            raise BadInput("Instagram media ids are numbers (and so are comment ids).",
                           hint="e.g. psn sandbox mention 18000000000000077 --comment 17990000000000011")
        InstagramEmulator(world()).mention(media_id, comment_id or None)
        emit({"platform": "instagram", "media_id": media_id, "comment_id": comment_id or None},
             lambda d: typer.echo(f"Someone mentioned you on Instagram post {media_id}."))

    @sandbox_app.command("deliver", help="POST the webhooks the platform has queued to a URL, signed as Meta signs.")
    def deliver(platform: Annotated[str, typer.Argument(help="instagram or facebook.")],
                to: Annotated[str, typer.Option("--to", help="e.g. http://127.0.0.1:8790/webhooks/instagram")]) -> None:
        from psn.cli.output import emit
        from psn.cli.state import ctx
        from psn.core.files import check_web_url
        from psn.webhooks.keys import read

        name = _platform(platform)
        check_web_url(to, "--to")
        answers = [_post(to, headers, body) for headers, body in _queued(world(), name, read(ctx().secrets, name))]
        emit({"platform": name, "delivered": len(answers), "answers": answers},
             lambda d: typer.echo(f"Delivered {len(answers)} {name} webhook(s) to {to}."))


def _comment(world: Any, platform: str, post_id: str, text: str, author: str) -> str | None:
    if platform == "facebook":
        from psn.sandbox.facebook_webhooks import fan_comment

        return fan_comment(world, post_id, text, author)
    from psn.sandbox.instagram import InstagramEmulator

    if not any(m["id"] == post_id for m in InstagramEmulator(world).published()):
        return None
    return InstagramEmulator(world).fan_comment(post_id, text, author)


def _queued(world: Any, platform: str, secret: str) -> list[tuple[dict[str, str], bytes]]:
    if platform == "facebook":
        from psn.sandbox.facebook_webhooks import deliveries

        return deliveries(world, secret)
    from psn.sandbox.instagram import InstagramEmulator

    return InstagramEmulator(world).deliveries(secret)


def _post(url: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    import httpx

    response = httpx.post(url, headers=headers, content=body, timeout=60)  # the receiver drafts replies first
    try:
        answer = response.json()
    except ValueError:
        answer = response.text
    return {"status": response.status_code, "answer": answer}

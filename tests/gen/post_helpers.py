"""Helpers for the `psn post` tests: the X emulator, and stand-in platforms for the ones whose
adapters have not landed yet (so several-platform flows, partial failures and posts waiting
for media can be exercised through the real pipeline)."""

from __future__ import annotations

from dataclasses import dataclass, field

from psn.core.errors import BadInput, PlatformRejected
from psn.platforms.base import AccountInfo, Capabilities, PublishRequest, PublishResult, TokenSet
from psn.platforms.registry import ConnectSpec, PlatformSpec

IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
        "Reset globals in a fixture. Never depend on test order.")


@dataclass
class StandInAdapter:
    """Records what it is asked to publish; refuses when told to."""

    name: str
    sent: list[PublishRequest] = field(default_factory=list)
    refuse: bool = False
    needs_media_for: tuple[str, ...] = ("video", "reel", "photo", "carousel", "image", "story")

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(formats=["text", "video", "photo", "reel", "carousel", "image", "story"])

    def account(self) -> AccountInfo:
        return AccountInfo(platform_user_id=f"{self.name}-1", handle="ada")

    def validate(self, request: PublishRequest) -> None:
        if request.format in self.needs_media_for and not request.media:
            raise BadInput(f"A {request.format} needs its media.")
        if len(request.text) > 3000:
            raise BadInput("Too long for the stand-in.")

    def publish(self, request: PublishRequest, checkpoint) -> PublishResult:  # type: ignore[no-untyped-def]
        if self.refuse:
            raise PlatformRejected(f"{self.name} refused the post.")
        self.sent.append(request)
        number = len(self.sent)
        return PublishResult(platform_post_id=f"{self.name}-{number}", url=f"https://{self.name}.test/p/{number}")


def stand_in_spec(adapter: StandInAdapter) -> PlatformSpec:
    return PlatformSpec(
        name=adapter.name, title=adapter.name.title(), capabilities=adapter.capabilities,
        default_urls={"api": f"https://{adapter.name}.test"},
        connect=ConnectSpec(kind="token", instructions="stand-in", app_fields=(), secret_fields=()),
        make_adapter=lambda deps: adapter,
    )


def connect_stand_in(adapter: StandInAdapter) -> None:
    from psn.accounts.store import upsert_account
    from psn.cli import state

    state.reset(sandbox=True)
    upsert_account(state.ctx(), adapter.name, adapter.account(), TokenSet(access_token=f"token-{adapter.name}-123"))


def x_posts() -> list[dict]:
    from psn.accounts.wiring import sandbox_world
    from psn.cli import state
    from psn.sandbox.x import XEmulator

    state.reset(sandbox=True)
    return XEmulator(sandbox_world(state.ctx())).posts_by_creator()


def sandbox_ctx():  # type: ignore[no-untyped-def]
    from psn.cli import state

    state.reset(sandbox=True)
    return state.ctx()


def write_and_approve(cli, *args: str) -> list:  # type: ignore[no-untyped-def]
    """`psn post IDEA … --yes` without a terminal saves psn's text for approval (exit 7, nothing
    sent); the creator then approves each saved draft, as after reading it. Returns the approvals."""
    saved = cli("--sandbox", "--json", "post", *args, "--yes")
    assert saved.exit_code == 7, saved.stdout
    at = list(args[args.index("--at"):args.index("--at") + 2]) if "--at" in args else []
    return [cli("--sandbox", "--json", "post", "approve", str(row["id"]), *at, "--yes")
            for row in saved.json()["error"]["details"]["saved"]]

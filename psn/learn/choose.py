"""Which active version writes the next post of a channel: epsilon-greedy.

With probability `learn.explore_rate` (0.2) a post tries one of the *new* active versions (fewer
than `learn.explore_until` posts), chosen uniformly; otherwise it uses the best shrunk estimate
(ties go to the newer version). Why not Thompson sampling: it needs a likelihood for scores, and
engagement is heavy-tailed and shifts with the audience, so its posterior would be confidently
wrong; shrinkage already makes the exploit side cautious, and a fixed rate gives the creator a
budget they can read ("one post in five tries something new") and set to 0.
"""

from __future__ import annotations

import random

from psn.context import AppContext
from psn.generate.prompt_versions import PromptVersion
from psn.learn.channels import check_channel
from psn.learn.population import Member, load_population


def pick(members: list[Member], rng: random.Random, explore_rate: float, explore_until: int) -> Member:
    by_score = sorted(members, key=lambda m: (-m.score.estimate, -m.version.id))
    fresh = [m for m in members if m.score.samples < explore_until]
    if fresh and rng.random() < explore_rate:
        return rng.choice(fresh)
    return by_score[0]


def choose_version(ctx: AppContext, channel: str, rng: random.Random | None = None) -> PromptVersion:
    check_channel(channel)
    settings = ctx.settings.learn
    active = load_population(ctx, channel).active()
    if not active:
        from psn.generate.prompt_versions import current_version
        from psn.learn.channels import template_of

        return current_version(ctx.db, template_of(channel), ctx.clock.now())
    chosen = pick(active, rng or random.Random(), settings.explore_rate, settings.explore_until)  # noqa: S311
    return chosen.version


def version_chooser(ctx: AppContext, rng: random.Random | None = None):  # type: ignore[no-untyped-def]
    """A `Generator.version_for` hook: template name → the version the loop picks for its channel."""
    from psn.generate.prompt_versions import current_version
    from psn.learn.channels import channel_of_template

    def choose(template: str) -> PromptVersion:
        channel = channel_of_template(template)
        if channel is None:
            return current_version(ctx.db, template, ctx.clock.now())
        return choose_version(ctx, channel, rng)

    return choose

"""A channel's population: generation 0 from prompts/ plus the versions the loop added, with
what the loop knows about each (state, operator, diff, samples) and their current scores."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from psn.context import AppContext
from psn.generate.prompt_versions import PromptVersion, ensure_generation_zero, list_versions
from psn.learn.channels import template_of
from psn.learn.content import Content, published_content
from psn.learn.evaluate import VersionScore, normalise, ranked, score_versions
from psn.store.generation_tables import PromptVersionRow
from psn.store.learn_tables import LearnVersion


@dataclass(frozen=True)
class Member:
    version: PromptVersion
    state: str
    """active, pending (waits for approval), rejected or retired."""
    operator: str
    diff: str
    score: VersionScore


@dataclass(frozen=True)
class Population:
    channel: str
    template: str
    members: list[Member]
    content: list[Content]

    def active(self) -> list[Member]:
        return [m for m in self.members if m.state == "active"]

    def best(self) -> list[Member]:
        by_id = {m.version.id: m for m in self.active()}
        return [by_id[s.version_id] for s in ranked([m.score for m in self.active()])]


def load_population(ctx: AppContext, channel: str, store_generation_zero: bool = True) -> Population:
    """`store_generation_zero=False` for read-only views: they store nothing, not even the file's text."""
    template = template_of(channel)
    if store_generation_zero:
        ensure_generation_zero(ctx.db, template, ctx.clock.now())
    versions = list_versions(ctx.db, template)
    with ctx.db.session() as session:
        query = select(LearnVersion).where(LearnVersion.channel == channel)
        learned = {row.version_id: row for row in session.exec(query)}
    content = published_content(ctx, channel)
    normalised = normalise({c.id: c.score for c in content})
    version_of = {c.id: c.version_id for c in content if c.version_id is not None}
    scores = {s.version_id: s for s in score_versions(
        normalised, version_of, [v.id for v in versions], ctx.settings.learn.prior_strength)}
    members = [_member(v, learned.get(v.id), scores[v.id]) for v in versions]
    return Population(channel, template, members, content)


def _member(version: PromptVersion, learned: LearnVersion | None, score: VersionScore) -> Member:
    if learned is None:
        state = version.status
        return Member(version, state, version.origin, "", score)
    return Member(version, learned.state, learned.operator, learned.diff, score)


def save_scores(ctx: AppContext, population: Population) -> None:
    """Every version keeps its latest score (basis points of the normalised estimate) and samples."""
    with ctx.db.session() as session:
        for member in population.members:
            row = session.get(PromptVersionRow, member.version.id)
            if row is not None:
                row.score_bp = round(member.score.estimate * 10_000)
                session.add(row)
            learned = session.get(LearnVersion, member.version.id)
            if learned is not None:
                learned.samples = member.score.samples
                session.add(learned)

"""One micro-cycle for one channel: score the population, pick parents, write at most
`learn.max_children` children (text gradient first, then crossover, then mutation), refuse
those that break a guardrail, and store the rest as active or pending versions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlmodel import select

from psn.context import AppContext
from psn.core.errors import PsnError
from psn.generate.prompt_versions import add_version, diff_bodies, set_status
from psn.learn.channels import check_channel, get_mode
from psn.learn.guardrails import rejection
from psn.learn.operators import Operators
from psn.learn.population import Member, Population, load_population, save_scores
from psn.store.db import record_event
from psn.store.learn_tables import LearnCycle, LearnVersion


@dataclass
class Child:
    operator: str
    parents: list[Member]
    body: str


@dataclass
class CycleReport:
    channel: str
    cycle_id: int | None
    reason: str
    mode: str
    parents: list[int] = field(default_factory=list)
    created: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    skipped: str | None = None
    failed: dict | None = None
    """Set when a model call failed or answered unusably: {"message", "answer"?}."""


def run_cycle(
    ctx: AppContext, channel: str, reason: str = "manual", content_ids: list[int] | None = None
) -> CycleReport:
    check_channel(channel)
    mode = get_mode(ctx, channel)
    cycle_id = _start(ctx, channel, reason, content_ids or [])
    report = CycleReport(channel, cycle_id, reason, mode)
    population = load_population(ctx, channel)
    save_scores(ctx, population)
    if mode == "locked":
        report.skipped = "the channel is locked (`psn learn lock CHANNEL --mode open` unlocks it)"
    else:
        try:
            _evolve(ctx, population, report)
        except PsnError as exc:  # the cycle ends as failed, with why and what the model said, never half-done
            report.failed = {"message": exc.message, **({"answer": exc.details["answer"]}
                                                        if exc.details.get("answer") else {})}
            _finish(ctx, report)
            raise
    _finish(ctx, report)
    return report


def _evolve(ctx: AppContext, population: Population, report: CycleReport) -> None:
    ranked = population.best()
    report.parents = [m.version.id for m in ranked[:2]]
    budget = ctx.settings.learn.max_children
    seen = {m.version.body for m in population.members}
    for child in _children(ctx, population, ranked)[:budget]:
        parents = [m.version.body for m in child.parents]
        why = rejection(parents, child.body, ctx.settings.learn.max_changed_lines)
        if why is None and child.body in seen:
            why = "that prompt was tried before"
        seen.add(child.body)
        if why:
            report.rejected.append({"operator": child.operator, "reason": why})
            continue
        report.created.append(_store(ctx, population, child, report))


def _children(ctx: AppContext, population: Population, ranked: list[Member]) -> list[Child]:
    from psn.llm.registry import open_llm
    from psn.voice.profile import VoiceProfile
    from psn.voice.store import current_voice

    stored = current_voice(ctx.db)
    llm = open_llm(ctx.settings.llm, ctx.secrets, ctx.db, ctx.clock)
    ops = Operators(llm, stored.profile if stored else VoiceProfile(), population.channel, population.template,
                    ctx.settings.learn.seed)
    best = ranked[0]
    out = []
    examples = _extremes(population)
    if examples:
        critique = ops.critique(best.version.body, examples)
        out.append(Child("gradient", [best], ops.rewrite(best.version.body, critique)))
    if len(ranked) > 1:
        pair = [{"body": m.version.body, "score": round(m.score.estimate, 3)} for m in ranked[:2]]
        out.append(Child("crossover", ranked[:2], ops.crossover(pair)))
    if len(out) < ctx.settings.learn.max_children:
        out.append(Child("mutate", [best], ops.rewrite(best.version.body, {"suggestions": []})))
    return out


def _extremes(population: Population) -> list[dict]:
    """The best and the worst post of the channel (the text gradient's evidence)."""
    scored = sorted(population.content, key=lambda c: (-c.score, c.id))
    if len(scored) < 2 or scored[0].score == scored[-1].score:
        return []
    return [{"score": round(c.score, 1), "text": c.text} for c in (scored[0], scored[-1])]


def _store(ctx: AppContext, population: Population, child: Child, report: CycleReport) -> dict:
    now = ctx.clock.now()
    first = child.parents[0].version
    version = add_version(ctx.db, population.template, child.body, parent_ids=[m.version.id for m in child.parents],
                          at=now, origin=f"learn:{child.operator}")
    state = "pending" if report.mode == "approval" else "active"
    if state == "pending":
        set_status(ctx.db, version.id, "retired")  # nothing draws it until approved
    diff = diff_bodies(first.body, child.body, f"v{first.id}", f"v{version.id}")
    with ctx.db.session() as session:
        session.add(LearnVersion(version_id=version.id, channel=population.channel, state=state,
                                 operator=child.operator, diff=diff, cycle_id=report.cycle_id, created_at=now))
    return {"version": version.id, "generation": version.generation, "operator": child.operator,
            "parents": version.parent_ids, "state": state}


def _start(ctx: AppContext, channel: str, reason: str, content_ids: list[int]) -> int:
    now = ctx.clock.now()
    with ctx.db.session() as session:
        row = LearnCycle(channel=channel, reason=reason, started_at=now)
        session.add(row)
        session.flush()
        assert row.id is not None
        cycle_id = row.id
    with ctx.db.write() as conn:
        record_event(conn, "optimization.triggered", now, f"channel:{channel}", cycle=cycle_id, reason=reason,
                     content=content_ids)
    return cycle_id


def _finish(ctx: AppContext, report: CycleReport) -> None:
    now = ctx.clock.now()
    summary = {k: v for k, v in report.__dict__.items() if k not in ("channel", "cycle_id")}
    with ctx.db.session() as session:
        row = session.get(LearnCycle, report.cycle_id)
        assert row is not None
        row.completed_at, row.summary = now, json.dumps(summary)
        session.add(row)
    with ctx.db.write() as conn:
        record_event(conn, "optimization.completed", now, f"channel:{report.channel}", cycle=report.cycle_id,
                     created=[c["version"] for c in report.created], rejected=len(report.rejected),
                     skipped=report.skipped, failed=(report.failed or {}).get("message"))


def cycles(ctx: AppContext, channel: str) -> list[LearnCycle]:
    with ctx.db.session() as session:
        query = select(LearnCycle).where(LearnCycle.channel == channel).order_by(LearnCycle.id)  # type: ignore[arg-type]
        return list(session.exec(query))

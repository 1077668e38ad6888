"""What `psn learn status|history|diff|approve|rollback|lock` read and change."""

from __future__ import annotations

import json

from psn.context import AppContext
from psn.core.errors import BadInput
from psn.generate.prompt_versions import diff_bodies, get_version, set_status
from psn.learn.channels import CHANNELS, channel_of_template, check_channel, get_mode, set_mode
from psn.learn.cycle import cycles
from psn.learn.population import Member, load_population
from psn.store.learn_tables import LearnVersion


def describe(member: Member) -> dict:
    v = member.version
    return {"version": v.id, "generation": v.generation, "state": member.state, "operator": member.operator,
            "parents": v.parent_ids, "score": round(member.score.estimate, 4), "samples": member.score.samples,
            "created_at": v.created_at}


def status(ctx: AppContext, channel: str | None = None) -> list[dict]:
    out = []
    for name in [check_channel(channel)] if channel else _known_channels(ctx):
        population = load_population(ctx, name, store_generation_zero=False)
        best = population.best()
        out.append({"channel": name, "mode": get_mode(ctx, name), "posts": len(population.content),
                    "best": describe(best[0]) if best else None,
                    "active": [m.version.id for m in population.active()],
                    "pending": [m.version.id for m in population.members if m.state == "pending"],
                    **_cycle_counts(cycles(ctx, name))})
    return out


def _cycle_counts(rows: list) -> dict[str, int]:
    """Cycles that finished, and those that failed or never finished (a model error, a crash):
    a failed cycle created nothing and is not counted as one that ran."""
    failed = sum(1 for c in rows if c.completed_at is None or "failed" in json.loads(c.summary or "{}"))
    return {"cycles": len(rows) - failed, "failed_cycles": failed}


def _known_channels(ctx: AppContext) -> list[str]:
    from psn.generate.prompt_versions import list_versions
    from psn.learn.content import published_content

    seen = {c.channel for c in published_content(ctx)}
    seen |= {ch for v in list_versions(ctx.db) if (ch := channel_of_template(v.name))}
    return [ch for ch in CHANNELS if ch in seen]


def history(ctx: AppContext, channel: str) -> dict:
    population = load_population(ctx, check_channel(channel), store_generation_zero=False)
    runs = [{"cycle": c.id, "reason": c.reason, "started_at": c.started_at, "completed_at": c.completed_at,
             **json.loads(c.summary or "{}")} for c in cycles(ctx, channel)]
    return {"channel": channel, "versions": [describe(m) for m in population.members], "cycles": runs}


def diff(ctx: AppContext, version_id: int, against: int | None = None) -> dict:
    version = get_version(ctx.db, version_id)
    base_id = against if against is not None else (version.parent_ids[0] if version.parent_ids else None)
    if base_id is None:
        raise BadInput(f"Version {version_id} is generation 0: it has no parent to compare with.",
                       hint="Pass --against VERSION.")
    base = get_version(ctx.db, base_id)
    text = diff_bodies(base.body, version.body, f"v{base.id}", f"v{version.id}")
    return {"version": version.id, "against": base.id, "diff": text}


def approve(ctx: AppContext, version_id: int) -> dict:
    row = _learned(ctx, version_id)
    if row.state != "pending":
        raise BadInput(f"Version {version_id} is {row.state}, not waiting for approval.",
                       hint="`psn learn status` lists the pending versions.")
    set_status(ctx.db, version_id, "active")
    _set_state(ctx, version_id, "active")
    return {"version": version_id, "channel": row.channel, "state": "active"}


def rollback(ctx: AppContext, channel: str, to: int | None = None) -> dict:
    """Retire every evolved version newer than `to` (default: the channel's generation 0 or the
    last version before the newest); the target becomes active again."""
    population = load_population(ctx, check_channel(channel), store_generation_zero=False)
    ids = sorted(m.version.id for m in population.members)
    target = to if to is not None else _previous(population)
    if target not in ids:
        raise BadInput(f"Version {target} is not a version of {channel}.", hint=f"`psn learn history {channel}`.")
    retired = [m.version.id for m in population.members if m.version.id > target and m.state in ("active", "pending")]
    for vid in retired:
        set_status(ctx.db, vid, "retired")
        _set_state(ctx, vid, "retired")
    set_status(ctx.db, target, "active")
    if _maybe_learned(ctx, target):
        _set_state(ctx, target, "active")
    return {"channel": channel, "active": target, "retired": retired}


def _previous(population) -> int:  # type: ignore[no-untyped-def]
    live = sorted(m.version.id for m in population.members if m.state in ("active", "pending"))
    if len(live) < 2:
        raise BadInput("There is nothing to roll back: only one version is live.", hint="Pass --to VERSION.")
    return live[-2]


def lock(ctx: AppContext, channel: str, mode: str) -> dict:
    return {"channel": channel, "mode": set_mode(ctx, channel, mode)}


def _maybe_learned(ctx: AppContext, version_id: int) -> LearnVersion | None:
    with ctx.db.session() as session:
        return session.get(LearnVersion, version_id)


def _learned(ctx: AppContext, version_id: int) -> LearnVersion:
    row = _maybe_learned(ctx, version_id)
    if row is None:
        raise BadInput(f"Version {version_id} was not written by the learning loop.",
                       hint="`psn learn history CHANNEL` lists the loop's versions.")
    return row


def _set_state(ctx: AppContext, version_id: int, state: str) -> None:
    with ctx.db.session() as session:
        row = session.get(LearnVersion, version_id)
        if row is not None:
            row.state = state
            session.add(row)

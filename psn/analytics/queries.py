# ruff: noqa: S608 -- SQL is assembled only from constant fragments; every value is a bound parameter.
"""The report queries, as plain SQL over the covering indexes of m0070.

The weighted score is computed inside SQLite (weights bound as parameters) so only the top rows
cross into Python; this is what keeps the leaderboard within reach of a hand-written GROUP BY.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from psn.core.sections.analytics import KINDS


@dataclass(frozen=True)
class Filter:
    since: int
    until: int
    platform: str | None = None
    campaign: str | None = None

    def where(self, alias: str = "") -> tuple[str, dict]:
        col = f"{alias}." if alias else ""
        clauses = [f"{col}occurred_at >= :since", f"{col}occurred_at < :until"]
        params: dict[str, object] = {"since": self.since, "until": self.until}
        if self.platform:
            clauses.append(f"{col}platform = :platform")
            params["platform"] = self.platform
        if self.campaign:
            clauses.append(f"{col}content_id IN (SELECT id FROM published_content WHERE campaign = :campaign)")
            params["campaign"] = self.campaign
        return " AND ".join(clauses), params


def weight_case(weights: dict[str, float]) -> tuple[str, dict]:
    """`CASE kind WHEN 'view' THEN :w_view …` with the weights as parameters."""
    arms = " ".join(f"WHEN '{kind}' THEN :w_{kind}" for kind in KINDS)
    return f"CASE kind {arms} ELSE 0 END", {f"w_{kind}": weights.get(kind, 0) for kind in KINDS}


def channel_days(conn: Connection, flt: Filter) -> list[tuple[str, str, int, int]]:
    """(platform, kind, day, count) over whole UTC days: one pass over ix_engagement_channel in
    index order (no sort); channel totals and the daily trend are both folded from these rows."""
    clauses = ["day >= :d0", "day <= :d1"]
    params: dict[str, object] = {"d0": flt.since // 86400, "d1": (flt.until - 1) // 86400}
    if flt.platform:
        clauses.append("platform = :platform")
        params["platform"] = flt.platform
    if flt.campaign:
        clauses.append("content_id IN (SELECT id FROM published_content WHERE campaign = :campaign)")
        params["campaign"] = flt.campaign
    sql = (f"SELECT platform, kind, day, SUM(count) FROM engagement_events WHERE {' AND '.join(clauses)} "
           "GROUP BY platform, kind, day")
    return [tuple(r) for r in conn.execute(text(sql), params)]


def totals_by_campaign(conn: Connection, flt: Filter) -> list[tuple[str, str, int]]:
    where, params = flt.where("e")
    sql = ("SELECT COALESCE(c.campaign, '(none)'), e.kind, SUM(e.count) FROM engagement_events e "
           f"LEFT JOIN published_content c ON c.id = e.content_id WHERE {where} GROUP BY 1, e.kind")
    return [tuple(r) for r in conn.execute(text(sql), params)]


def top_content(conn: Connection, flt: Filter, weights: dict[str, float], limit: int) -> list[tuple[int, float]]:
    where, params = flt.where()
    case, wparams = weight_case(weights)
    sql = (f"SELECT content_id, SUM(count * {case}) AS score FROM engagement_events "
           f"WHERE content_id IS NOT NULL AND {where} GROUP BY content_id ORDER BY score DESC, content_id "
           "LIMIT :limit")
    rows = conn.execute(text(sql), {**params, **wparams, "limit": limit})
    return [(int(r[0]), float(r[1] or 0)) for r in rows]


def content_kinds(conn: Connection, content_ids: list[int], flt: Filter) -> dict[int, dict[str, int]]:
    if not content_ids:
        return {}
    where, params = flt.where()
    marks = ", ".join(f":c{i}" for i in range(len(content_ids)))
    params.update({f"c{i}": cid for i, cid in enumerate(content_ids)})
    sql = (f"SELECT content_id, kind, SUM(count) FROM engagement_events WHERE content_id IN ({marks}) AND {where} "
           "GROUP BY content_id, kind")
    out: dict[int, dict[str, int]] = {cid: {} for cid in content_ids}
    for cid, kind, count in conn.execute(text(sql), params):
        out[cid][kind] = int(count)
    return out


def content_rows(conn: Connection, content_ids: list[int]) -> dict[int, dict]:
    if not content_ids:
        return {}
    marks = ", ".join(f":c{i}" for i in range(len(content_ids)))
    sql = ("SELECT id, platform, format, platform_post_id, url, published_at, campaign, prompt_version_id, request "
           f"FROM published_content WHERE id IN ({marks})")
    rows = conn.execute(text(sql), {f"c{i}": cid for i, cid in enumerate(content_ids)}).mappings()
    return {r["id"]: dict(r) for r in rows}


def channel_content(conn: Connection, platform: str | None) -> list[dict]:
    """Published content per channel with its prompt version and generation (for `channels`)."""
    sql = ("SELECT c.id, c.platform, c.format, c.prompt_version_id, p.generation, p.name FROM published_content c "
           "LEFT JOIN prompt_versions p ON p.id = c.prompt_version_id WHERE c.status = 'published'")
    params = {}
    if platform:
        sql += " AND c.platform = :platform"
        params["platform"] = platform
    return [dict(r) for r in conn.execute(text(sql), params).mappings()]


def followers(conn: Connection, platform: str | None) -> list[tuple[str, int, int]]:
    sql = "SELECT platform, taken_at, followers FROM follower_snapshots"
    params = {}
    if platform:
        sql += " WHERE platform = :platform"
        params["platform"] = platform
    return [tuple(r) for r in conn.execute(text(sql + " ORDER BY platform, taken_at"), params)]


def campaigns(conn: Connection) -> list[dict]:
    sql = ("SELECT campaign, COUNT(*) AS content, GROUP_CONCAT(DISTINCT platform) AS platforms, "
           "MIN(published_at) AS first, MAX(published_at) AS last FROM published_content "
           "WHERE campaign IS NOT NULL AND status = 'published' GROUP BY campaign ORDER BY last DESC")
    return [dict(r) for r in conn.execute(text(sql)).mappings()]


def published_in(conn: Connection, flt: Filter) -> list[dict]:
    """Published content of the period (by publish time) with its prompt version, for the report's
    best posting times and prompt-version tables."""
    sql = ("SELECT c.id, c.platform, c.published_at, c.prompt_version_id, p.name AS prompt, p.generation, "
           "p.status AS prompt_status, p.score_bp FROM published_content c "
           "LEFT JOIN prompt_versions p ON p.id = c.prompt_version_id "
           "WHERE c.status = 'published' AND c.published_at IS NOT NULL")
    params: dict[str, object] = {}
    if flt.platform:
        sql += " AND c.platform = :platform"
        params["platform"] = flt.platform
    if flt.campaign:
        sql += " AND c.campaign = :campaign"
        params["campaign"] = flt.campaign
    return [dict(r) for r in conn.execute(text(sql + " ORDER BY c.id"), params).mappings()]


def account_names(conn: Connection) -> dict[str, str]:
    """platform → the connected account's name as people know it (display name, else handle)."""
    sql = "SELECT platform, handle, display_name FROM accounts ORDER BY platform, status = 'connected', id"
    return {r["platform"]: r["display_name"] or r["handle"] for r in conn.execute(text(sql)).mappings()}

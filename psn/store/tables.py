"""Imports every table module so SQLModel.metadata knows them all (schema checks, doctor)."""

from __future__ import annotations

from sqlmodel import SQLModel

from psn.store import analytics_tables, generation_tables, models, publishing_tables  # noqa: F401


def all_tables() -> dict[str, object]:
    return dict(SQLModel.metadata.tables)

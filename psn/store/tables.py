"""Imports every table module so SQLModel.metadata knows them all (schema checks, doctor)."""

from __future__ import annotations

from sqlmodel import SQLModel

from psn.store import (  # noqa: F401
    analytics_tables,
    engage_tables,
    generation_tables,
    learn_tables,
    models,
    publishing_tables,
)


def all_tables() -> dict[str, object]:
    return dict(SQLModel.metadata.tables)

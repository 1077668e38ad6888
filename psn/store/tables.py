"""Imports every table module so SQLModel.metadata knows them all (schema checks, doctor).

Table modules are `psn/store/models.py` and every `psn/store/*_tables.py`, found by name.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlmodel import SQLModel

import psn.store as store_pkg


def load_table_modules() -> None:
    importlib.import_module("psn.store.models")
    for info in pkgutil.iter_modules(store_pkg.__path__):
        if info.name.endswith("_tables"):
            importlib.import_module(f"psn.store.{info.name}")


def all_tables() -> dict[str, object]:
    load_table_modules()
    return dict(SQLModel.metadata.tables)

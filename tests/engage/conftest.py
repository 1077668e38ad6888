"""Shared fixtures for engage: a migrated database and default settings."""

from datetime import UTC, datetime

import pytest

from psn.core.sections.engage import EngageSettings
from psn.store.db import open_database

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    return open_database(tmp_path / "engage.db", now=NOW)


@pytest.fixture
def settings():
    return EngageSettings()

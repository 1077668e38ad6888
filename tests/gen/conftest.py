"""Fixtures for the voice / generation / ideas tests: a migrated database, a fixed clock, a voice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from psn.core.clock import FixedClock
from psn.store.db import open_database

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def db(tmp_path):
    return open_database(tmp_path / "gen.db")


@pytest.fixture
def voice():
    from psn.voice.archetypes import profile_from_archetype

    return profile_from_archetype("educator", ["python testing", "developer tools"], "Ada")


@pytest.fixture
def offline_llm(db, clock):
    from psn.llm.offline import OfflineComposer
    from psn.llm.usage import LLM

    return LLM(OfflineComposer(), db, clock)


@pytest.fixture
def generator(offline_llm, db, clock, voice):
    from psn.generate.service import Generator

    return Generator(llm=offline_llm, db=db, clock=clock, voice=voice)

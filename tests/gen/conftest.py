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


@pytest.fixture
def posting(cli):
    """A sandbox home with X connected through its emulator and a voice profile."""
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "setup", "voice", "--archetype", "educator", "--pillar", "python testing").exit_code == 0
    return cli


@pytest.fixture
def stand_ins(posting, monkeypatch):
    """LinkedIn and TikTok stand-ins registered and connected (their real adapters come later)."""
    from post_helpers import StandInAdapter, connect_stand_in, stand_in_spec

    from psn.platforms import registry

    adapters = {name: StandInAdapter(name) for name in ("linkedin", "tiktok")}
    specs = {**registry.all_specs(), **{name: stand_in_spec(a) for name, a in adapters.items()}}
    monkeypatch.setattr(registry, "_cache", specs)
    for adapter in adapters.values():
        connect_stand_in(adapter)
    return {**adapters, "cli": posting}

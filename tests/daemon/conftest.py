"""Fixtures for the daemon and notification tests: an AppContext on a fixed clock."""

from __future__ import annotations

import pytest
from daemon_helpers import START

from psn.core.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(clock):
    from psn.context import AppContext

    return AppContext.create(clock=clock)

"""Soak runs (issue 11): everything here is marked `soak`, so `make test` skips it and
`make soak` runs it with output shown (each run prints its figures)."""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/soak/" in str(item.fspath):
            item.add_marker(pytest.mark.soak)

"""Hypothesis example counts that follow the loaded profile.

A test that pins `@settings(max_examples=N)` (because each example is costly) would otherwise run
N examples under `make fuzz` too. `scaled(N)` is N under the default profile and grows with the
profile's own count under the fuzz profile (N × 30, never past the profile's 3,000 unless N is).
"""

from __future__ import annotations

from hypothesis import settings

HYPOTHESIS_DEFAULT = 100  # hypothesis's own max_examples, which the default profile keeps


def scaled(n: int) -> int:
    loaded = settings.default.max_examples  # conftest.py loads the profile before any test module
    if loaded <= HYPOTHESIS_DEFAULT:
        return n
    return max(n, min(loaded, n * loaded // HYPOTHESIS_DEFAULT))

"""`make fuzz` must reach every property: no test pins a literal max_examples (which would ignore
the fuzz profile); they use tests/examples.py's scaled(), which grows with the profile."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from hypothesis import settings

from tests.examples import scaled

TESTS = Path(__file__).resolve().parents[1]


def test_no_property_pins_a_literal_example_count():
    pinned = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "max_examples" and isinstance(node.value, ast.Constant):
                pinned.append(f"{path.relative_to(TESTS)}:{node.value.lineno}")
    pinned = [p for p in pinned if not p.startswith("conftest.py")]  # the profiles themselves
    assert pinned == [], "use max_examples=scaled(N) from tests/examples.py"


def test_scaled_follows_the_loaded_profile():
    current = os.environ.get("HYPOTHESIS_PROFILE", "default")
    try:
        settings.load_profile("default")
        assert scaled(40) == 40 and scaled(150) == 150
        settings.load_profile("fuzz")
        assert scaled(40) == 1200 and scaled(150) == 3000 and scaled(5000) == 5000
    finally:
        settings.load_profile(current)

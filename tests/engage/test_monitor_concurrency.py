"""Monitor fetches every platform at once: proven with a barrier, not with timing."""

import threading

from psn.engage.monitor import _fetch_all
from psn.platforms.errors import Unavailable


def test_fetches_run_in_parallel_and_errors_stay_per_source():
    barrier = threading.Barrier(3, timeout=10)  # sequential fetches would break the barrier

    def fetch(value):
        def run():
            barrier.wait()
            return [value]
        return run

    def broken():
        raise Unavailable("down", platform="tiktok")

    plan = {"x": [("search", fetch("x1")), ("conversations", fetch("x2"))], "instagram": [("search", fetch("i1"))],
            "tiktok": [("search", broken)], "linkedin": []}
    out = _fetch_all(plan)
    assert out["x"] == [("search", ["x1"]), ("conversations", ["x2"])]
    assert out["instagram"] == [("search", ["i1"])]
    assert isinstance(out["tiktok"][0][1], Unavailable)
    assert out["linkedin"] is None  # no source: reported as skipped by the caller

"""Jobs are discovered by module name; the built-in ones are valid."""

import pytest

from psn.core.errors import BadInput
from psn.daemon.registry import discover_jobs, pick_job, unknown_overrides


def test_built_in_jobs_are_discovered_in_tick_order():
    jobs = discover_jobs()
    assert {"notify", "digest", "prune"} <= set(jobs)
    names = list(jobs)
    assert names.index("digest") < names.index("notify")  # the digest is delivered in the same tick
    assert names[-1] == "notify"


def test_every_job_has_a_description_and_a_valid_schedule():
    for spec in discover_jobs().values():
        assert spec.description
        assert spec.schedule({}).kind in {"every", "daily", "cron", "off"}


def test_overrides_change_the_schedule_and_unknown_names_are_reported():
    jobs = discover_jobs()
    overrides = {"digest": "daily 07:15", "digset": "off"}
    assert jobs["digest"].schedule(overrides).text == "daily 07:15"
    assert unknown_overrides(jobs, overrides) == ["digset"]


def test_picking_an_unknown_job_names_the_known_ones():
    with pytest.raises(BadInput) as err:
        pick_job(discover_jobs(), "publsh")
    assert "notify" in (err.value.hint or "")

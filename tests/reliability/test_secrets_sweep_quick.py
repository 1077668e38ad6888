"""The secrets sweep, whole, in-process (each command as a fresh process would run it: CLI state
reset, redactor emptied): `psn --json demo` with sentinel tokens, typed secrets, forced errors
echoing tokens, the programs psn starts. Then every byte psn wrote or printed is scanned.
Target: 0 occurrences; every file 0600, every folder 0700. The soak (tests/soak/
test_secrets_sweep.py) runs both demos and every command as a real subprocess."""

from __future__ import annotations

from reliability.secrets_scenarios import run_everything
from reliability.secrets_sweep import MARKER, demo_secrets, sweep


def test_no_secret_anywhere_after_the_demo_and_forced_errors(tmp_path):
    homes, evidence = run_everything(tmp_path, subprocesses=False, both_demos=False)
    report = sweep(homes, evidence, [MARKER, *demo_secrets()])
    print(report.summary())
    assert report.outputs > 100 and report.files > 20  # the sweep really looked
    assert report.leaks == []
    assert report.modes == []

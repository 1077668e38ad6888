"""Human output is whole when piped and reads as words: no 80-column cut, no Python lists, dicts, exception
class names or pydantic prefixes. --json keeps its field names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PSN = str(Path(sys.executable).with_name("psn"))
LONG_URL = "http://127.0.0.1:8765/v1/" + "/".join(f"segment-{n}" for n in range(12))
REPRS = re.compile(r"\{'|\['|'\]|=\[|Value error|\((\w+Error|\w+Exception|\w+Timeout)\)|\bNone\b")


def piped(*args: str) -> subprocess.CompletedProcess:
    """psn with stdout and stderr going to a pipe, in a shell that has not exported COLUMNS (the usual case)."""
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    return subprocess.run([PSN, *args], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_piped_config_show_keeps_long_values_whole():
    assert piped("config", "set", "llm.base_url", LONG_URL).returncode == 0
    out = piped("config", "show").stdout
    lines = [line for line in out.splitlines() if "llm.base_url" in line]  # `psn config show | grep llm.base_url`
    assert len(lines) == 1 and LONG_URL in lines[0], lines
    assert "…" not in out


def test_piped_errors_keep_their_hint_on_one_line():
    done = piped("analytics", "bogus")
    assert done.returncode == 2
    hint = [line for line in done.stderr.splitlines() if line.startswith("→")]
    assert len(hint) == 1 and hint[0].endswith("record, report."), done.stderr


def test_human_outputs_have_no_python_reprs(cli):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Ship small, ship often", "--yes").exit_code == 0
    recorded = cli("--sandbox", "analytics", "record", "1", "--clicks", "12", "--conversions", "1")
    assert recorded.stdout.strip() == "Recorded 12 clicks and 1 conversion for #1."
    seen = {}
    for command in (["events"], ["doctor"], ["notify", "test"], ["notify", "history"], ["post", "status", "1"],
                    ["post", "list"], ["analytics", "channels"], ["analytics", "summary"], ["accounts", "list"],
                    ["learn", "status"], ["engage", "stats"], ["daemon", "status"], ["campaigns", "list"],
                    ["engage", "config", "show"], ["config", "show"]):
        result = cli("--sandbox", *command)
        seen[" ".join(command)] = result.stdout + result.stderr
    found = {name: REPRS.findall(text) for name, text in seen.items() if REPRS.search(text)}
    assert found == {}
    assert "Average score" in seen["analytics channels"] and "average_score" not in seen["analytics channels"]
    assert "channels log, desktop" in seen["doctor"]
    assert "platform: x" in seen["events"]
    assert "started at:" in seen["post status 1"]


def test_json_keeps_field_names(cli):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Ship small", "--yes").exit_code == 0
    rows = cli("--sandbox", "--json", "analytics", "channels").json()["data"]
    assert "average_score" in rows[0]


def test_validation_messages_drop_pydantics_prefix(cli):
    result = cli("config", "set", "general.timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "Invalid value for general.timezone: unknown timezone 'Mars/Olympus'" in result.stderr
    assert "Value error" not in result.stderr


def test_network_failures_are_named_in_words():
    import httpx

    from psn.core.failures import in_words

    assert in_words(httpx.ConnectError("boom")) == "could not connect"
    assert in_words(httpx.ReadTimeout("slow")) == "no answer in time"
    assert in_words(PermissionError()) == "permission denied"
    assert "Error" not in in_words(RuntimeError("x"))

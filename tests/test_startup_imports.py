"""`psn --help` stays fast: importing the CLI must not pull in the heavy libraries."""

import subprocess
import sys

HEAVY = [
    "sqlalchemy", "sqlmodel", "httpx", "prompt_toolkit", "questionary",
    "keyring", "jinja2", "apscheduler", "rich.console",
]


def test_import_cli_loads_no_heavy_modules():
    code = (
        "import sys, psn.cli; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

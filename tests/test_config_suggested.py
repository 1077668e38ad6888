"""Every `psn config set` that psn suggests (in a hint, an error, a setup text or docs/) runs as a
person would type it, in a fresh home, and is stored as the value they meant.

The table is checked against the sources: a new suggestion without a row here fails
`test_every_suggestion_has_a_row`, so a hint can never again name a command that exits 2
(`facebook.page_id 1029384757` did: the digits became a number the text setting refused)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUGGESTION = re.compile(r"psn config set ([a-z_]+\.[a-z_]+)")
# Suggestions written as a pattern, not a command (the key itself is filled in at run time).
PATTERNS = {"psn/core/config.py", "psn/platforms/wordpress/discovery.py"}

# What a person types (placeholders such as ID or PATH filled with a real value) → what is stored.
TYPED = [
    ("psn config set facebook.page_id 1029384757", "1029384757"),
    ("psn config set facebook.graph_version v26.0", "v26.0"),
    ("psn config set instagram.login facebook", "facebook"),
    ("psn config set instagram.login instagram", "instagram"),
    ("psn config set instagram.redirect_uri https://psn.example.com/callback", "https://psn.example.com/callback"),
    ("psn config set instagram.media_host_command 'rclone copyto {path} r2:media/{hash}{ext} && echo "
     "https://media.example.com/{hash}{ext}'",
     "rclone copyto {path} r2:media/{hash}{ext} && echo https://media.example.com/{hash}{ext}"),
    ("psn config set llm.provider offline", "offline"),
    ("psn config set notify.channels '[\"log\", \"desktop\"]'", ["log", "desktop"]),
    ("psn config set generation.posting_times '[\"09:00\", \"17:30\"]'", ["09:00", "17:30"]),
    ("psn config set tiktok.audited true", True),
    ("psn config set blog.body_template TEMPLATE", "TEMPLATE"),
    ("psn config set linkedin.version 202610", "202610"),
    ("psn config set linkedin.analytics_enabled true", True),
    ("psn config set linkedin.analytics_enabled false", False),
    ("psn config set wordpress.allow_http true", True),
    ("psn config set wordpress.create_missing_terms true", True),
    ("psn config set whatsapp.notify_to +447700900123", "+447700900123"),
    ("psn config set whatsapp.graph_version v26.0", "v26.0"),
    ("psn config set daemon.schedules '[\"digest = daily 19:30\", \"prune = off\"]'",
     ["digest = daily 19:30", "prune = off"]),
    ("psn config set analytics.weights '{view = 1, like = 2, comment = 4, share = 8}'",
     {"view": 1.0, "like": 2.0, "share": 8.0, "comment": 4.0, "click": 0.0, "save": 0.0, "reply": 0.0,
      "conversion": 0.0}),
]


@pytest.mark.parametrize(("typed", "stored"), TYPED, ids=[shlex.split(t)[3] + ":" + shlex.split(t)[4][:12]
                                                          for t, _ in TYPED])
def test_suggested_command_works_as_typed(cli, tmp_path, typed, stored):
    template = tmp_path / "yours.j2"
    template.write_text('{"text": {{ text|tojson }}}\n')
    argv = [str(template) if word == "TEMPLATE" else word for word in shlex.split(typed)[1:]]
    result = cli(*argv)
    assert result.exit_code == 0, result.stdout + result.stderr
    key = argv[2]
    shown = cli("--json", "config", "get", key)  # a fresh process would read the file back the same way
    assert shown.exit_code == 0, shown.stdout + shown.stderr
    want = str(template) if stored == "TEMPLATE" else stored
    assert shown.json()["data"] == {"key": key, "value": want, "source": "file"}
    assert cli("config", "show").exit_code == 0  # the file psn wrote loads again as a whole


def test_every_suggestion_has_a_row():
    covered = {shlex.split(t)[3] for t, _ in TYPED}
    suggested: dict[str, str] = {}
    for path in [*ROOT.joinpath("psn").rglob("*.py"), *ROOT.joinpath("docs").rglob("*.md"),
                 *ROOT.joinpath("psn").rglob("*.j2")]:
        relative = str(path.relative_to(ROOT))
        if relative in PATTERNS:
            continue
        for key in SUGGESTION.findall(path.read_text(encoding="utf-8")):
            suggested.setdefault(key, relative)
    missing = {key: where for key, where in suggested.items() if key not in covered}
    assert not missing, f"suggested but never run as typed: {missing}"
    assert len(suggested) >= 15  # the scan really reads the sources

"""`--csv FILE` on every analytics command writes the header row even when there are no rows, so
a spreadsheet or script opening the file finds the columns it expects."""

from __future__ import annotations

import csv

import pytest

from psn.core.sections.analytics import KINDS

LEADERBOARD = ["rank", "content_id", "platform", "format", "campaign", "text", "url", "score", *KINDS]


@pytest.mark.parametrize(("args", "header"), [
    (["analytics"], ["channel", "score", *KINDS]),
    (["analytics", "summary", "--by", "campaign"], ["campaign", "score", *KINDS]),
    (["analytics", "leaderboard"], LEADERBOARD),
    (["analytics", "channels"], ["platform", "content", "average_score", "best_prompt_version",
                                 "worst_prompt_version", "improvement_rate"]),
    (["analytics", "followers"], ["platform", "at", "followers"]),
])
def test_no_rows_still_writes_the_header(cli, tmp_path, args, header):
    path = tmp_path / "out.csv"
    result = cli("--sandbox", "--json", *args, "--csv", str(path))
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(path.open())) == [header]


def test_a_post_without_snapshots_exports_the_snapshot_header(cli, tmp_path):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Fresh out of the kiln", "--yes").exit_code == 0
    path = tmp_path / "show.csv"
    assert cli("--sandbox", "analytics", "show", "1", "--csv", str(path)).exit_code == 0
    assert list(csv.reader(path.open())) == [["taken_at", "views", "likes", "shares", "comments", "clicks", "saves",
                                              "conversions"]]


def test_rows_come_under_the_same_header(cli, tmp_path):
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Glaze day", "--yes").exit_code == 0
    assert cli("--sandbox", "analytics", "record", "1", "--likes", "4").exit_code == 0
    path = tmp_path / "board.csv"
    assert cli("--sandbox", "analytics", "leaderboard", "--csv", str(path)).exit_code == 0
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0]) == LEADERBOARD and rows[0]["text"] == "Glaze day" and rows[0]["like"] == "4"

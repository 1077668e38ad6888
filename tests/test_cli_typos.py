"""The first-word rule of `psn post` / `psn engage` / `psn analytics` (psn/cli/defaultgroup.py): a lone word
one slip from a subcommand is a typo; any other word or a sentence is the default command's argument."""

from __future__ import annotations

import pytest

from psn.cli.typos import edit_distance, near

POST_COMMANDS = ["create", "finish", "show", "edit", "list", "status", "retry", "cancel"]


@pytest.mark.parametrize(("word", "meant"), [
    ("lsit", "list"), ("lst", "list"), ("LIST", "list"), ("shwo", "show"), ("stauts", "status"), ("cancle", "cancel"),
    ("retyr", "retry"), ("edti", "edit"), ("finsh", "finish"),
    ("listen", None), ("python", None), ("launch", None), ("hello", None), ("shows", "show"),
])
def test_a_lone_word_is_a_typo_only_when_one_slip_from_a_command(word, meant):
    assert near(word, POST_COMMANDS) == meant


def test_a_swapped_pair_of_letters_is_one_edit():
    assert edit_distance("lsit", "list") == 1
    assert edit_distance("leaderbord", "leaderboard") == 1
    assert edit_distance("listen", "list") == 2


def test_typo_is_refused_before_anything_runs(cli):
    result = cli("post", "lsit", "-p", "x", "--yes")
    assert result.exit_code == 2
    assert "Unknown command 'lsit'. Did you mean 'list'?" in result.stderr
    assert "`psn post -- lsit`" in result.stderr


def test_ideas_still_reach_the_idea_flow(cli):
    """A word not close to a command, a sentence, or a word after -- is an idea: drafted (dry run)."""
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "setup", "voice", "--archetype", "educator", "--pillar", "testing").exit_code == 0
    for argv in (["python", "-p", "x", "--dry-run"], ["launch day notes", "-p", "x", "--dry-run"],
                 ["-p", "x", "--dry-run", "--", "lsit"]):
        result = cli("--sandbox", "--json", "post", *argv)
        assert result.exit_code == 0, (argv, result.stdout, result.stderr)
        assert result.json()["data"], argv
    assert cli("--sandbox", "--json", "post", "list").json()["data"] == []  # dry runs store nothing
    assert "Unknown command" not in cli("--sandbox", "post", "--", "lsit").stderr  # -- first: the word is an idea


def test_json_error_envelope_carries_the_suggestion_and_the_fix(cli):
    error = cli("--json", "post", "lsit").json()["error"]
    assert error == {"kind": "usage", "code": 2, "message": "Unknown command 'lsit'. Did you mean 'list'?",
                     "hint": "To use the word itself, put -- before it: `psn post -- lsit`."}


def test_a_group_whose_default_takes_no_word_refuses_any_unknown_word(cli):
    result = cli("analytics", "bogus")
    assert result.exit_code == 2
    assert "Unknown command 'bogus'." in result.stderr and "leaderboard" in result.stderr
    assert cli("--sandbox", "analytics").exit_code == 0  # alone, it still shows the summary


def test_ordinary_groups_suggest(cli):
    result = cli("accounts", "lsit")
    assert result.exit_code == 2 and "Did you mean 'list'?" in result.stderr

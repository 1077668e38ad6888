"""Shell completion through the real `psn`, the way the script `psn --show-completion bash|zsh` installs it
calls psn: nested commands, platform names for every --platform, and ids from a seeded home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PSN = str(Path(sys.executable).with_name("psn"))
LINKEDIN_POST = "https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000001/"
PLATFORMS = ["blog", "facebook", "instagram", "linkedin", "tiktok", "whatsapp", "wordpress", "x"]


def bash_complete(line: str, **env: str) -> list[str]:
    """What bash offers for `line` (the word being completed is its last word, or a new one after a space)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    done = subprocess.run([PSN], env={**os.environ, **env, "_PSN_COMPLETE": "complete_bash",
                                      "COMP_WORDS": line, "COMP_CWORD": str(cword)},
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr == ""
    return done.stdout.split()


def zsh_complete(line: str, **env: str) -> str:
    done = subprocess.run([PSN], env={**os.environ, **env, "_PSN_COMPLETE": "complete_zsh",
                                      "_TYPER_COMPLETE_ARGS": line},
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_nested_commands_complete():
    assert bash_complete("psn analytics le") == ["leaderboard"]
    assert bash_complete("psn engage config s") == ["show", "set"]
    assert bash_complete("psn ana") == ["analytics"]


def test_default_groups_complete_their_commands_not_the_default_command():
    """`psn post sh<Tab>` is a subcommand; the default command (create) must not swallow the word."""
    assert bash_complete("psn post sh") == ["show"]
    assert "list" in bash_complete("psn post ")


def test_every_platform_option_completes_platform_names_not_files():
    assert bash_complete("psn post -p ") == PLATFORMS
    assert bash_complete("psn post --platform li") == ["linkedin"]
    assert bash_complete("psn analytics leaderboard --platform ") == PLATFORMS
    assert bash_complete("psn engage -p t") == ["tiktok"]
    assert bash_complete("psn setup engage -p w") == ["whatsapp", "wordpress"]


def test_post_opportunity_and_idea_ids_come_from_this_home(cli):
    assert bash_complete("psn post show ", PSN_SANDBOX="1") == []  # nothing stored yet, and nothing created
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", "-p", "x", "-t", "Ship small, ship often", "--yes").exit_code == 0
    assert cli("--sandbox", "engage", "add", LINKEDIN_POST, "-t", "What do you think about testing?",
               "--author", "ana").exit_code == 0
    assert cli("--sandbox", "ideas", "add", "Release notes people read").exit_code == 0
    post_id = str(cli("--sandbox", "--json", "post", "list").json()["data"][0]["id"])
    idea_id = str(cli("--sandbox", "--json", "ideas", "list").json()["data"][0]["id"])
    opportunity_id = str(cli("--sandbox", "--json", "engage", "list").json()["data"][0]["id"])

    for command in ("show", "status", "retry", "cancel", "edit"):
        assert bash_complete(f"psn --sandbox post {command} ") == [post_id], command
    assert bash_complete("psn post show ", PSN_SANDBOX="1") == [post_id]
    assert bash_complete("psn engage reply ", PSN_SANDBOX="1") == [opportunity_id]
    assert bash_complete("psn engage explain ", PSN_SANDBOX="1") == [opportunity_id]
    assert bash_complete("psn ideas show ", PSN_SANDBOX="1") == [idea_id]
    assert bash_complete("psn post --idea ", PSN_SANDBOX="1") == [idea_id]
    described = zsh_complete("psn post status ", PSN_SANDBOX="1")
    assert f'"{post_id}":"x published\\\\: Ship small, ship often"' in described  # zsh shows what the id is

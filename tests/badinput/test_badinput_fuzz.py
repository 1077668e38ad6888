"""Whatever a user types, psn answers with a message and an exit code, never a crash: random
arguments (each command's own options mixed with random text, numbers and files) for every command
that finishes on its own, against the connected sandbox home.

`make test` runs a tenth of the hypothesis profile's examples (each one is a whole psn run);
`make fuzz` a tenth of 3,000."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_badinput_coverage import leaf_commands, tree

LONG_RUNNING = ("daemon", "webhooks serve", "sandbox serve", "demo", "events", "notify test", "engage session",
                "engage monitor")
"""Commands that serve, wait, spawn a daemon or notify the desktop: not for a random walk."""

FILES = ("a.png", "a.jpg", "a.mp4", "a.gif", "notes.txt", "empty.png", "folder.png", "huge.png", "huge.mp4",
         "binary.md", "contacts.csv", "profile.json", "missing.png")
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/~\x00"), max_size=40)
NUMBERS = st.integers(min_value=-(10**12), max_value=10**12).map(str)


@cache
def commands() -> list[str]:
    return sorted(c for c in leaf_commands() if not c.startswith(LONG_RUNNING))


def options_of(command: str) -> list[str]:
    node = tree()
    for name in command.split():
        node = node.commands[name]
    return [opt for param in node.params for opt in getattr(param, "opts", []) if opt.startswith("-")]


@st.composite
def argv(draw) -> list[str]:  # type: ignore[no-untyped-def]
    command = draw(st.sampled_from(commands()))
    pieces = st.one_of(st.sampled_from(options_of(command) or ["--help"]), WORDS, NUMBERS,
                       st.sampled_from(FILES).map(lambda f: f"<{f}>"))
    return [*command.split(), *draw(st.lists(pieces, max_size=5))]


@settings(max_examples=max(10, settings().max_examples // 10), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=argv())
def test_random_arguments_never_crash_psn(home, tmp_path, monkeypatch, args):
    from badinput_matrix import FILE_ARG

    monkeypatch.chdir(tmp_path)  # files a command is told to write land here
    resolved = [str(home.files / m.group(1)) if (m := FILE_ARG.match(a)) else a for a in args]
    outcome = home.run("--sandbox", *resolved)
    text = outcome.stdout + outcome.stderr
    assert outcome.code != 1 and "Traceback" not in text and "Unexpected error" not in text, (args, outcome)
    home.clean = False  # a random command may well change the home: the next test gets a fresh copy


def test_the_walk_knows_each_commands_options():
    assert "post create" in commands() and not [c for c in commands() if c.startswith(LONG_RUNNING)]
    assert {"--media", "--at", "--platform"} <= set(options_of("post create"))

"""`psn post` as a person lives it, on a real terminal against the sandbox: write for three
platforms, edit in $EDITOR, regenerate, change a format, approve one platform while another goes
back to editing, publish; schedule with words ("tomorrow 9am") and read the time back, labelled;
Ctrl-C at every prompt keeps the work; `--yes` never publishes text nobody saw; `-t -` reads a pipe.

The clock is pinned (PSN_NOW) to Friday 11 December 2026, 10:00 in Paris, the creator's timezone.
The accounts, the voice profile and the timezone are set up once through the CLI and the home is
copied for each test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.journeys.terminal import Terminal, journey_env, psn_executable

NOW = "2026-12-11T09:00:00Z"
IDEA = "Wedging clay for two minutes saves a cracked pot"
EDIT = "Edited by hand: wedge it twice."
APPEND_EDITOR = f"#!/bin/sh\nprintf '\\n\\n{EDIT}' >> \"$1\"\n"
MENU = "What next? (Use arrow keys)"
SETUP = (
    ["setup", "x"], ["setup", "linkedin"], ["setup", "instagram"],
    ["setup", "voice", "--archetype", "educator", "--pillar", "pottery", "--name", "Ada, potter"],
    ["config", "set", "general.timezone", "Europe/Paris"],
    ["config", "set", "instagram.media_host_command", "echo https://cdn.example.com/{hash}{ext}"],  # as the demo
)


@pytest.fixture(scope="session")
def post_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with X, LinkedIn and Instagram connected (sandbox), a voice and a timezone."""
    home = tmp_path_factory.mktemp("post-template") / "psn-home"
    for args in SETUP:
        result = run(home, *args)
        assert result.returncode == 0, (args, result.stderr)
    return home


@pytest.fixture
def home(tmp_path: Path, post_template: Path) -> Path:
    """Overrides the journeys' fresh home: a copy of the set-up one."""
    target = tmp_path / "psn-home"
    shutil.copytree(post_template, target)
    return target


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    editor = tmp_path / "editor.sh"
    editor.write_text(APPEND_EDITOR)
    editor.chmod(0o755)
    return {"PSN_SANDBOX": "1", "PSN_NOW": NOW, "EDITOR": str(editor)}


def run(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real psn without a terminal (as cron or a pipe runs it)."""
    extra = {"PSN_SANDBOX": "1", "PSN_NOW": NOW}
    return subprocess.run([psn_executable(), *args], env=journey_env(home, extra), capture_output=True, text=True,
                          input=stdin if stdin is not None else "", timeout=60)


def data(home: Path, *args: str):  # type: ignore[no-untyped-def]
    result = run(home, "--json", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["data"]


def published_requests(home: Path) -> list[str]:
    """What reached the emulators to publish (sign-in traffic left out)."""
    recent = data(home, "sandbox", "status")["recent_requests"]
    return [line for line in recent if " POST " in line and not any(
        setup in line for setup in ("oauth", "token", "subscribed_apps"))]  # connecting, not publishing


def choose(term: Terminal, question: str, label: str, timeout: float = 20.0) -> int:
    """Move the pointer of the `question` menu to `label` with the arrow keys, then Enter; returns
    where in the history what follows the answer starts."""
    deadline = time.monotonic() + timeout
    while True:
        screen = term.text()
        if f"? {question} (Use arrow keys)" in screen and "» " in screen:
            break
        assert time.monotonic() < deadline, f"no {question!r} menu:\n{screen}"
        term.settle(0.1, timeout=1)
    options, current = menu(screen, question)
    assert label in options, (label, options)
    steps = options.index(label) - current
    term.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
    term.wait_for(f"» {label}")
    term.press("enter")
    term.wait_for(f"? {question} {label}")
    return len(term.history())


def menu(screen: str, question: str) -> tuple[list[str], int]:
    """The options of the last `question` menu on the screen, and which one the pointer is on."""
    lines = screen.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith(f"? {question}"))
    items = [line for line in lines[start + 1:] if line.startswith((" » ", "   "))]
    return [line[3:] for line in items], next(i for i, line in enumerate(items) if line.startswith(" » "))


def since(term: Terminal, mark: int, needle: str, timeout: float = 20.0) -> str:
    """Wait for `needle` in what psn wrote after `mark` (it may have scrolled off the screen)."""
    deadline = time.monotonic() + timeout
    while needle not in term.history()[mark:]:
        assert time.monotonic() < deadline, f"{needle!r} never written:\n{term.history()[mark:]}"
        term.settle(0.1, timeout=1)
    return term.history()[mark:]


def panel(text: str, title: str) -> str:
    """The body of the last panel titled `title` in `text`."""
    start = text.rindex(f"╭─ {title}")
    body = text[start:text.index("╰", start)]
    return "\n".join(line.strip("│ ") for line in body.splitlines()[1:])


def test_three_platforms_edit_regenerate_reformat_approve_one_then_all_and_publish(terminal, home, env, tmp_path):
    from psn.platforms.instagram.probe import make_jpeg

    image = tmp_path / "pot.jpg"
    image.write_bytes(make_jpeg(1080, 1080))
    term = terminal("post", IDEA, "-p", "x", "-p", "linkedin", "-p", "instagram", "--media", str(image), env=env)
    first = term.wait_for("Approve instagram")
    assert "Approve all" in first and "Approve x" in first and "Approve linkedin" in first

    mark = choose(term, "What next?", "Edit x")
    since(term, mark, EDIT)
    assert EDIT in panel(since(term, mark, MENU), "X")

    before = panel(term.history(), "LinkedIn")
    mark = choose(term, "What next?", "Regenerate linkedin")
    assert panel(since(term, mark, MENU), "LinkedIn") != before

    choose(term, "What next?", "Change format of instagram")
    mark = choose(term, "Format for instagram:", "story")
    since(term, mark, "Instagram · story")

    mark = choose(term, "What next?", "Approve x")  # x is done; LinkedIn goes back to the editor
    since(term, mark, "X · single · offline composer · ✓ approved")  # waits for it: MENU may be an old redraw
    options = menu(term.wait_for("Reopen x"), "What next?")[0]
    assert "Approve x" not in options and "Edit x" not in options and "Approve linkedin" in options
    mark = choose(term, "What next?", "Edit linkedin")
    assert EDIT in panel(since(term, mark, MENU), "LinkedIn")
    choose(term, "What next?", "Approve all")
    choose(term, "When?", "Publish now")
    assert term.wait_exit() == 0, term.history()[-1500:]
    done = term.history()
    assert "✓ x:" in done and "✓ linkedin:" in done and "✓ instagram:" in done

    posts = {row["platform"]: row for row in data(home, "post", "list")}
    assert {row["status"] for row in posts.values()} == {"published"}
    assert posts["x"]["text"].endswith(EDIT) and posts["linkedin"]["text"].endswith(EDIT)
    assert posts["instagram"]["format"] == "story" and EDIT not in posts["instagram"]["text"]
    assert len(published_requests(home)) >= 3


def test_schedule_tomorrow_9am_is_shown_and_listed_in_the_creators_time(terminal, home, env):
    term = terminal("post", IDEA, "-p", "x", "--at", "tomorrow 9am", env=env)
    choose(term, "What next?", "Approve")
    screen = term.wait_for("daemon install")
    assert "x: scheduled for Sat 12 Dec 2026 09:00 CET" in screen
    assert "No psn daemon is running" in screen and "psn --sandbox daemon start" in screen
    assert term.wait_exit() == 0

    listing = terminal("post", "list", env=env)
    assert listing.wait_exit() == 0
    assert "2026-12-12 09:00 CET" in listing.text() and "scheduled" in listing.text()
    [row] = data(home, "post", "list")
    assert datetime.fromisoformat(row["scheduled_at"]) == datetime(2026, 12, 12, 8, 0, tzinfo=UTC)  # stored in UTC
    assert published_requests(home) == []


def test_at_refuses_past_and_unreadable_times_with_examples(terminal, env):
    term = terminal("post", IDEA, "-p", "x", "--at", "today 9am", env=env)
    assert term.wait_exit() == 2
    screen = " ".join(term.text().split())
    assert "is in the past" in screen and "Fri 2026-12-11 10:00 CET" in screen and "tomorrow 9am" in screen
    term = terminal("post", IDEA, "-p", "x", "--at", "someday", env=env)
    assert term.wait_exit() == 2
    assert "Cannot read the time 'someday'" in term.text() and "in 2h" in term.text()


def _edit_x(term: Terminal) -> None:
    mark = choose(term, "What next?", "Edit x")
    since(term, mark, MENU)
    term.wait_for("Cancel (nothing is saved or sent)")


def _at_review(term: Terminal) -> None:
    _edit_x(term)


def _at_format(term: Terminal) -> None:
    _edit_x(term)
    choose(term, "What next?", "Change format of x")
    term.wait_for("Format for x:")


def _at_when(term: Terminal) -> None:
    _edit_x(term)
    choose(term, "What next?", "Approve")
    term.wait_for("When?")


def _at_typed_time(term: Terminal) -> None:
    _at_when(term)
    choose(term, "When?", "At a time I type…")
    term.wait_for("When (Europe/Paris)?")
    term.type("tomorr")


@pytest.mark.parametrize("reach", [_at_review, _at_format, _at_when, _at_typed_time],
                         ids=["review", "format", "when", "typed-time"])
def test_ctrl_c_at_any_prompt_keeps_the_edited_draft(terminal, home, env, reach):
    term = terminal("post", IDEA, "-p", "x", env=env)
    reach(term)
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    screen = " ".join(term.text().split())
    assert "saved as draft #1 (x) — psn post edit 1" in screen
    shown = data(home, "post", "show", "1")
    assert shown["status"] == "draft" and shown["text"].endswith(EDIT) and shown["generated"]["idea"] == IDEA
    assert published_requests(home) == []


def test_an_interrupted_draft_resumes_with_post_edit_and_publishes_once_approved(terminal, home, env):
    term = terminal("post", IDEA, "-p", "x", env=env)
    _edit_x(term)
    term.press("ctrl-c")
    assert term.wait_exit() == 130

    resumed = terminal("post", "edit", "1", env=env)  # $EDITOR opens on the kept text and adds to it
    assert resumed.wait_exit() == 0
    assert "Post 1 updated (draft)" in resumed.text() and "psn post approve 1" in resumed.text()
    assert data(home, "post", "show", "1")["text"].count(EDIT) == 2

    approve = terminal("post", "approve", "1", env=env)
    approve.wait_for("Publish exactly this?")
    assert EDIT in approve.text()
    approve.answer("y")
    assert approve.wait_exit() == 0 and "Post 1 published" in approve.text()
    assert len(published_requests(home)) == 1


def test_ctrl_c_after_typing_an_idea_keeps_it_in_the_idea_bank(terminal, home, env):
    term = terminal("post", env=env)
    choose(term, "What do you want to post about?", "Something else…")
    term.wait_for("Your idea")
    term.answer("Trimming leather-hard pots by feel")
    term.wait_for("Where should it go?")
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    assert "your idea is saved as idea #1" in term.text() and "psn post --idea 1" in term.text()
    assert data(home, "ideas", "show", "1")["text"] == "Trimming leather-hard pots by feel"


def test_yes_never_publishes_text_psn_wrote_that_nobody_saw(home):
    result = run(home, "post", IDEA, "-p", "x", "-p", "linkedin", "--yes")
    assert result.returncode == 7, result.stderr
    assert IDEA in result.stdout  # the exact text, printed for whoever reads this output
    message = " ".join(result.stderr.split())
    assert "Not published" in message and "psn post approve 1" in message and "psn post approve 2" in message
    assert published_requests(home) == []
    assert {row["status"] for row in data(home, "post", "list")} == {"draft"}

    shown = data(home, "post", "show", "1")["text"]
    assert run(home, "post", "approve", "1", "--yes").returncode == 0  # the creator read it, and approves it
    [sent] = published_requests(home)
    assert "/2/tweets" in sent and data(home, "post", "status", "1")["text"] == shown


def test_yes_on_a_terminal_shows_the_text_and_asks(terminal, home, env):
    term = terminal("post", IDEA, "-p", "x", "--yes", env=env)
    screen = term.wait_for("What next?")
    assert "--yes cannot approve it unseen" in term.history() and IDEA in screen
    choose(term, "What next?", "Cancel (nothing is saved or sent)")
    assert term.wait_exit() == 0
    assert published_requests(home) == [] and data(home, "post", "list") == []


def test_text_dash_reads_the_post_from_a_pipe(terminal, home, env):
    result = run(home, "post", "-p", "x", "-t", "-", "--yes", stdin="Glaze day: three tests, one keeper.\n")
    assert result.returncode == 0, result.stderr
    [row] = data(home, "post", "list")
    assert row["text"] == "Glaze day: three tests, one keeper." and row["status"] == "published"

    empty = run(home, "post", "-p", "x", "-t", "-", "--yes", stdin="  \n")
    assert empty.returncode == 2 and "read nothing" in empty.stderr
    term = terminal("post", "-p", "x", "-t", "-", "--yes", env=env)  # stdin is the terminal: nothing to read
    assert term.wait_exit() == 2 and "stdin is your terminal" in term.text()
    assert len(published_requests(home)) == 1


def test_ctrl_c_in_the_editor_belongs_to_the_editor_and_the_draft_survives(terminal, home, env, tmp_path):
    slow = tmp_path / "slow-editor.sh"
    slow.write_text("#!/bin/sh\necho 'editing…'\nsleep 30\n")
    slow.chmod(0o755)
    term = terminal("post", IDEA, "-p", "x", env={**env, "EDITOR": str(slow)})
    mark = choose(term, "What next?", "Edit x")
    term.wait_for("editing…")
    term.press("ctrl-c")  # stops the editor, not psn: the draft is back on the screen as it was
    after = since(term, mark, MENU)
    assert "exited with an error; nothing was changed" in " ".join(after.split()) and IDEA in panel(after, "X")
    term.wait_for("Cancel (nothing is saved or sent)")
    choose(term, "What next?", "Cancel (nothing is saved or sent)")
    assert term.wait_exit() == 0

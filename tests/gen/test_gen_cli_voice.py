"""`psn setup voice` and `psn voice …` through the real CLI."""

import io
import json

import pytest

from psn.cli import prompts

ARCHETYPE = ("setup", "voice", "--archetype", "educator", "--pillar", "python testing", "--pillar", "dev tools")
IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
        "Reset globals in a fixture. Never depend on test order.")
POSTS = "\n\n".join([
    "Shipped the new test runner today! #python #testing",
    "Why do flaky tests happen? Usually shared state. #testing",
    "Test runner tip: isolate the temp directory for each test #python",
    "Shared state is the enemy of a stable test runner. #testing",
])


def versions(cli):
    return [row["version"] for row in cli("--json", "voice", "history").json()["data"]]


def test_setup_voice_from_archetype(cli):
    result = cli("--json", *ARCHETYPE, "--name", "Ada")
    assert result.exit_code == 0, result.stdout
    data = result.json()["data"]
    assert data["saved"] and data["source"] == "archetype"
    assert data["profile"]["pillars"] == ["python testing", "dev tools"] and data["profile"]["name"] == "Ada"
    shown = cli("voice", "show", "--json").json()["data"]
    assert shown["profile"]["archetype"] == "educator" and shown["calibration"]["edits"] == 0


def test_setup_voice_refuses_bad_flags_and_stores_nothing(cli):
    assert cli("setup", "voice", "--archetype", "educator").exit_code == 2  # no pillar
    wizard = cli("--json", "setup", "voice", "--archetype", "wizard", "--pillar", "x")
    assert wizard.exit_code == 2 and "educator" in wizard.json()["error"]["hint"]
    assert cli("setup", "voice", "--archetype", "educator", "--from-file", "x.txt").exit_code == 2
    no_tty = cli("--json", "setup", "voice")
    assert no_tty.exit_code == 2 and "--archetype" in no_tty.json()["error"]["hint"]
    assert versions(cli) == []


def test_setup_voice_from_file_and_stdin(cli, tmp_path, monkeypatch):
    posts = tmp_path / "posts.txt"
    posts.write_text(POSTS)
    result = cli("--json", "setup", "voice", "--from-file", str(posts), "--platform", "x")
    data = result.json()["data"]
    assert result.exit_code == 0 and data["source"] == "import"
    assert data["analysis"]["posts"] == 4 and "test runner" in data["profile"]["pillars"]
    assert list(data["profile"]["personas"]) == ["x"]
    monkeypatch.setattr("sys.stdin", io.StringIO(POSTS))
    piped = cli("--json", "setup", "voice", "--from-file", "-", "--pillar", "testing")
    assert piped.json()["data"]["profile"]["pillars"] == ["testing"]
    assert len(versions(cli)) == 2
    assert cli("setup", "voice", "--from-file", str(tmp_path / "none.txt")).exit_code == 2


def test_voice_commands_need_a_profile(cli):
    result = cli("--json", "voice", "show")
    assert result.exit_code == 3
    assert "psn setup voice" in result.json()["error"]["hint"]


def test_voice_edit_with_set(cli):
    cli(*ARCHETYPE)
    result = cli("--json", "voice", "edit", "--set", "tone.humor=8", "--set", 'avoid_words=["synergy"]',
                 "--set", "personas.x.emoji=none", "--set", "name=Ada Lovelace")
    assert result.exit_code == 0 and result.json()["data"]["changed"]
    profile = cli("--json", "voice", "show").json()["data"]["profile"]
    assert profile["tone"]["humor"] == 8 and profile["avoid_words"] == ["synergy"]
    assert profile["personas"]["x"]["emoji"] == "none" and profile["name"] == "Ada Lovelace"
    assert len(versions(cli)) == 2


@pytest.mark.parametrize("assignment", ["tone.humor=11", "pilars=[]", "personas.myspace={}", "nonsense", "=3"])
def test_voice_edit_bad_values_store_nothing(cli, assignment):
    cli(*ARCHETYPE)
    result = cli("--json", "voice", "edit", "--set", assignment)
    assert result.exit_code == 2, result.stdout
    assert len(versions(cli)) == 1


def test_voice_edit_in_the_editor(cli, monkeypatch):
    cli(*ARCHETYPE)
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    seen = {}

    def fake_editor(text, suffix=".txt"):
        seen["text"], seen["suffix"] = text, suffix
        data = json.loads(text)
        data["pillars"] = ["edited pillar"]
        return json.dumps(data)

    monkeypatch.setattr(prompts, "edit_text", fake_editor)
    assert cli("voice", "edit").exit_code == 0
    assert seen["suffix"] == ".json" and '"python testing"' in seen["text"]
    assert cli("--json", "voice", "show").json()["data"]["profile"]["pillars"] == ["edited pillar"]
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": "{broken")
    assert cli("voice", "edit").exit_code == 2
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": text)
    assert cli("--json", "voice", "edit").json()["data"] == {"changed": False}
    assert len(versions(cli)) == 2


def test_voice_edit_without_terminal_names_the_flags(cli):
    cli(*ARCHETYPE)
    result = cli("--json", "voice", "edit")
    assert result.exit_code == 2 and "--set" in result.json()["error"]["hint"]


def test_export_and_import_round_trip(cli, tmp_path):
    cli(*ARCHETYPE)
    printed = cli("voice", "export")
    assert json.loads(printed.stdout)["pillars"] == ["python testing", "dev tools"]
    target = tmp_path / "voice.json"
    assert cli("voice", "export", "--output", str(target)).exit_code == 0
    data = json.loads(target.read_text())
    data["reply_style"] = "witty"
    target.write_text(json.dumps(data))
    assert cli("voice", "edit", "--from-file", str(target)).exit_code == 0
    assert cli("--json", "voice", "show").json()["data"]["profile"]["reply_style"] == "witty"


def test_preview_writes_drafts_for_several_platforms_and_saves_none(cli):
    cli(*ARCHETYPE)
    result = cli("--json", "voice", "preview", IDEA, "-p", "x", "-p", "linkedin", "-p", "instagram")
    assert result.exit_code == 0, result.stdout
    drafts = result.json()["data"]["drafts"]
    assert [(d["platform"], d["format"]) for d in drafts] == [("x", "thread"), ("linkedin", "post"),
                                                              ("instagram", "carousel")]
    assert all(d["offline"] and "offline composer" in d["note"] for d in drafts)
    assert all(d["prompt_version_id"] for d in drafts)
    from psn.cli.state import ctx
    from psn.generate.drafts import list_drafts

    assert list_drafts(ctx().db) == []


def test_preview_human_output_says_offline(cli):
    cli(*ARCHETYPE)
    result = cli("voice", "preview", IDEA, "-p", "tiktok")
    assert result.exit_code == 0
    assert "offline composer" in result.stdout and "Waiting for your recording" in result.stdout


def test_preview_format_option(cli):
    cli(*ARCHETYPE)
    data = cli("--json", "voice", "preview", IDEA, "-p", "x", "-p", "instagram", "--format", "thread,instagram:reel")
    assert [d["format"] for d in data.json()["data"]["drafts"]] == ["thread", "reel"]
    bad = cli("--json", "voice", "preview", IDEA, "-p", "linkedin", "--format", "reel")
    assert bad.exit_code == 2 and "no 'reel' format on linkedin" in bad.json()["error"]["message"]
    assert cli("voice", "preview", IDEA, "-p", "x", "--format", "instagram:reel").exit_code == 2
    assert cli("voice", "preview", "-p", "x").exit_code == 2  # no idea at all
    assert cli("voice", "preview", IDEA, "-p", "friendster").exit_code == 2


def test_preview_from_the_idea_bank_leaves_the_idea_unused(cli):
    cli(*ARCHETYPE)
    cli("ideas", "add", IDEA)
    result = cli("--json", "voice", "preview", "--idea", "1", "-p", "linkedin")
    assert result.exit_code == 0 and result.json()["data"]["idea"] == IDEA
    assert cli("--json", "ideas", "show", "1").json()["data"]["stage"] == "spark"


def test_voice_show_counts_edits_to_drafts_in_words(cli):
    """An edit of a draft psn wrote feeds the calibration; `voice show` says "1 edit", then "2 edits"."""
    assert cli("--sandbox", *ARCHETYPE).exit_code == 0
    assert cli("--sandbox", "setup", "x").exit_code == 0
    assert cli("--sandbox", "post", IDEA, "-p", "x", "--yes").exit_code == 7  # saved, waiting for approval
    assert cli("--sandbox", "post", "edit", "1", "--text", "Flaky tests? Shared state. Isolate it.").exit_code == 0
    assert "From 1 edit to drafts: you change length by" in cli("--sandbox", "voice", "show").stdout
    assert cli("--sandbox", "post", "edit", "1", "--text", "Flaky tests come from shared state.").exit_code == 0
    assert "From 2 edits to drafts" in cli("--sandbox", "voice", "show").stdout

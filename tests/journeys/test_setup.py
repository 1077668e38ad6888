"""The first run (issue 15): `psn setup` on a real terminal from a fresh home, the way a person
goes through it — bad answers asked again, a platform that fails while the others connect, a
second run that shows what is set, Ctrl-C that keeps the finished steps — and bare `psn`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.journeys.terminal import Terminal, journey_env, psn_executable

SANDBOX = {"PSN_SANDBOX": "1", "PSN_NOW": "2026-03-02T09:00:00+00:00"}
# The registry's order in the platform checklist: blog, facebook, instagram, linkedin, tiktok,
# whatsapp, wordpress, x. WordPress cannot connect in the sandbox (its sandbox password is refused).
DOWN_TO_WORDPRESS = 6


def psn(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI without a terminal, in the same (sandbox) home as the journey."""
    return subprocess.run([psn_executable(), *args], env=journey_env(home, SANDBOX), capture_output=True,
                          text=True, timeout=60, check=False)


def psn_json(home: Path, *args: str):  # type: ignore[no-untyped-def]
    done = psn(home, "--json", *args)
    return json.loads(done.stdout)


def config(home: Path) -> dict[str, dict]:
    return {row["key"]: row for row in psn_json(home, "config", "show")["data"]}


def enter_until(term: Terminal, needle: str, limit: int = 40) -> str:
    """Accept every prefilled answer with Enter until `needle` is asked (the voice interview has many
    questions whose defaults are fine)."""
    for _ in range(limit):
        screen = term.settle(0.25)
        if needle in screen:
            return screen
        term.press("enter")
    raise AssertionError(f"{needle!r} never asked:\n{term.text()}")


def replace_answer(term: Terminal, text: str) -> None:
    """Clear the prefilled default, type `text`, press Enter."""
    term.press("ctrl-u")
    term.answer(text)


def seed_everything(home: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A configured home through the flags (each step's non-interactive path), run in this process:
    it is the starting point, not the journey, and five interpreter starts cost more than the test."""
    from psn.cli.app import main

    env = journey_env(home, SANDBOX)
    for key in ("PSN_HOME", "PSN_SECRETS", "PSN_SANDBOX", "PSN_NOW", "HOME"):
        monkeypatch.setenv(key, env[key])
    steps = [("setup", "voice", "--archetype", "educator", "--name", "Ada", "--pillar", "pottery",
              "--pillar", "glazing", "--pillar", "kilns"),
             ("setup", "timezone", "Europe/Paris"), ("setup", "llm", "--provider", "offline"),
             ("setup", "x"), ("setup", "engage", "--quiet-hours", "22:00-07:00")]
    for argv in steps:
        assert main(list(argv)) == 0, argv


def test_first_run_walks_every_step_re_asks_bad_answers_and_stores_them(terminal, home):
    term = terminal("setup", env=SANDBOX)
    term.wait_for("Welcome to psn. 5 short steps: voice profile, timezone, writer, platforms, engagement rules.")
    term.wait_for("Step 1 of 5: Voice profile")
    term.wait_for("How do you want to start?")
    term.press("enter")  # from an archetype
    term.wait_for("Which sounds most like you?")
    term.press("enter")
    term.wait_for("Who do drafts speak as?")
    replace_answer(term, "Ada, potter")
    term.wait_for("Your content pillars")
    replace_answer(term, "pottery, glazing, kilns")
    term.wait_for("Formality")
    term.answer("11")  # out of range: asked again with the reason, nothing lost
    term.wait_for("A whole number from 0 to 10")
    term.press("backspace", "backspace")
    enter_until(term, "Where do you post?")
    term.press("down", "space", "enter")  # X only (LinkedIn was ticked): fewer questions
    enter_until(term, "Save this voice profile?")
    term.press("enter")
    term.wait_for("Saved voice profile version 1")

    term.wait_for("Step 2 of 5: Timezone")
    term.wait_for("Your timezone (IANA name")
    replace_answer(term, "Mars/Olympus")
    term.wait_for("unknown timezone 'Mars/Olympus'; use an IANA name such as Europe/Paris")
    replace_answer(term, "Europe/Paris")
    term.wait_for("Timezone: Europe/Paris (it is 10:00 there now).")

    term.wait_for("Step 3 of 5: Writer")
    term.wait_for("Who should write your drafts?")
    term.press("enter")  # the offline composer: no key, no network
    term.wait_for("Drafts will be written by the offline composer")

    term.wait_for("Step 4 of 5: Platforms")
    term.wait_for("Connect which platforms?")
    term.press(*["down"] * DOWN_TO_WORDPRESS, "space", "down", "space", "enter")
    term.wait_for("Connected X as @sandbox_creator.")
    term.wait_for("Connected 1 of 2 platforms.")
    assert "WordPress is not connected" in term.history()

    term.wait_for("Step 5 of 5: Engagement rules")
    term.wait_for("Watched now, from your voice pillars and additions: pottery, glazing, kilns")
    term.wait_for("More keywords to watch")
    term.answer("wheel throwing")
    term.wait_for("Watch which platforms?")
    term.press("enter")
    term.wait_for("Minutes between engagements")
    replace_answer(term, "ten")
    term.wait_for("Input should be a valid integer")
    replace_answer(term, "10")
    term.wait_for("Quiet hours")
    term.answer("10pm-7am")
    term.wait_for("quiet_hours looks like 22:00-07:00 (or empty for none)")
    replace_answer(term, "22:00-07:00")

    screen = term.wait_for("Next, try:")
    assert "✓ Voice profile     set (Ada, potter, 3 pillars: pottery, glazing, kilns)" in screen
    assert "✓ Timezone          Europe/Paris" in screen
    assert "✓ Writer            the offline composer" in screen
    assert "✓ Platforms         connected X (@sandbox_creator)" in screen
    assert ("✓ Engagement rules  4 keywords on x, linkedin, instagram, tiktok, facebook · 10 min cooldown · "
            "quiet 22:00-07:00") in screen
    assert 'psn post create "an idea in your words"' in screen
    assert term.wait_exit() == 0

    stored = config(home)
    assert stored["general.timezone"]["value"] == "Europe/Paris"
    assert stored["general.timezone"]["source"] == "file"
    assert stored["llm.provider"] == {**stored["llm.provider"], "value": "offline", "source": "file"}
    assert stored["engage.quiet_hours"]["value"] == "22:00-07:00"
    assert stored["engage.cooldown_minutes"]["value"] == 10
    assert stored["engage.keywords_add"]["value"] == ["wheel throwing"]
    accounts = psn_json(home, "accounts", "list")["data"]
    assert [(a["platform"], a["status"]) for a in accounts] == [("x", "connected")]
    voice = psn_json(home, "voice", "show")["data"]
    assert json.dumps(voice).count("pottery") >= 1
    assert "Ada, potter" in json.dumps(voice)


def test_second_run_shows_what_is_set_and_enter_keeps_each_step(terminal, home, monkeypatch):
    seed_everything(home, monkeypatch)
    before = config(home)
    term = terminal("setup", env=SANDBOX)
    term.wait_for("Steps already set show what they hold; Enter keeps them.")
    term.wait_for("Voice profile: set (Ada, 3 pillars: pottery, glazing, kilns) — change it? (y/N)")
    term.press("enter")
    term.wait_for("Timezone: Europe/Paris — change it? (y/N)")
    term.type("y")  # change just this one (a confirm takes y without Enter)
    term.wait_for("Your timezone (IANA name")
    replace_answer(term, "America/New_York")
    term.wait_for("Timezone: America/New_York")
    term.wait_for("Writer: the offline composer (no model, no key, no network) — change it? (y/N)")
    term.press("enter")
    term.wait_for("Platforms: connected X (@sandbox_creator) — change it? (y/N)")
    term.press("enter")
    term.wait_for("Engagement rules: 3 keywords on x, linkedin, instagram, tiktok, facebook · 5 min cooldown")
    term.wait_for("· 5 min cooldown · quiet 22:00-07:00 — change")  # the line wraps at 120 columns
    term.press("enter")
    term.wait_for("Next, try:")
    assert term.wait_exit() == 0

    after = config(home)
    assert after["general.timezone"]["value"] == "America/New_York"
    assert {k: v for k, v in after.items() if k != "general.timezone"} == \
           {k: v for k, v in before.items() if k != "general.timezone"}
    assert len(psn_json(home, "voice", "history")["data"]) == 1  # kept, not saved again


def test_ctrl_c_mid_wizard_keeps_the_finished_steps_and_says_so(terminal, home):
    assert psn(home, "setup", "voice", "--archetype", "educator", "--pillar", "pottery").returncode == 0
    term = terminal("setup", env=SANDBOX)
    term.wait_for("Voice profile: set (1 pillar: pottery) — change it? (y/N)")
    term.press("enter")
    term.wait_for("Your timezone (IANA name")
    replace_answer(term, "Asia/Tokyo")
    term.wait_for("Who should write your drafts?")
    term.press("ctrl-c")
    screen = term.wait_for("Setup stopped.")
    assert term.wait_exit() == 130
    history = " ".join(term.history().split())
    assert "Saved: Voice profile, Timezone. Not finished: Writer, Platforms, Engagement rules." in history
    assert "Run `psn setup` again: what is saved shows as set" in history
    assert "Traceback" not in screen

    stored = config(home)
    assert stored["general.timezone"]["value"] == "Asia/Tokyo"
    assert stored["llm.provider"]["source"] == "default"
    assert psn_json(home, "voice", "show")["ok"] is True


def test_a_failing_step_is_reported_offered_again_and_the_wizard_goes_on(terminal, home, tmp_path):
    one_post = tmp_path / "posts.txt"
    one_post.write_text("Just one post about glazes.\n", encoding="utf-8")
    term = terminal("setup", env=SANDBOX)
    term.wait_for("How do you want to start?")
    term.press("down", "enter")  # import past posts
    term.wait_for("File of past posts")
    term.answer(str(tmp_path / "missing.txt"))
    term.wait_for("No such file")  # asked again at the prompt
    term.press("ctrl-u")
    term.answer(str(one_post))
    term.wait_for("Try the voice profile step again? (Y/n)")
    assert "needs at least 3" in " ".join(term.history().split())
    term.type("n")
    term.wait_for("Skipped. Set it later with `psn setup voice`.")
    term.wait_for("Your timezone (IANA name")  # the wizard went on
    term.press("ctrl-c")
    assert term.wait_exit() == 130
    history = " ".join(term.history().split())
    assert "Saved: nothing yet. Not finished: Voice profile, Timezone, Writer, Platforms, Engagement rules." in history
    assert config(home)["general.timezone"]["source"] == "default"
    assert psn_json(home, "voice", "show")["ok"] is False  # the refused file saved nothing


def test_bare_psn_on_a_fresh_home_says_start_with_setup(home):
    fresh = subprocess.run([psn_executable()], env=journey_env(home), capture_output=True, text=True, timeout=30,
                           check=False)
    assert fresh.returncode == 0
    assert "Nothing is set up here yet: start with" in fresh.stdout
    assert "psn setup" in fresh.stdout
    as_json = subprocess.run([psn_executable(), "--json"], env=journey_env(home), capture_output=True, text=True,
                             timeout=30, check=False)
    assert json.loads(as_json.stdout) == {"ok": True, "data": {"set_up": False, "start_with": "psn setup"}}
    assert not home.exists()  # looking created nothing

    done = subprocess.run([psn_executable(), "setup", "timezone", "UTC"], env=journey_env(home),
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    configured = subprocess.run([psn_executable()], env=journey_env(home), capture_output=True, text=True,
                                timeout=30, check=False)
    assert configured.returncode == 0
    assert configured.stdout.startswith("Usage: psn [OPTIONS] COMMAND [ARGS]...")
    assert "Nothing is set up" not in configured.stdout

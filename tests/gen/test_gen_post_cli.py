"""`psn post` with generation, end to end against the X emulator (and stand-ins for platforms
whose adapters have not landed): offline composer, mocked hosted model, --yes, --dry-run, --at,
the idea bank, waiting for media, edit, show, cancel."""

import io
import json
from datetime import UTC, datetime

from post_helpers import IDEA, sandbox_ctx, write_and_approve, x_posts


def at(value):
    return datetime.fromisoformat(value).astimezone(UTC)


def llm_calls():
    from psn.llm.usage import usage_summary

    context = sandbox_ctx()
    return usage_summary(context.db, context.clock.now()).calls


def stored_drafts():
    from psn.generate.drafts import list_drafts

    return list_drafts(sandbox_ctx().db)


def test_idea_to_published_thread_with_the_offline_composer(posting):
    saved = posting("--sandbox", "--json", "post", IDEA, "-p", "x", "--yes")
    assert saved.exit_code == 7 and x_posts() == []  # psn wrote it and nobody saw it: kept for approval
    [kept] = saved.json()["error"]["details"]["saved"]
    draft = posting("--sandbox", "--json", "post", "show", str(kept["id"])).json()["data"]["generated"]
    assert draft["format"] == "thread" and draft["offline"] and draft["body"]["text"] == kept["text"]
    result = posting("--sandbox", "--json", "post", "approve", str(kept["id"]), "--yes")
    assert result.exit_code == 0, result.stdout
    published = result.json()["data"]
    assert published["status"] == "published" and published["format"] == "thread"
    assert [p["text"] for p in x_posts()] == [draft["body"]["text"], *draft["body"]["parts"]]
    stored = stored_drafts()[0]
    assert stored.status == "published" and stored.outputs[0].status == "published"
    assert stored.outputs[0].prompt_version_id == draft["prompt_version_id"]
    from psn.publishing.records import get_content

    row = get_content(sandbox_ctx(), published["id"])
    assert row.draft_id == stored.id and row.prompt_version_id == draft["prompt_version_id"]


def test_dry_run_saves_and_sends_nothing(posting):
    result = posting("--sandbox", "--json", "post", IDEA, "-p", "x", "-p", "linkedin", "-p", "instagram", "--dry-run")
    assert result.exit_code == 0, result.stdout
    data = result.json()["data"]
    assert data["dry_run"] and [d["platform"] for d in data["drafts"]] == ["x", "linkedin", "instagram"]
    assert stored_drafts() == [] and x_posts() == []
    assert posting("--sandbox", "--json", "post", "list").json()["data"] == []
    human = posting("--sandbox", "post", IDEA, "-p", "x", "--dry-run")
    assert "Dry run: nothing was saved or sent." in human.stdout


def test_no_terminal_without_yes_fails_before_any_model_call(posting):
    result = posting("--sandbox", "--json", "post", IDEA, "-p", "x")
    assert result.exit_code == 2 and "--yes" in result.json()["error"]["hint"]
    assert llm_calls() == 0 and stored_drafts() == []


def test_not_connected_or_not_publishable_fails_before_any_model_call(posting, monkeypatch):
    from psn.platforms import registry

    without_tiktok = {name: spec for name, spec in registry.all_specs().items() if name != "tiktok"}
    monkeypatch.setattr(registry, "_cache", without_tiktok)  # a platform psn drafts for but has no adapter for
    tiktok = posting("--sandbox", "--json", "post", IDEA, "-p", "tiktok", "--yes")
    assert tiktok.exit_code == 2 and "--dry-run" in tiktok.json()["error"]["hint"]
    linkedin = posting("--sandbox", "--json", "post", IDEA, "-p", "linkedin", "--yes")
    assert linkedin.exit_code == 3 and "psn setup linkedin" in linkedin.json()["error"]["hint"]
    posting("--sandbox", "accounts", "disconnect", "x")
    x = posting("--sandbox", "--json", "post", IDEA, "-p", "x", "--yes")
    assert x.exit_code == 3 and "psn setup x" in x.json()["error"]["hint"]
    assert llm_calls() == 0


def test_no_idea_suggests_topics(posting):
    posting("--sandbox", "ideas", "add", "Why I stopped mocking the database", "--stage", "ready")
    result = posting("--sandbox", "--json", "post", "-p", "x")
    assert result.exit_code == 2
    suggestions = result.json()["error"]["details"]["suggestions"]
    assert len(suggestions) == 3
    assert suggestions[0].startswith("Idea 1 (ready): Why I stopped mocking")
    assert "python testing" in suggestions[1]


def test_idea_from_the_bank_is_used_once(posting):
    posting("--sandbox", "ideas", "add", "Fixtures beat setup methods.", "-p", "x")
    assert posting("--sandbox", "post", "--idea", "1", "--dry-run").exit_code == 0
    assert posting("--sandbox", "--json", "ideas", "show", "1").json()["data"]["stage"] == "spark"
    [result] = write_and_approve(posting, "--idea", "1")  # platforms from the idea's tags
    assert result.exit_code == 0, result.stdout
    assert stored_drafts()[0].idea_id == 1
    assert posting("--sandbox", "--json", "ideas", "show", "1").json()["data"]["stage"] == "used"
    again = posting("--sandbox", "--json", "post", "--idea", "1", "--yes")
    assert again.exit_code == 2 and "used" in again.json()["error"]["message"]
    assert posting("--sandbox", "post", "text", "--idea", "1", "-p", "x", "--yes").exit_code == 2


def test_near_duplicate_is_refused_with_yes_unless_allowed(posting):
    assert write_and_approve(posting, "Fixtures beat setup methods.", "-p", "x")[0].exit_code == 0
    again = posting("--sandbox", "--json", "post", "Fixtures beat setup methods!", "-p", "x", "--yes")
    assert again.exit_code == 2 and "--allow-duplicate" in again.json()["error"]["hint"]
    assert again.json()["error"]["details"]["earlier"].startswith("Fixtures beat setup methods.")
    [forced] = write_and_approve(posting, "Fixtures beat setup methods!", "-p", "x", "--allow-duplicate")
    assert forced.exit_code == 0 and len(x_posts()) == 2  # near, not identical: X accepts it
    [identical] = write_and_approve(posting, "Fixtures beat setup methods.", "-p", "x", "--allow-duplicate")
    assert identical.exit_code == 4  # the emulator, like X, refuses an exact duplicate (403)
    assert "duplicate" in identical.json()["error"]["message"]
    assert stored_drafts()[0].outputs[0].status == "failed"
    failed = posting("--sandbox", "--json", "post", "list", "--status", "failed").json()["data"]
    assert len(failed) == 1 and failed[0]["text"] == "Fixtures beat setup methods. #pythontesting"


def test_schedule_at_a_time_in_the_creators_timezone(posting, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T09:00:00Z")
    posting("--sandbox", "config", "set", "general.timezone", "Europe/Paris")
    [result] = write_and_approve(posting, IDEA, "-p", "x", "--at", "2026-12-01 09:00")
    assert result.exit_code == 0, result.stdout
    row = result.json()["data"]
    assert row["status"] == "scheduled" and at(row["scheduled_at"]) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert x_posts() == [] and stored_drafts()[0].status == "scheduled"
    past = posting("--sandbox", "--json", "post", "Another idea.", "-p", "x", "--at", "2026-11-20 09:00", "--yes")
    assert past.exit_code == 2 and llm_calls() == 1


def test_next_slot_skips_taken_slots_and_the_daemon_publishes_when_due(posting, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T10:00:00Z")
    posting("--sandbox", "config", "set", "generation.posting_times", '["12:30", "17:30"]')
    [first] = write_and_approve(posting, "First idea here.", "-p", "x", "--at", "next-slot")
    [second] = write_and_approve(posting, "Second idea here.", "-p", "x", "--at", "next-slot")
    assert at(first.json()["data"]["scheduled_at"]) == datetime(2026, 11, 21, 12, 30, tzinfo=UTC)
    assert at(second.json()["data"]["scheduled_at"]) == datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    from psn.publishing.pipeline import publish_due

    context = sandbox_ctx()
    outcomes = publish_due(context, datetime(2026, 11, 21, 13, 0, tzinfo=UTC))
    assert [o["status"] for o in outcomes] == ["published"]
    assert [p["text"] for p in x_posts()] == ["First idea here. #pythontesting"]


def test_edit_a_scheduled_post_keeps_the_edit_for_calibration(posting, monkeypatch):
    monkeypatch.setenv("PSN_NOW", "2026-11-21T10:00:00Z")
    write_and_approve(posting, "Short idea about fixtures.", "-p", "x", "--at", "2026-11-22 09:00")
    too_long = posting("--sandbox", "--json", "post", "edit", "1", "--text", "a" * 300)
    assert too_long.exit_code == 2
    result = posting("--sandbox", "--json", "post", "edit", "1", "--text", "Fixtures, explained in one line.")
    assert result.exit_code == 0 and result.json()["data"]["text"] == "Fixtures, explained in one line."
    from psn.voice.calibration import recent_edits

    edits = recent_edits(sandbox_ctx().db)
    assert len(edits) == 1 and edits[0].before == "Short idea about fixtures. #pythontesting"
    assert edits[0].after == "Fixtures, explained in one line." and edits[0].prompt_version_id
    assert stored_drafts()[0].outputs[0].body.text == "Fixtures, explained in one line."
    moved = posting("--sandbox", "--json", "post", "edit", "1", "--at", "2026-11-23 10:00")
    assert at(moved.json()["data"]["scheduled_at"]) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert posting("--sandbox", "--json", "voice", "show").json()["data"]["calibration"]["edits"] == 1


def test_edit_in_the_editor_and_refusals(posting, monkeypatch):
    from psn.cli import prompts

    write_and_approve(posting, "Short idea about fixtures.", "-p", "x", "--at", "next-slot")
    assert posting("--sandbox", "--json", "post", "edit", "1").exit_code == 2  # no terminal, no flags
    write_and_approve(posting, "Published right away.", "-p", "x")
    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setattr(prompts, "edit_text", lambda text, suffix=".txt": text.replace("Short", "Tiny"))
    assert posting("--sandbox", "--json", "post", "edit", "1").json()["data"]["text"].startswith("Tiny idea")
    assert posting("--sandbox", "post", "edit", "2", "--text", "too late").exit_code == 2


def test_show_and_cancel(posting):
    posting("--sandbox", "post", IDEA, "-p", "x", "--at", "next-slot", "--yes")
    shown = posting("--sandbox", "--json", "post", "show", "1").json()["data"]
    generated = shown["generated"]
    assert generated["idea"] == IDEA and generated["format"] == "thread" and generated["offline"]
    assert generated["format_reason"] and generated["prompt_version_id"]
    human = posting("--sandbox", "post", "show", "1")
    assert "Written by the offline composer" in human.stdout
    assert posting("--sandbox", "post", "cancel", "1").exit_code == 0
    assert stored_drafts()[0].outputs[0].status == "cancelled"


def test_given_text_can_be_previewed_or_scheduled(posting):
    dry = posting("--sandbox", "--json", "post", "-p", "x", "--text", "Exactly this.", "--dry-run")
    assert dry.exit_code == 0 and dry.json()["data"]["requests"][0]["text"] == "Exactly this."
    scheduled = posting("--sandbox", "--json", "post", "-p", "x", "--text", "Exactly this.", "--at", "next-slot",
                        "--yes")
    assert scheduled.exit_code == 0 and scheduled.json()["data"]["scheduled"][0]["status"] == "scheduled"
    assert x_posts() == []
    assert posting("--sandbox", "post", "an idea", "-p", "x", "--text", "and text").exit_code == 2
    assert posting("--sandbox", "post", "an idea", "-p", "x", "--thread", "--yes").exit_code == 2


def test_mocked_anthropic_writes_the_post(posting, httpx_mock, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-ant-test-key-000\n"))
    posting("--sandbox", "setup", "llm", "--provider", "anthropic", "--api-key-stdin", "--no-check")
    text = "Flaky tests? Check shared state before you blame timing. " * 6  # too long: --yes shortens it
    httpx_mock.add_response(method="POST", url="https://api.anthropic.com/v1/messages", json={
        "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": json.dumps({"text": text.strip()})}],
        "usage": {"input_tokens": 900, "output_tokens": 120}, "stop_reason": "end_turn",
    })
    saved = posting("--sandbox", "--json", "post", IDEA, "-p", "x", "--format", "single", "--yes")
    assert saved.exit_code == 7, saved.stdout
    [kept] = saved.json()["error"]["details"]["saved"]
    assert len(kept["text"]) <= 280 and kept["text"] != text.strip()  # shortened before it was saved
    draft = posting("--sandbox", "--json", "post", "show", str(kept["id"])).json()["data"]["generated"]
    assert draft["provider"] == "anthropic" and not draft["offline"]
    assert posting("--sandbox", "--json", "post", "approve", str(kept["id"]), "--yes").exit_code == 0
    assert x_posts()[0]["text"] == kept["text"]
    request = httpx_mock.get_request()
    assert request.headers["x-api-key"] == "sk-ant-test-key-000"
    assert IDEA in json.loads(request.content)["messages"][0]["content"]

"""The generation service end to end with the offline composer and with a scripted model."""

import json
from datetime import timedelta

import pytest

from psn.core.errors import BadInput
from psn.generate.drafts import get_draft, list_drafts, save_draft, set_draft_status, update_output
from psn.generate.formats import FORMATS
from psn.generate.learn_prompts import render_learn_prompt
from psn.generate.models import DraftBody, RecentPost
from psn.generate.picker import MediaSummary
from psn.generate.prompt_versions import list_versions
from psn.generate.service import DraftRequest, Generator, parse_draft_body
from psn.llm.base import Completion, ProviderInfo
from psn.llm.usage import LLM, usage_summary

IDEA = ("Most flaky tests come from shared state, not timing. Give every test its own temp directory. "
        "Reset globals in a fixture. Never depend on test order.")


class ScriptedModel:
    """A stand-in for a hosted model: returns canned answers and keeps the prompts it saw."""

    def __init__(self, *answers):
        self.info = ProviderInfo(name="anthropic", model="claude-test", base_url="https://api.anthropic.com",
                                 offline=False, needs_key=True)
        self.answers, self.prompts = list(answers), []

    def complete(self, system, messages, max_tokens, temperature):
        self.prompts.append((system, messages[-1].content))
        return Completion(self.answers.pop(0), "anthropic", "claude-test", 900, 120)


def online(db, clock, voice, *answers):
    model = ScriptedModel(*answers)
    return Generator(llm=LLM(model, db, clock), db=db, clock=clock, voice=voice), model


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.template)
def test_offline_drafts_fit_every_platform_and_record_their_prompt(generator, db, spec):
    draft = generator.draft(DraftRequest(idea=IDEA * 8, platform=spec.platform, format=spec.name))
    assert draft.errors == [], draft.issues
    assert draft.offline and draft.note and "offline composer" in draft.note
    assert draft.prompt_name == spec.template
    assert draft.prompt_version_id in {v.id for v in list_versions(db, spec.template)}


def test_several_platforms_from_one_idea(generator, db, clock):
    drafts = [generator.draft(DraftRequest(idea=IDEA, platform=p)) for p in ("x", "linkedin", "instagram")]
    expected = [("x", "thread"), ("linkedin", "post"), ("instagram", "carousel")]
    assert [(d.platform, d.format) for d in drafts] == expected
    assert all(d.format_reason for d in drafts)
    assert usage_summary(db, clock.now()).calls == 3


def test_video_without_media_awaits_the_recording(generator):
    draft = generator.draft(DraftRequest(idea=IDEA, platform="tiktok", format="video"))
    assert draft.awaiting_media and draft.body.script and draft.body.script.beats
    with_video = generator.draft(DraftRequest(idea=IDEA, platform="tiktok", media=MediaSummary(videos=1)))
    assert with_video.format == "video" and not with_video.awaiting_media


def test_bad_format_or_platform_is_refused_before_any_call(generator, db, clock):
    with pytest.raises(BadInput):
        generator.draft(DraftRequest(idea=IDEA, platform="instagram", format="thread"))
    with pytest.raises(BadInput):
        generator.draft(DraftRequest(idea=IDEA, platform="friendster"))
    assert usage_summary(db, clock.now()).calls == 0


def test_near_duplicates_are_flagged(generator, clock):
    recent = [RecentPost(platform="linkedin", text=IDEA, published_at=clock.now() - timedelta(days=1), ref="urn:1")]
    draft = generator.draft(DraftRequest(idea=IDEA, platform="linkedin", recent=recent))
    assert draft.duplicates and draft.duplicates[0].ref == "urn:1"


def test_model_answers_are_parsed_checked_and_not_silently_fixed(db, clock, voice):
    long_post = {"text": "word " * 80, "hashtags": ["#python"], "parts": []}
    generator, model = online(db, clock, voice, "```json\n" + json.dumps(long_post) + "\n```")
    draft = generator.draft(DraftRequest(idea=IDEA, platform="x", format="single"))
    assert not draft.offline and draft.provider == "anthropic" and draft.note is None
    assert [i.code for i in draft.errors] == ["too_long"]
    assert draft.fixes_available == ["shorten", "split_into_thread"]
    assert "python testing" in model.prompts[0][0] and "```psn-brief" in model.prompts[0][1]
    threaded = generator.fix(draft, "split_into_thread")
    assert threaded.format == "thread" and threaded.errors == [] and threaded.applied_fixes == ["split_into_thread"]


def test_model_pick_is_used_only_when_it_names_a_possible_format(db, clock, voice):
    post = json.dumps({"text": "Caption", "slides": ["a", "b"]})
    generator, _ = online(db, clock, voice, json.dumps({"format": "reel", "reason": "A quick demo works on video."}),
                          post)
    draft = generator.draft(DraftRequest(idea="One thought only.", platform="instagram"))
    assert (draft.format, draft.format_reason) == ("reel", "A quick demo works on video.")
    generator, _ = online(db, clock, voice, json.dumps({"format": "thread", "reason": "nonsense"}), post)
    draft = generator.draft(DraftRequest(idea="One thought only.", platform="instagram"))
    assert (draft.format, draft.format_reason) == ("carousel", "your voice profile prefers carousel on instagram")


def test_plain_text_answers_become_the_post_text():
    body, note = parse_draft_body("Just a post, no JSON.")
    assert body.text == "Just a post, no JSON." and note is None
    body, _ = parse_draft_body('{"text": "T", "parts": "not a list"}')
    assert body.text == "T" and body.parts == []


def test_repurpose_rewrites_for_another_platform(generator):
    draft = generator.repurpose(DraftRequest(idea=IDEA, platform="linkedin"), source_platform="x")
    assert draft.prompt_name == "repurpose" and draft.platform == "linkedin"
    assert draft.body.text.startswith("Most flaky tests")


def test_learn_prompts_render_for_the_loop(db, clock, voice):
    prompt = render_learn_prompt(db, clock, voice, task="mutate", platform="x", prompt_name="post/x-single",
                                 prompt_body="{# psn:begin voice #}…{# psn:end voice #}", critique="Too long.")
    assert "Too long." in prompt.rendered.user and "{# psn:begin voice #}" in prompt.rendered.user
    assert prompt.prompt_version_id > 0


def test_drafts_are_saved_with_their_prompt_versions(generator, db, clock):
    drafts = [generator.draft(DraftRequest(idea=IDEA, platform=p)) for p in ("x", "tiktok")]
    stored = save_draft(db, IDEA, drafts, clock.now())
    assert [o.status for o in stored.outputs] == ["draft", "awaiting_media"]
    assert [o.prompt_version_id for o in stored.outputs] == [d.prompt_version_id for d in drafts]
    assert stored.outputs[0].offline
    edited = update_output(db, stored.outputs[0].id, clock.now(), body=DraftBody(text="Edited"), status="approved")
    assert edited.body.text == "Edited" and edited.status == "approved"
    set_draft_status(db, stored.id, "cancelled", clock.now())
    assert get_draft(db, stored.id).status == "cancelled"
    assert [d.id for d in list_drafts(db, ["cancelled"])] == [stored.id]
    with pytest.raises(BadInput):
        update_output(db, stored.outputs[0].id, clock.now(), status="exploded")
    with pytest.raises(BadInput):
        get_draft(db, 999)


def test_no_model_is_asked_the_format_when_the_media_or_the_length_decides(db, clock, voice):
    generator, model = online(db, clock, voice, json.dumps({"format": "single", "reason": "short is better"}))
    long_idea = "Shared state makes tests flaky. " * 12  # over 280 characters: X must be a thread
    pick = generator.pick(DraftRequest(idea=long_idea, platform="x"))
    assert (pick.format, pick.decided) == ("thread", True)
    short = generator.pick(DraftRequest(idea="One thought only.", platform="x"))
    assert (short.format, short.reason) == ("single", "short is better")  # a real choice: the model was asked
    assert len(model.prompts) == 1


def test_a_bare_format_name_from_a_small_model_is_understood():
    from psn.generate.service import read_format_answer

    assert read_format_answer("carousel", ["image", "carousel", "reel"]) == ("carousel", "")
    assert read_format_answer("I would go with a Reel here.", ["image", "carousel", "reel"]) == ("reel", "")
    assert read_format_answer("image or carousel", ["image", "carousel", "reel"]) == (None, "")

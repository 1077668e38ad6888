"""Noticing answers a small model did not really write (psn/llm/echo.py): logic only; the journeys
in tests/journeys/test_llm_failures.py prove what a person sees."""

from psn.llm.echo import echo_problem
from psn.llm.progress import describe

PROMPT = ('Draft 3 different replies to the X post below.\n'
          '- Add something: a question, a concrete angle, agreement with a reason. Never flattery alone.\n'
          'Answer with a single JSON object and nothing else: {"options": ["first reply", "second reply", …]}.\n'
          '```psn-brief\n{"post": "Shared state makes tests flaky", "tone": "warm and encouraging"}\n```')
POST = "Shared state makes tests flaky"


def test_a_written_reply_passes():
    assert echo_problem("Which fixture resets your globals first?", PROMPT, own_text=POST) is None
    assert echo_problem("Shared state makes tests flaky, agreed: temp dirs fixed ours.", PROMPT, own_text=POST) is None


def test_placeholders_and_copied_instructions_are_named():
    assert "placeholder" in echo_problem("First reply", PROMPT, own_text=POST)
    copied = "Add something: a question, a concrete angle, agreement with a reason."
    assert echo_problem(copied, PROMPT, own_text=POST) == "it repeats the prompt's instructions"
    meta = "The creator wants it in JSON format only, with three options."
    assert echo_problem(meta, PROMPT, own_text=POST) == "it talks about the request instead of answering it"


def test_the_brief_is_data_a_reply_may_reuse():
    assert echo_problem("warm and encouraging", PROMPT, own_text=POST) is None
    assert echo_problem("", PROMPT) is None


def test_what_is_being_written_in_words():
    assert describe("post:x:single") == "Writing the X post (single)"
    assert describe("post:linkedin:post") == "Writing the LinkedIn post"
    assert describe("repurpose:instagram:carousel") == "Rewriting the Instagram post (carousel)"
    assert describe("reply:linkedin") == "Drafting LinkedIn replies"
    assert describe("pick_format:tiktok") == "Choosing the TikTok format"
    assert describe("learn:mutate:x/single") == "Learning for x/single: mutate"

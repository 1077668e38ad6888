"""The offline composer's learning steps are deterministic, and guardrails refuse bad children."""

from psn.generate.templates import protected_blocks, read_template
from psn.learn.guardrails import changed_lines, rejection
from psn.llm.offline import answer_brief
from psn.llm.offline.learn import add_bullets, free_bullets

BODY = read_template("post/x-single")
EXAMPLES = [{"score": 90, "text": "Short line.\nWhat would you do?"},
            {"score": 3, "text": "A much longer post that goes on and on about everything #a #b #c"}]


def test_critique_turns_differences_into_guidance():
    out = answer_brief({"task": "critique", "examples": EXAMPLES})
    assert len(out["suggestions"]) == 4
    assert out["suggestions"][0].startswith("Keep it short")
    assert answer_brief({"task": "critique", "examples": EXAMPLES[:1]})["suggestions"] == []


def test_mutate_adds_guidance_outside_protected_blocks_and_is_seeded():
    critique = answer_brief({"task": "critique", "examples": EXAMPLES})
    child = answer_brief({"task": "mutate", "prompt_body": BODY, "critique": critique, "seed": 1})["prompt"]
    assert protected_blocks(child) == protected_blocks(BODY)
    assert "- Keep it short" in child and rejection([BODY], child, 12) is None
    plain = [answer_brief({"task": "mutate", "prompt_body": BODY, "critique": {}, "seed": s})["prompt"]
             for s in (7, 7, 8)]
    assert plain[0] == plain[1]  # same seed, same rewrite
    assert all(changed_lines(BODY, p) == 1 for p in plain)


def test_crossover_adds_the_second_parents_bullets():
    other = add_bullets(BODY, ["Name the reader."])
    child = answer_brief({"task": "crossover", "parents": [{"body": BODY}, {"body": other}]})["prompt"]
    assert child == other
    assert "- Name the reader." in free_bullets(child)


def test_guardrails_refuse_lost_voice_changed_rules_big_or_empty_edits():
    voice = protected_blocks(BODY)["voice"]
    assert "voice block is missing" in rejection([BODY], BODY.replace(voice, ""), 12)
    rules = protected_blocks(BODY)["rules"]
    assert "rules block was changed" in rejection([BODY], BODY.replace(rules, rules.replace("include", "include ")), 12)
    many = add_bullets(BODY, [f"Rule {i}." for i in range(5)])
    assert "at most 3" in rejection([BODY], many, 3)
    assert rejection([BODY], BODY, 12) == "the rewrite changed nothing"
    assert rejection([BODY], "  ", 12) == "the rewrite was empty"
    assert "not a valid template" in rejection([BODY], add_bullets(BODY, ["{% if %}"]), 12)
